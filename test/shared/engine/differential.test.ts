import fc from 'fast-check';
import { compileEventPattern, createEventReader } from '../../../packages/shared/lib/engine';
import { compileFromSubRules, toTree } from '../../../packages/shared/lib/engine/event-pattern';
import { droppableSubRules } from '../../../packages/shared/lib/engine/or-overlap';
import { compileSubRules } from '../../../packages/shared/lib/engine/pattern-parser';
import { eventRulerAvailability, EventRulerResult, runEventRuler } from '../../helpers/event-ruler';

/**
 * Differential test: thousands of generated pattern/event pairs through our engine and through aws/event-ruler itself
 * (scripts/oracles/event-ruler.sh); match results and rejected patterns must agree exactly.
 */

/** A JSON number written with exactly this text (e.g. "0.30000000000000001"), which JSON.stringify cannot keep. */
class Raw {
  constructor(readonly text: string) {}
}
type J = Raw | string | number | boolean | null | J[] | { [k: string]: J };

function toText(v: J): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(toText).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${toText(x)}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const ipv4 = [
  '10.0.0.1',
  '10.0.0.255',
  '10.1.2.3',
  '010.0.0.1',
  '10.0.0.01',
  '192.168.1.1',
  '192.168.001.001',
  '0.0.0.0',
  '255.255.255.255',
  '256.1.1.1',
  '1.2.3',
  '11.0.0.1',
  '172.16.0.1',
  '1.1.1.1',
  '0000000010.0.0.1',
  '10.0.0.1%eth0',
];
const ipv6 = [
  '2001:db8::1',
  '2001:0db8:0000:0000:0000:0000:0000:0001',
  '2001:DB8::1',
  '2001:db8:0:0:0:0:0:1',
  '::1',
  '::',
  '::ffff:a00:1',
  '::ffff:10.0.0.1',
  '::a00:1',
  'a00::1',
  'a00:1::',
  'fe80::1%eth0',
  '2001:db8::',
  '2001:db9::1',
  '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
  '::ffff:0:0',
  '1::2::3',
  '2001:db8::00001',
  '8000::1',
  'ffff::1',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7::',
  ':1::',
  '1:2:3:4:5:6:7:8:9',
];
const words = [
  'abc',
  'ABC',
  'aBc',
  '',
  'abcdef',
  'xyzabc',
  'foo*bar',
  'foo\\bar',
  'Straße',
  'STRASSE',
  'AKIAEXAMPLE',
  'ASIAEXAMPLE',
  'AWS Internal/3',
  'ec2.amazonaws.com',
  '123456789012',
  '5',
  'null',
  'true',
];
const numbers: J[] = [
  0,
  1,
  5,
  -5,
  5.5,
  10,
  100,
  1e3,
  0.1,
  -0.1,
  123456789012,
  new Raw('-0'),
  new Raw('5.0'),
  new Raw('1E1'),
  new Raw('0.30000000000000001'),
  new Raw('12345678901234567890'),
  new Raw('50000000000000000000000001'),
  new Raw('1e400'),
];

const leafString = fc.constantFrom(...ipv4, ...ipv6, ...words);
const leaf: fc.Arbitrary<J> = fc.oneof(
  { weight: 6, arbitrary: leafString },
  { weight: 3, arbitrary: fc.constantFrom(...numbers) },
  { weight: 1, arbitrary: fc.constantFrom<J>(true, false, null) },
);

const cidrs = [
  '10.0.0.0/8',
  '10.0.0.0/24',
  '10.0.0.0/31',
  '10.0.0.1/32',
  '0.0.0.0/0',
  '0.0.0.0/1',
  '192.168.0.0/16',
  '2001:db8::/32',
  '2001:db8::/127',
  '2001:db8::1/128',
  '::/0',
  '::/1',
  '8000::/1',
  '::ffff:a00:0/8',
  '::ffff:0:0/96',
  '10.0.0.0/-1',
  '10.0.0.0',
  '10.0.0.0/8/',
  '10.0.0.0//8',
  'abc/8',
  '10.0.0.0/x',
  '010.0.0.0/8',
  '2001:db8::/+32',
  '/8',
];
const wild = ['*', 'a*', '*c', 'a*c', '*b*', 'foo\\*bar', 'foo\\\\bar', 'a**c', 'a\\c', '', 'S*e'];

const numericOp: fc.Arbitrary<J> = fc.oneof(
  fc.tuple(fc.constantFrom('=', '<', '<=', '>', '>='), fc.constantFrom(...numbers)).map(([o, n]) => [o, n]),
  fc
    .tuple(fc.constantFrom('>', '>='), fc.constantFrom(...numbers), fc.constantFrom('<', '<='), fc.constantFrom(...numbers))
    .map(([a, x, b, y]) => [a, x, b, y]),
  fc.constantFrom<J>([], ['='], ['=', '5'], ['!=', 5], ['>', 1, '>', 5], ['<', 5, 6], ['>', 0, '<', 10, 1], [5]),
);

const strList = (arb: fc.Arbitrary<string>): fc.Arbitrary<J> =>
  fc.oneof(
    arb,
    fc.array(arb, { minLength: 0, maxLength: 3 }).map((xs) => xs as J),
  );

const matcher: fc.Arbitrary<J> = fc.oneof(
  { weight: 4, arbitrary: leaf },
  { weight: 2, arbitrary: fc.constantFrom(...cidrs).map((c) => ({ cidr: c })) },
  { weight: 1, arbitrary: fc.constantFrom('a', '', 'AKIA', 'ab', '10.').map((p) => ({ prefix: p })) },
  { weight: 1, arbitrary: fc.constantFrom('c', '', 'bc', '.com', 'STRASSE').map((p) => ({ suffix: p })) },
  { weight: 1, arbitrary: fc.constantFrom('AB', 'abc', 'strasse', 'ß').map((p) => ({ prefix: { 'equals-ignore-case': p } })) },
  { weight: 1, arbitrary: fc.constantFrom('BC', 'C', 'ß', 'e').map((p) => ({ suffix: { 'equals-ignore-case': p } })) },
  { weight: 1, arbitrary: fc.constantFrom('ABC', 'straße', 'Strasse', '').map((p) => ({ 'equals-ignore-case': p })) },
  { weight: 1, arbitrary: fc.constantFrom(...wild).map((w) => ({ wildcard: w })) },
  { weight: 1, arbitrary: fc.constantFrom('abc', '10.0.0.1').map((w) => ({ exactly: w })) },
  { weight: 2, arbitrary: numericOp.map((n) => ({ numeric: n })) },
  { weight: 2, arbitrary: fc.boolean().map((b) => ({ exists: b })) },
  { weight: 3, arbitrary: fc.oneof(leaf, fc.array(fc.oneof(leafString, fc.constantFrom(...numbers)), { maxLength: 3 })).map((v) => ({ 'anything-but': v })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('prefix', 'suffix', 'equals-ignore-case', 'wildcard'), strList(fc.constantFrom('a', 'abc', 'ABC', '', '10.', '*c', 'a**')))
      .map(([op, v]) => ({ 'anything-but': { [op]: v } })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<J>(
      {},
      { prefix: 'a', suffix: 'b' },
      { exists: 'yes' },
      { cidr: 10 },
      { regex: 'a' },
      { 'anything-but': { cidr: '10.0.0.0/8' } },
      { 'anything-but': null },
      { prefix: { other: 'a' } },
      [1],
    ),
  },
);

const fieldNames = ['a', 'b', 'c'];
const valueList = fc.array(matcher, { minLength: 0, maxLength: 3 }).map((xs) => (xs.length === 0 && Math.random() < 0 ? [] : xs));

/** Patterns over fields a, b, c and d.{x,y}, with nested $or. */
const patternObj: fc.Arbitrary<{ [k: string]: J }> = fc.letrec<{ pat: { [k: string]: J } }>((tie) => ({
  pat: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'p' },
    fc.dictionary(fc.constantFrom(...fieldNames), valueList, { minKeys: 1, maxKeys: 3 }),
    fc.record({ d: fc.dictionary(fc.constantFrom('x', 'y'), valueList, { minKeys: 1, maxKeys: 2 }) }),
    fc.record({ 'd.x': valueList }),
    fc
      .tuple(fc.dictionary(fc.constantFrom(...fieldNames), valueList, { maxKeys: 1 }), fc.array(tie('pat'), { minLength: 0, maxLength: 3 }))
      .map(([base, ors]) => ({ ...base, $or: ors })),
    fc.record({ d: fc.array(tie('pat'), { minLength: 2, maxLength: 2 }).map((ors) => ({ $or: ors }) as J) }),
  ),
})).pat;

const eventLeafOrArray: fc.Arbitrary<J> = fc.oneof(
  { weight: 6, arbitrary: leaf },
  { weight: 2, arbitrary: fc.array(leaf, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom<J>({}, [], [[]], { z: 1 }) },
);
const dObj = fc.dictionary(fc.constantFrom('x', 'y'), eventLeafOrArray, { maxKeys: 2 });
const eventObj: fc.Arbitrary<{ [k: string]: J }> = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...fieldNames), eventLeafOrArray, { maxKeys: 3 }),
    fc.option(fc.oneof(dObj, fc.array(dObj, { minLength: 1, maxLength: 3 })) as fc.Arbitrary<J>, { nil: undefined }),
    fc.option(eventLeafOrArray, { nil: undefined }),
  )
  .map(([base, d, dx]) => {
    const e: { [k: string]: J } = { ...base };
    if (d !== undefined) e.d = d;
    if (dx !== undefined) e['d.x'] = dx;
    return e;
  });

/**
 * `$or` shapes the generator above rarely makes: branches over the same fields whose value lists overlap, `exists:false`
 * beside values inside a branch, and one path written both nested (`d: {x}`) and dotted (`"d.x"`), with events whose
 * keys contain dots.
 */
const orMatcher: fc.Arbitrary<J> = fc.constantFrom<J>(
  'x',
  'y',
  'z',
  5,
  '10.0.0.1',
  { exactly: 'x' },
  { exists: false },
  { exists: true },
  { prefix: 'x' },
  { 'anything-but': 'x' },
  { cidr: '10.0.0.0/24' },
);
const orValues = fc.uniqueArray(orMatcher, { minLength: 1, maxLength: 3, selector: (v) => toText(v) }) as fc.Arbitrary<J>;
const orBranch: fc.Arbitrary<{ [k: string]: J }> = fc.oneof(
  fc.dictionary(fc.constantFrom('a', 'b', 'd.x'), orValues, { minKeys: 1, maxKeys: 2 }),
  fc
    .tuple(fc.dictionary(fc.constantFrom('a'), orValues, { maxKeys: 1 }), fc.dictionary(fc.constantFrom('x', 'y'), orValues, { minKeys: 1, maxKeys: 2 }))
    .map(([top, d]) => ({ ...top, d })),
);
const orPatternObj: fc.Arbitrary<{ [k: string]: J }> = fc.oneof(
  fc
    .tuple(fc.dictionary(fc.constantFrom('c'), orValues, { maxKeys: 1 }), fc.array(orBranch, { minLength: 2, maxLength: 3 }))
    .map(([base, ors]) => ({ ...base, $or: ors })),
  fc
    .tuple(
      fc.dictionary(fc.constantFrom('a'), orValues, { maxKeys: 1 }),
      fc.array(fc.dictionary(fc.constantFrom('x', 'y'), orValues, { minKeys: 1, maxKeys: 2 }), { minLength: 2, maxLength: 3 }),
    )
    .map(([base, ors]) => ({ ...base, d: { $or: ors } })),
);
const orLeaf: fc.Arbitrary<J> = fc.oneof(
  fc.constantFrom<J>('x', 'y', 'z', 'xa', 5, '10.0.0.1', '10.0.1.1'),
  fc.array(fc.constantFrom<J>('x', 'y', 5), { maxLength: 2 }),
);
const orD = fc.dictionary(fc.constantFrom('x', 'y'), orLeaf, { maxKeys: 2 });
const orEventObj: fc.Arbitrary<{ [k: string]: J }> = fc
  .tuple(
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd.x', 'd.y'), orLeaf, { maxKeys: 4 }),
    fc.option(fc.oneof(orD, fc.array(orD, { minLength: 1, maxLength: 2 })) as fc.Arbitrary<J>, { nil: undefined }),
  )
  .map(([base, d]) => (d === undefined ? base : { ...base, d }));

/**
 * True when some object of the event has a key with a dot ("d.y") whose first segment leads through an array ("d": [...]),
 * so one path is reached both by a dotted key and through array elements.
 */
function dottedKeyMeetsArray(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(dottedKeyMeetsArray);
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    const [head, ...rest] = key.split('.');
    if (rest.length > 0 && throughArray(o[head], rest)) return true;
  }
  return Object.values(o).some(dottedKeyMeetsArray);
}

function throughArray(v: unknown, path: readonly string[]): boolean {
  if (Array.isArray(v)) return true;
  if (v === null || typeof v !== 'object' || path.length === 0) return false;
  return throughArray((v as Record<string, unknown>)[path[0]], path.slice(1));
}

/** Hand-picked pairs for the corners the generator may miss. */
const fixed: Array<[J, J]> = [
  [{ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::ffff:a00:1' }],
  [{ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: '::ffff:10.0.0.1' }],
  [{ ip: ['2001:db8::1'] }, { ip: '2001:0db8:0:0:0:0:0:1' }],
  [{ ip: [{ cidr: '::/1' }] }, { ip: '1.1.1.1' }],
  [{ ip: [{ cidr: '::/1' }] }, { ip: '0.0.0.0' }],
  [{ ip: [{ cidr: '10.0.0.0/8' }] }, { ip: 'a00::1' }],
  [{ a: [{ 'anything-but': 'x' }] }, {}],
  [{ a: [{ exists: false }] }, { a: [] }],
  [{ a: { b: [1], c: [{ exists: false }] } }, { a: [{ b: 1 }, { c: 2 }] }],
  [
    { a: { b: [1], c: [2] } },
    {
      a: [
        { b: 1, c: 3 },
        { b: 3, c: 2 },
      ],
    },
  ],
  [
    { a: { b: [1], c: [2] } },
    {
      a: [
        { b: 1, c: 2 },
        { b: 3, c: 4 },
      ],
    },
  ],
  [{ a: { c: [{ exists: false }], z: [1] } }, { a: [{ z: 1 }, { c: 2 }] }],
  [{ a: [new Raw('12345678901234567890')] }, { a: new Raw('123456789012345678901') }],
  [{ a: [5] }, { a: new Raw('50000000000000000000000001') }],
  [{ a: [{ numeric: ['>', 0] }] }, { a: new Raw('0.30000000000000001') }],
  [{ $or: [{ prefix: 'a' }] }, { $or: 'abc' }],
  [{ $or: { a: ['x'] } }, { $or: { a: 'x' } }],
  [{ $or: ['x', 'y'] }, { $or: 'y' }],
];

describe('local EventBridge engine', () => {
  test('one EventReader shared by many patterns gives, for every pattern, what the pattern gives alone', () => {
    // GIVEN valid generated patterns (many share fields, with and without numeric matchers) and generated events
    const patterns = fc.sample(patternObj, { numRuns: 800, seed: 11 }).flatMap((p) => {
      try {
        return [compileEventPattern(toText(p))];
      } catch {
        return [];
      }
    });
    const events = fc.sample(eventObj, { numRuns: 800, seed: 12 }).map((e) => JSON.parse(toText(e)) as object);
    // WHEN each event is read once for 40 patterns
    const reader = createEventReader();
    const disagreements: string[] = [];
    let matched = 0;
    events.forEach((event, i) => {
      reader.reset(event);
      for (let k = 0; k < 40; k++) {
        const p = patterns[(i * 41 + k * 7) % patterns.length];
        const alone = p.matches(event);
        if (p.test(reader) !== alone) disagreements.push(`${p.source} | ${JSON.stringify(event)}`);
        if (alone) matched++;
      }
    });
    // THEN the same results, over a sample with matches
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(matched).toBeGreaterThan(1000);
  });
});

describe('local EventBridge engine vs aws/event-ruler', () => {
  const availability = eventRulerAvailability();
  const t = availability === 'skip' ? test.skip : test;

  t('agrees on generated pattern/event pairs (match results and rejected patterns)', async () => {
    if (availability === 'fail') throw new Error('KEYWATCH_EVENT_RULER_CP is not set in CI: run scripts/oracles/event-ruler.sh');
    // GIVEN thousands of pairs over every operator, IPv4/IPv6 spellings, numbers, $or, arrays and missing fields
    const patterns = fc.sample(patternObj, { numRuns: 2500, seed: 20261125 });
    const events = fc.sample(eventObj, { numRuns: 2500 * 3, seed: 7 });
    const pairs = patterns.flatMap((p, i) => [0, 1, 2].map((k) => ({ pattern: toText(p), event: toText(events[i * 3 + k]) })));
    pairs.push(...fixed.map(([p, e]) => ({ pattern: toText(p), event: toText(e) })));

    // WHEN both engines judge every pair
    const expected: EventRulerResult[] = await runEventRuler(pairs);
    const disagreements: string[] = [];
    let matched = 0;
    let rejected = 0;
    pairs.forEach((pair, i) => {
      let ours: EventRulerResult;
      try {
        ours = { result: compileEventPattern(pair.pattern).matches(pair.event) };
      } catch (e) {
        ours = { error: (e as Error).message };
      }
      const theirs = expected[i];
      if ('result' in theirs && theirs.result) matched++;
      if ('error' in theirs) rejected++;
      const same = 'error' in ours ? 'error' in theirs : 'result' in theirs && theirs.result === ours.result;
      if (!same) disagreements.push(`${pair.pattern} | ${pair.event} | ours ${JSON.stringify(ours)} | event-ruler ${JSON.stringify(theirs)}`);
    });

    // THEN there is no disagreement, and the sample exercised matches, non-matches and rejections
    expect(disagreements.slice(0, 25)).toEqual([]);
    expect(matched).toBeGreaterThan(pairs.length / 20);
    expect(rejected).toBeGreaterThan(pairs.length / 20);
    expect(pairs.length - matched - rejected).toBeGreaterThan(pairs.length / 20);
  });

  t('agrees on $or with overlapping branches, exists:false in branches and dotted keys, except where event-ruler drops a branch', async () => {
    if (availability === 'fail') throw new Error('KEYWATCH_EVENT_RULER_CP is not set in CI: run scripts/oracles/event-ruler.sh');
    // GIVEN $or patterns whose branches share fields and values, and events with nested and dotted keys
    const patterns = fc.sample(orPatternObj, { numRuns: 1500, seed: 20261203 });
    const events = fc.sample(orEventObj, { numRuns: 1500 * 3, seed: 3 });
    const pairs = patterns.flatMap((p, i) => [0, 1, 2].map((k) => ({ pattern: toText(p), event: toText(events[i * 3 + k]) })));

    // WHEN both engines judge every pair
    const expected: EventRulerResult[] = await runEventRuler(pairs);
    const disagreements: string[] = [];
    let dropped = 0;
    let dotted = 0;
    let matched = 0;
    pairs.forEach((pair, i) => {
      const theirs = expected[i];
      let subRules;
      try {
        subRules = compileSubRules(toTree(pair.pattern));
      } catch (e) {
        if (!('error' in theirs)) disagreements.push(`${pair.pattern} | ours error ${(e as Error).message} | event-ruler ${JSON.stringify(theirs)}`);
        return;
      }
      const ours = compileFromSubRules(pair.pattern, subRules).matches(pair.event);
      if ('result' in theirs && theirs.result) matched++;
      if ('result' in theirs && theirs.result === ours) return;
      // Named difference: aws/event-ruler 2.0.1 may skip a sub-rule that shares, on every one of its fields, a matcher
      // with an earlier sibling over the same fields (GenericMachine.addStep; a narrower case is fixed by the open
      // aws/event-ruler PR #140), so its other values never match. The pattern means an OR of the branches (event-ruler
      // README, "The $or Primitive": `"source" && ("metricName" || "namespace")`), which the local engine matches. So
      // event-ruler's answer must lie between our answer without the branches it may skip and our full answer.
      const drop = new Set(droppableSubRules(subRules));
      const lower = compileFromSubRules(
        pair.pattern,
        subRules.filter((_, k) => !drop.has(k)),
      ).matches(pair.event);
      if (drop.size > 0 && 'result' in theirs && theirs.result === lower) {
        dropped++;
        return;
      }
      // Named difference: a path reached both by a dotted event key and through an array. event-ruler joins keys with
      // dots so "d.y" and d → y are one field, and its README ("Caveat: Compiled rules and JSON keys with dots") says this
      // "may change in future version ... and should not be relied upon"; mixed with array elements its answer is not
      // the union of the two readings that the local engine gives (and no AWS document defines one).
      if (dottedKeyMeetsArray(JSON.parse(pair.event))) {
        dotted++;
        return;
      }
      disagreements.push(`${pair.pattern} | ${pair.event} | ours ${ours} | event-ruler ${JSON.stringify(theirs)}`);
    });

    // THEN no other disagreement, and the sample exercised matches and the named difference
    expect(disagreements.slice(0, 25)).toEqual([]);
    expect(matched).toBeGreaterThan(pairs.length / 10);
    expect(dropped).toBeGreaterThan(10);
    expect(dotted).toBeLessThan(pairs.length / 50);
  });
});
