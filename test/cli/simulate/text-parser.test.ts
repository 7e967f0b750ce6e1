import { TextParser, readBuffer, type InputKind, type InputPosition } from '../../../packages/cli/lib/simulate';
import * as zlib from 'zlib';

function collect(chunks: string[]) {
  const items: Array<[InputKind, unknown, number | undefined, number | undefined]> = [];
  const problems: Array<[InputPosition, string]> = [];
  const parser = new TextParser({ item: (k, v, line, record) => items.push([k, v.eventID, line, record]), problem: (p, m) => problems.push([p, m]) });
  for (const c of chunks) parser.push(c);
  parser.end();
  return { items, problems };
}

const rec = (id: string): string => JSON.stringify({ eventVersion: '1.09', eventID: id });
const evt = (id: string): string => JSON.stringify({ 'detail-type': 'x', detail: {}, eventID: id });

describe('TextParser', () => {
  test('NDJSON split across chunks at any point gives every line, with line numbers', () => {
    const text = `${rec('a')}\n\n${evt('b')}\r\n${rec('c')}`;
    for (let cut = 0; cut <= text.length; cut++) {
      expect(collect([text.slice(0, cut), text.slice(cut)]).items).toEqual([
        ['record', 'a', 1, undefined],
        ['event', 'b', 3, undefined],
        ['record', 'c', 4, undefined],
      ]);
    }
  });

  test('a pretty-printed CloudTrail document is parsed whole, records numbered', () => {
    const doc = JSON.stringify({ Records: [JSON.parse(rec('a')), JSON.parse(rec('b'))] }, null, 2);
    expect(collect([doc]).items).toEqual([
      ['record', 'a', undefined, 0],
      ['record', 'b', undefined, 1],
    ]);
  });

  test('a one-line document followed by a newline is a document, not NDJSON', () => {
    expect(collect([`[${rec('a')},${evt('b')}]\n`]).items).toEqual([
      ['record', 'a', undefined, 0],
      ['event', 'b', undefined, 1],
    ]);
  });

  test('a bad NDJSON line is reported by line number and the rest is read', () => {
    const { items, problems } = collect([`${rec('a')}\n{"eventID": \n${rec('c')}\n"text"\n`]);
    expect(items.map((i) => i[1])).toEqual(['a', 'c']);
    expect(problems.map((p) => p[0])).toEqual([{ line: 2 }, { line: 4 }]);
  });

  test('a truncated document is reported with its UTF-8 byte offset; empty input too', () => {
    // 26 characters, 27 bytes (é is two)
    expect(collect(['{"Records":[{"eventID":"é"'])).toEqual({ items: [], problems: [[{ byte: 27, line: 1 }, expect.stringMatching(/^invalid JSON: /)]] });
    expect(collect(['  \n']).problems).toEqual([[{}, 'empty input']]);
  });

  test('objects that are neither records nor events are reported', () => {
    expect(collect(['{"Records":[{"foo":1}]}']).problems).toEqual([[{ record: 0 }, expect.stringContaining('keys: foo')]]);
  });
});

describe('readBuffer', () => {
  test('detects gzip by its magic bytes', () => {
    const items: unknown[] = [];
    readBuffer(zlib.gzipSync(`${rec('a')}\n${rec('b')}\n`), { item: (_k, v) => items.push(v.eventID), problem: () => undefined });
    expect(items).toEqual(['a', 'b']);
  });

  test('reads the whole lines of a truncated gzip NDJSON and reports the truncation', () => {
    const text = Array.from({ length: 200 }, (_, i) => rec(`id-${i}`)).join('\n');
    const gz = zlib.gzipSync(text);
    const items: unknown[] = [];
    const problems: string[] = [];
    readBuffer(gz.subarray(0, gz.length - 20), { item: (_k, v) => items.push(v.eventID), problem: (_p, m) => problems.push(m) });
    expect(items.length).toBeGreaterThan(150);
    expect(items.length).toBeLessThan(200);
    expect(problems[0]).toMatch(/^gzip data is truncated after \d+ decompressed bytes/);
  });
});
