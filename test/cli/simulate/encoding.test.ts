import { Readable } from 'stream';
import * as zlib from 'zlib';
import { readBuffer, readSource, type InputPosition } from '../../../packages/cli/lib/simulate';

// Issue 14 item 8: inputs that are not UTF-8 are an encoding problem with the line, never records with corrupt text.
function sink() {
  const items: unknown[] = [];
  const problems: Array<[InputPosition, string]> = [];
  return {
    items,
    problems,
    sink: { item: (_k: unknown, v: { eventID?: unknown }) => items.push(v.eventID), problem: (p: InputPosition, m: string) => problems.push([p, m]) },
  };
}

const doc = (name: string): string => `${JSON.stringify({ Records: [{ eventVersion: '1.09', eventID: 'a', userIdentity: { userName: name } }] })}\n`;
const utf16le = (text: string, bom: boolean): Buffer => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);

describe('simulate inputs: encodings', () => {
  test.each<[string, Buffer]>([
    ['UTF-16LE with a BOM', utf16le(doc('alice'), true)],
    ['UTF-16LE without a BOM', utf16le(doc('alice'), false)],
    ['UTF-16BE with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf16le(doc('alice'), false).swap16())])],
  ])('%s is reported as an encoding problem and skipped', async (_name, bytes) => {
    for (const read of [
      (s: ReturnType<typeof sink>['sink']) => readBuffer(bytes, s),
      (s: ReturnType<typeof sink>['sink']) => readSource('-', s, { stdin: Readable.from([bytes]) }),
    ]) {
      const s = sink();
      await read(s.sink);
      expect(s.items).toEqual([]);
      expect(s.problems).toEqual([
        [{ line: 1 }, expect.stringMatching(/^the input is UTF-16 \((LE|BE)\); CloudTrail writes UTF-8: convert it \(iconv -f UTF-16 -t UTF-8\); skipped$/)],
      ]);
    }
  });

  test('Latin-1 bytes: the line and column, and the input is skipped', async () => {
    const latin = Buffer.from(`${doc('alice')}${doc('caf\u00e9')}`, 'latin1');
    for (const bytes of [latin, zlib.gzipSync(latin)]) {
      for (const stream of [false, true]) {
        const s = sink();
        if (stream) await readSource('-', s.sink, { stdin: Readable.from([bytes]) });
        else readBuffer(bytes, s.sink);
        expect(s.problems).toEqual([
          [
            { line: 2, byte: latin.indexOf(0xe9) },
            expect.stringMatching(/^byte 0xE9 at column 81 is not UTF-8 \(Latin-1 or Windows-1252\?\); the (rest of the )?input is skipped$/),
          ],
        ]);
        expect(s.items.every((id) => id === 'a')).toBe(true);
        expect(JSON.stringify(s.items)).not.toContain('\ufffd');
      }
    }
  });
});
