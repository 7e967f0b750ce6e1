import fc from 'fast-check';
import { recordProjection, type ProjectionNode } from '../../../packages/cli/lib/simulate/input/projection';
import { scanLogDocument } from '../../../packages/cli/lib/simulate/input/scan-document';

/**
 * scanLogDocument against JSON.parse itself: for every document it reads, each record's projection must equal what
 * JSON.parse gives for the record with the skipped keys left out, and it must never read a text JSON.parse rejects.
 */

const PATTERN_FIELDS = ['detail.userIdentity.accessKeyId', 'detail..x', 'detail.sourceIPAddress', 'detail.a.b', 'detail.__proto__.x', 'account', 'detail-type'];
const PROJECTION = recordProjection(PATTERN_FIELDS, true)!;

/** An object written key by key (so keys can repeat and be spelled with escapes). */
class Obj {
  constructor(readonly entries: ReadonlyArray<readonly [Key, V]>) {}
}
/** A key and whether to write some of its characters as \uXXXX. */
interface Key {
  readonly name: string;
  readonly escape: boolean;
}
/** A JSON number written with exactly this text. */
class Num {
  constructor(readonly text: string) {}
}
type V = Obj | Num | string | boolean | null | V[];

const SPACE = fc.constantFrom('', '', '', ' ', '\n', '\t', '\r\n ');

/** Writes `s` as a JSON string, escaping characters as \uXXXX when `escape`, and some with short escapes. */
function str(s: string, escape: boolean): string {
  const json = JSON.stringify(s);
  if (!escape) return json;
  return `"${[...s].map((c, i) => (i % 2 === 0 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(c).slice(1, -1))).join('')}"`;
}

function write(v: V, ws: string): string {
  if (v instanceof Num) return v.text;
  if (v instanceof Obj) return `{${ws}${v.entries.map(([k, x]) => `${str(k.name, k.escape)}${ws}:${ws}${write(x, ws)}`).join(`,${ws}`)}${ws}}`;
  if (Array.isArray(v)) return `[${ws}${v.map((x) => write(x, ws)).join(`,${ws}`)}${ws}]`;
  return JSON.stringify(v);
}

const keyName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('eventType', 'eventSource', 'eventID', 'recipientAccountId', 'eventTime', 'awsRegion', 'eventName', 'readOnly') },
  { weight: 3, arbitrary: fc.constantFrom('userIdentity', 'accessKeyId', 'sourceIPAddress', 'userIdentity.accessKeyId', 'a', 'b', 'a.b', 'x') },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'detail-type', 'detail', '') },
  { weight: 2, arbitrary: fc.string({ maxLength: 6 }) },
);
const key: fc.Arbitrary<Key> = fc.record({ name: keyName, escape: fc.boolean() }).map((k) => ({ ...k, escape: k.escape && k.name.length > 0 }));
const num = fc
  .constantFrom('0', '-0', '1', '-12', '3.25', '1e3', '1E+2', '2.5e-3', '12345678901234567890', '0.30000000000000001', '1e400')
  .map((t) => new Num(t));
const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('AKIAEXAMPLE', 'ASIAEXAMPLE', '203.0.113.9', 'a"b', 'c\\d', 'tab\there', '\u0001', '/'));
const leaf: fc.Arbitrary<V> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 2, arbitrary: num },
  { weight: 1, arbitrary: fc.constantFrom<V>(true, false, null) },
);

const value: fc.Arbitrary<V> = fc.letrec<{ v: V }>((tie) => ({
  v: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'v' },
    leaf,
    fc.array(fc.tuple(key, tie('v')), { maxLength: 4 }).map((es) => new Obj(es)),
    fc.array(tie('v'), { maxLength: 3 }),
  ),
})).v;

const record = fc.array(fc.tuple(key, value), { maxLength: 10 }).map((es) => new Obj(es));
const document = fc
  .record({
    before: fc.array(
      fc.tuple(
        key.filter((k) => k.name !== 'Records'),
        value,
      ),
      { maxLength: 2 },
    ),
    records: fc.array(record, { maxLength: 6 }),
    after: fc.array(
      fc.tuple(
        key.filter((k) => k.name !== 'Records'),
        value,
      ),
      { maxLength: 2 },
    ),
    ws: SPACE,
  })
  .map(({ before, records, after, ws }) => write(new Obj([...before, [{ name: 'Records', escape: false }, records], ...after]), ws));

/** What the projection of a parsed record must be: the kept keys only, with JSON.parse's values. */
function reference(v: unknown, node: ProjectionNode): unknown {
  if (Array.isArray(v)) return v.map((x) => reference(x, node));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, child] of node.byName) {
    if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
    const x = (v as Record<string, unknown>)[k];
    Object.defineProperty(out, k, { value: child === null ? x : reference(x, child), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** What the scanner made of `text`: undefined when it declined, else each record's projection and whole record. */
function scan(text: string, projection: ProjectionNode = PROJECTION): Array<{ projected: unknown; full: unknown }> | undefined {
  const out: Array<{ projected: unknown; full: () => unknown }> = [];
  const read = scanLogDocument(Buffer.from(text, 'utf8'), projection, (projected, full) => out.push({ projected, full }));
  // full() only after the scan: a JSON.parse error inside the visitor would read as the scanner declining
  return read ? out.map(({ projected, full }) => ({ projected, full: full() })) : undefined;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Checks scanned results of `text` against JSON.parse: same records, each projected as `reference` says. */
function expectFaithful(text: string, scanned: Array<{ projected: unknown; full: unknown }>): void {
  const records = (JSON.parse(text) as { Records: unknown[] }).Records;
  expect(scanned.map((r) => r.full)).toEqual(records);
  expect(scanned.map((r) => r.projected)).toEqual(records.map((r) => reference(r, PROJECTION)));
}

describe('scanLogDocument', () => {
  test('reads every generated log document exactly as JSON.parse does, keeping only the projection', () => {
    fc.assert(
      fc.property(document, (text) => {
        const scanned = scan(text);
        expect(scanned).toBeDefined(); // every generated document is ASCII and has one Records array of objects
        expectFaithful(text, scanned!);
      }),
      { numRuns: 1500, seed: 20261127 },
    );
  });

  test('never reads a text JSON.parse rejects: mutated documents', () => {
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('delete', 'insert', 'replace', 'truncate'),
      char: fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '\\', ' ', '\u0001', '\u000b', '\f', '0', '-', '.', 'e', '+', 't', 'u', 'n', 'x'),
    });
    let rejected = 0;
    let read = 0;
    fc.assert(
      fc.property(document, mutation, (text, m) => {
        const at = m.at % (text.length + 1);
        const mutated =
          m.kind === 'delete'
            ? text.slice(0, at) + text.slice(at + 1)
            : m.kind === 'insert'
              ? text.slice(0, at) + m.char + text.slice(at)
              : m.kind === 'replace'
                ? text.slice(0, at) + m.char + text.slice(at + 1)
                : text.slice(0, at);
        const scanned = scan(mutated);
        if (!parses(mutated)) {
          rejected++;
          expect(scanned).toBeUndefined();
        } else if (scanned !== undefined) {
          read++;
          expectFaithful(mutated, scanned);
        }
      }),
      { numRuns: 3000, seed: 7 },
    );
    expect(rejected).toBeGreaterThan(500);
    expect(read).toBeGreaterThan(100);
  });

  test.each([
    ['a number JSON.parse rejects', ['-', '01', '1.', '.5', '1e', '+1', '1e+', '-01', '0x10', '1.5e3.2', 'NaN', 'Infinity']],
    ['a literal JSON.parse rejects', ['tru', 'nul', 'falsey', 'True', 'nil']],
    ['a string JSON.parse rejects', ['"\\x"', '"\\u12G4"', '"a\tb"', '"\\"', '"a', '"\\U0041"']],
    ['whitespace JSON.parse rejects', ['\u000b1', '\f1', '\u00a01']],
  ])('declines %s', (_what, values) => {
    for (const v of values) {
      const text = `{"Records":[{"eventType":"AwsApiCall","skipped":${v}}]}`;
      expect(parses(text)).toBe(false);
      expect(scan(text)).toBeUndefined();
    }
  });

  test('reads the edge cases JSON.parse accepts, skipped and kept', () => {
    for (const v of ['-0', '0', '1E+2', '2.5e-3', '"\\/"', '"a\u007fb"', '"\\ud800"', '"\\u0041\\n"', 'true', 'null', ' \r\n\t1']) {
      const text = `{"Records":[{"eventType":"AwsApiCall","skipped":${v},"eventTime":${v}}]}`;
      expect(parses(text)).toBe(true);
      expectFaithful(text, scan(text)!);
    }
  });

  test('declines what it does not read itself, so the caller parses it whole', () => {
    const rec = '{"eventType":"AwsApiCall","eventSource":"s3.amazonaws.com"}';
    for (const text of [
      `{"Records":[${rec.replace('s3', 'sé')}]}`, // not ASCII (valid UTF-8 JSON)
      `\ufeff{"Records":[${rec}]}`, // a byte order mark
      `{"Records":[${rec}],"Records":[]}`, // JSON.parse keeps the last
      `{"Rec\\u006frds":[${rec}]}`, // "Records" spelled with an escape
      `{"Records":[${rec},1]}`, // a record that is not an object
      `{"Records":{}}`,
      `{"records":[${rec}]}`,
      `[${rec}]`,
      `{"Records":[${rec}]}{"Records":[]}`, // two documents
      `{"Records":[${rec}]}\n${rec}`,
      '',
    ]) {
      expect(scan(text)).toBeUndefined();
    }
  });

  test('skips deeply nested values without running out of stack, as JSON.parse does', () => {
    const depth = 100_000;
    const text = `{"Records":[{"eventType":"AwsApiCall","deep":${'['.repeat(depth)}${']'.repeat(depth)},"eventID":"x"}]}`;
    const projected: unknown[] = [];
    expect(scanLogDocument(Buffer.from(text), PROJECTION, (p) => projected.push(p))).toBe(true);
    expect(projected).toEqual([{ eventType: 'AwsApiCall', eventID: 'x' }]);
  });

  test('keeps a dotted event key, a repeated key (the last wins) and "__proto__" as an own key, as JSON.parse does', () => {
    const text = JSON.stringify({ Records: [{}] }).replace(
      '{}',
      '{"userIdentity":{"accessKeyId":"AKIA1"},"userIdentity.accessKeyId":"AKIA2","sourceIPAddress":"1.1.1.1","sourceIPAddress":{"x":1},"__proto__":{"x":"p","y":1}}',
    );
    const [{ projected }] = scan(text)!;
    expect(Object.keys(projected as object)).toEqual(['userIdentity', 'userIdentity.accessKeyId', 'sourceIPAddress', '__proto__']);
    expect(projected).toEqual({
      userIdentity: { accessKeyId: 'AKIA1' },
      'userIdentity.accessKeyId': 'AKIA2',
      sourceIPAddress: { x: 1 },
      ['__proto__']: { x: 'p' },
    });
    expect(Object.getPrototypeOf(projected)).toBe(Object.prototype);
  });
});

describe('recordProjection', () => {
  test('keeps the routing fields, every split of a pattern path, and the delivery fields only when asked', () => {
    const p = recordProjection(['detail.userIdentity.accessKeyId', 'source', 'account'], false)!;
    expect([...p.byName.keys()].sort()).toEqual(
      [
        'awsRegion',
        'detail',
        'detail-type',
        'eventID',
        'eventSource',
        'eventTime',
        'eventType',
        'recipientAccountId',
        'userIdentity',
        'userIdentity.accessKeyId',
      ].sort(),
    );
    expect(p.byName.get('userIdentity.accessKeyId')).toBeNull();
    expect([...p.byName.get('userIdentity')!.byName.keys()]).toEqual(['accessKeyId']);
    expect([...recordProjection([], true)!.byName.keys()]).toEqual(expect.arrayContaining(['managementEvent', 'eventCategory', 'readOnly', 'eventName']));
  });

  test('is undefined when a pattern reads the whole record', () => {
    expect(recordProjection(['detail', 'source'], false)).toBeUndefined();
  });
});

describe('scanLogDocument and its visitor', () => {
  test("an error thrown by the visitor reaches the caller, even one of the kinds the scanner's own declining uses", () => {
    const text = '{"Records":[{"eventType":"AwsApiCall"}]}';
    const boom = new SyntaxError('visitor bug');
    expect(() =>
      scanLogDocument(Buffer.from(text), PROJECTION, () => {
        throw boom;
      }),
    ).toThrow(boom);
  });
});
