import { Readable } from 'stream';
import * as zlib from 'zlib';
import * as fc from 'fast-check';
import { readSource, type InputPosition } from '../../../packages/cli/lib/simulate';
import { MAX_VALUE_BYTES, StreamReader } from '../../../packages/cli/lib/simulate/input/stream-reader';

// Issue 14 item 11: stdin and large inputs are read with memory bounded by one record, whatever their shape.
function collect(chunks: Buffer[]) {
  const items: Array<[unknown, number | undefined, number | undefined]> = [];
  const problems: Array<[InputPosition, string]> = [];
  const reader = new StreamReader({ item: (_k, v, line, record) => items.push([v.eventID, line, record]), problem: (p, m) => problems.push([p, m]) });
  for (const c of chunks) reader.push(c);
  reader.end();
  return { items, problems };
}

/** `bytes` cut at the given offsets. */
function cut(bytes: Buffer, at: number[]): Buffer[] {
  const points = [...new Set(at.map((a) => a % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out;
}

const rec = (id: string, extra: Record<string, unknown> = {}) => ({ eventVersion: '1.09', eventID: id, ...extra });
const evt = (id: string) => ({ 'detail-type': 'x', detail: {}, eventID: id });

describe('StreamReader', () => {
  test('a {"Records": […]} document cut anywhere gives every record with its index, as JSON.parse reads it', () => {
    const tricky = rec('b', { requestParameters: { s: 'a "quoted" ] } , [ { string \\ with \u00e9 and \u2603', Records: [1, 2] } });
    const doc = Buffer.from(JSON.stringify({ other: { Records: 'no' }, Records: [rec('a'), tricky, evt('c')], after: [1, { x: '}' }] }, null, 1));
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 8 }), (at) => {
        const { items, problems } = collect(cut(doc, at));
        expect(problems).toEqual([]);
        expect(items.map((i) => [i[0], i[2]])).toEqual([
          ['a', 0],
          ['b', 1],
          ['c', 2],
        ]);
      }),
      { numRuns: 300 },
    );
  });

  test('a character of 2, 3 or 4 UTF-8 bytes split over chunks of one byte is read whole (no "not UTF-8")', () => {
    const text = JSON.stringify({ Records: [rec('a', { requestParameters: { s: '\u00e9 \u2603 \u{1F511}' } })] });
    const bytes = Buffer.from(text);
    const chunks = Array.from(bytes, (b) => Buffer.from([b]));
    const { items, problems } = collect(chunks);
    expect(problems).toEqual([]);
    expect(items.map((i) => [i[0], i[2]])).toEqual([['a', 0]]);
  });

  test('NDJSON, concatenated documents and a top-level array: every value, with its line', () => {
    const text = `${JSON.stringify(rec('a'))}\n${JSON.stringify({ Records: [rec('b'), rec('c')] })}\n\n${JSON.stringify([evt('d')])}\n${JSON.stringify(rec('e'), null, 2)}\n`;
    for (const size of [1, 7, 64, text.length]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(Buffer.from(text.slice(i, i + size)));
      const { items, problems } = collect(chunks);
      expect(problems).toEqual([]);
      expect(items).toEqual([
        ['a', 1, undefined],
        ['b', 2, 0],
        ['c', 2, 1],
        ['d', 4, 0],
        ['e', 5, undefined],
      ]);
    }
  });

  test('bad lines cost only themselves; a truncated document keeps the records read before it, and says so', () => {
    const bad = collect([Buffer.from(`${JSON.stringify(rec('a'))}\n{"eventID": "x\n{"eventID": 1,,}\n]\n"text"\n${JSON.stringify(rec('b'))}\n`)]);
    expect(bad.items.map((i) => i[0])).toEqual(['a', 'b']);
    // line 5 ("text") is passed over while resynchronizing after the stray bracket of line 4
    expect(bad.problems.map((p) => p[0].line)).toEqual([2, 3, 4]);

    const doc = JSON.stringify({ Records: [rec('a'), rec('b'), rec('c')] });
    const truncated = collect([Buffer.from(doc.slice(0, doc.indexOf('"c"')))]);
    expect(truncated.items.map((i) => i[0])).toEqual(['a', 'b']);
    expect(truncated.problems).toEqual([
      [{ line: 1, byte: doc.indexOf('"c"') }, expect.stringMatching(/it is truncated \(the 2 records before it were read\)$/)],
    ]);
  });

  test(`a record larger than ${MAX_VALUE_BYTES / 1024 / 1024} MiB is reported and skipped, never held; the next ones are read`, () => {
    const big = JSON.stringify(rec('big', { blob: 'x'.repeat(MAX_VALUE_BYTES) }));
    const text = Buffer.from(`{"Records":[${JSON.stringify(rec('a'))},${big},${JSON.stringify(rec('b'))}]}`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < text.length; i += 65536) chunks.push(text.subarray(i, i + 65536));
    const { items, problems } = collect(chunks);
    expect(items.map((i) => i[0])).toEqual(['a', 'b']);
    expect(problems).toEqual([[{ line: 1, record: 1 }, 'a record larger than 16 MiB is skipped']]);
  });

  test('stdin: a gzip stream of one large document in 64 KiB chunks is read record by record', async () => {
    const records = Array.from({ length: 20_000 }, (_, i) => rec(`r${i}`, { pad: 'p'.repeat(200) }));
    const gz = zlib.gzipSync(JSON.stringify({ Records: records }));
    const chunks: Buffer[] = [];
    for (let i = 0; i < gz.length; i += 65536) chunks.push(gz.subarray(i, i + 65536));
    let n = 0;
    const problems: string[] = [];
    await readSource('-', { item: () => n++, problem: (_p, m) => problems.push(m) }, { stdin: Readable.from(chunks) });
    expect(problems).toEqual([]);
    expect(n).toBe(20_000);
  });

  test('a whole file whose gzip decompresses past the whole-file limit is streamed (a gzip bomb never becomes one buffer)', async () => {
    const fs = await import('fs');
    const os = await import('os');
    const path = await import('path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kw-bomb-')), 'bomb.json.gz');
    const records = Array.from({ length: 5_000 }, (_, i) => rec(`r${i}`, { pad: 'p'.repeat(400) }));
    fs.writeFileSync(file, zlib.gzipSync(JSON.stringify({ Records: records })));
    let n = 0;
    await readSource(file, { item: () => n++, problem: (_p, m) => expect(m).toBeUndefined() }, { wholeFileLimit: 1 << 20 });
    expect(n).toBe(5_000);
  });
});
