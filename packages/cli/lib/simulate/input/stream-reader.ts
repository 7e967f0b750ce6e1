import { isUtf8 } from 'buffer';
import { firstInvalidUtf8 } from '@keywatch/shared';
import type { InputPosition } from '../types';
import { classifyValue, type ItemSink } from './classify';
import { errorText } from './sources';
import { jsonErrorPosition } from './text-parser';

/** A record, event or other value larger than this many bytes is reported and skipped, never held: memory stays bounded. */
export const MAX_VALUE_BYTES = 16 * 1024 * 1024;

/** Problems reported per input; past this the input is skipped (a binary file would otherwise report one a line). */
const MAX_PROBLEMS = 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;
const RECORDS = Buffer.from('Records');

/**
 * Reads an input of any size as it streams in, with memory bounded by the largest single record (MAX_VALUE_BYTES),
 * whatever the format: NDJSON, concatenated or pretty-printed JSON values, and one `{"Records":[…]}` document or JSON
 * array of any size, whose elements are parsed and handed on one at a time. A hand-written byte-level splitter: JSON
 * streaming libraries build every value as a tree of events, many times slower than JSON.parse of each record, which is
 * all routing needs.
 *
 * Each top-level value is parsed whole (JSON.parse) unless it is an array, or an object whose `Records` key holds an
 * array: then each element is parsed alone (`record` is its index) as it completes, and the document's other keys are
 * skipped. A value that is not valid JSON is reported with its line and skipped; a stray bracket resynchronizes at the
 * next line that starts with `{` or `[`. Records before a syntax error have been counted (unlike a whole file of at
 * most 64 MiB, which is validated before any record counts): the problem says so. Bytes that are not UTF-8 (UTF-16, a
 * Latin-1 byte) are reported with their line and the rest of the input is skipped.
 */
export class StreamReader {
  /** Absolute offset of the current chunk's first byte. */
  private base = 0;
  /** Lines (1-based) before and at the current position. */
  private line = 1;
  /** Containers open: OPEN_BRACE / OPEN_BRACKET per level. */
  private readonly open: number[] = [];
  private inString = false;
  private escape = false;
  /** Depth of the array whose elements are streamed (1 or 2); 0 when none. */
  private streamDepth = 0;
  /** Index of the next element of the streamed array. */
  private recordIndex = 0;
  /** The byte parts of the value being collected, its start (offset, line) and size; collecting when `collecting`. */
  private parts: Buffer[] = [];
  private collecting = false;
  private partStart = 0;
  private valueBytes = 0;
  private valueOffset = 0;
  private valueLine = 1;
  private oversized = false;
  /** A top-level scalar is being read (ends at a newline at depth 0). */
  private scalar = false;
  /** In the top-level object: whether a key is expected, and whether the last key was "Records". */
  private expectKey = false;
  private keyStart = -1;
  private keyParts: Buffer[] = [];
  private lastKeyIsRecords = false;
  /** After `"Records":` at depth 1, the next value decides whether the document is streamed. */
  private awaitingRecordsValue = false;
  /** After a syntax error: skip to the next line that starts with `{` or `[`. */
  private resync = false;
  private atLineStart = true;
  private problems = 0;
  private dead = false;
  /** Top-level values begun, for the empty-input check. */
  private values = 0;
  /** The first bytes, to recognise UTF-16 and a byte order mark; undefined once decided. */
  private head: Buffer | undefined = Buffer.alloc(0);
  /** An incomplete UTF-8 sequence at the end of the last chunk. */
  private carry: Buffer = Buffer.alloc(0);
  /** Where the line holding the current position started (absolute), for columns. */
  private lineStartOffset = 0;

  constructor(private readonly sink: ItemSink) {}

  /** Adds the next bytes of the input. */
  push(chunk: Buffer): void {
    if (this.dead || chunk.length === 0) return;
    if (this.head !== undefined) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 4) return;
      chunk = this.decideHead(this.head);
      this.head = undefined;
      if (this.dead || chunk.length === 0) return;
    }
    if (!this.validUtf8(chunk)) return;
    this.scan(chunk);
    this.base += chunk.length;
  }

  /** Ends the input: what is still open is reported as truncated. */
  end(): void {
    if (this.head !== undefined) {
      const rest = this.decideHead(this.head);
      this.head = undefined;
      if (!this.dead && rest.length > 0 && this.validUtf8(rest)) {
        this.scan(rest);
        this.base += rest.length;
      }
    }
    if (this.dead) return;
    if (this.carry.length > 0) {
      this.notUtf8(this.base, 'the input ends inside a UTF-8 character');
      return;
    }
    if (this.scalar) {
      this.finishValue(true);
    } else if (this.open.length > 0 && !this.resync) {
      this.report(
        { line: this.line, byte: this.base },
        `invalid JSON: the input ends inside a value (at byte ${this.base}); it is truncated${this.countedNote()}`,
      );
    } else if (this.base === 0 && this.problems === 0 && this.recordIndex === 0 && this.values === 0) {
      this.report({}, 'empty input');
    }
  }

  /** Drops a UTF-8 byte order mark, and refuses UTF-16 (by its mark, or by NUL bytes, which JSON text never holds). */
  private decideHead(head: Buffer): Buffer {
    if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return head.subarray(3);
    let order: string | undefined;
    if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) order = 'LE';
    else if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) order = 'BE';
    else if (head.length >= 2 && head[1] === 0 && head[0] !== 0) order = 'LE';
    else if (head.length >= 2 && head[0] === 0 && head[1] !== 0) order = 'BE';
    if (order !== undefined) {
      this.report({ line: 1 }, utf16Problem(order));
      this.dead = true;
      return Buffer.alloc(0);
    }
    return head;
  }

  /** Checks `chunk` (after any carried partial character) is UTF-8; reports and stops at the first bad byte. */
  private validUtf8(chunk: Buffer): boolean {
    const carried = this.carry.length;
    // The carried bytes and this chunk together: a character may span several chunks (a chunk can be one byte).
    const all = carried > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let tail = 0;
    // an incomplete sequence at the end is checked with the next chunk
    for (let k = 1; k <= Math.min(3, all.length); k++) {
      const c = all[all.length - k];
      if ((c & 0xc0) === 0x80) continue;
      const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      if (need > k) tail = k;
      break;
    }
    const body = all.subarray(0, all.length - tail);
    this.carry = tail > 0 ? Buffer.from(all.subarray(all.length - tail)) : Buffer.alloc(0);
    if (isUtf8(body)) return true;
    const at = this.base - carried + (firstInvalidUtf8(body) ?? 0);
    // position: scan the bytes before it for lines (the structural scan has not seen this chunk yet)
    const upTo = Math.max(0, at - this.base);
    this.scan(chunk.subarray(0, upTo));
    const byte = body[at - (this.base - carried)];
    this.notUtf8(
      at,
      `byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at column ${at - this.lineStartOffset + 1} is not UTF-8 (Latin-1 or Windows-1252?)`,
    );
    return false;
  }

  private notUtf8(at: number, what: string): void {
    this.sink.problem({ line: this.line, byte: at }, `${what}; the ${this.base + this.recordIndex + this.values > 0 ? 'rest of the ' : ''}input is skipped`);
    this.dead = true;
  }

  /** The structural scan of one chunk (see the class comment). Locals, not fields, in the hot loops. */
  private scan(b: Buffer): void {
    const n = b.length;
    const open = this.open;
    let i = 0;
    if (this.collecting) this.partStart = 0;
    while (i < n) {
      if (this.inString) {
        // the string's body: find its closing quote
        let escape = this.escape;
        while (i < n) {
          const c = b[i];
          if (c === NEWLINE) break; // JSON strings hold no raw line breaks: an NDJSON line ended inside one
          if (escape) escape = false;
          else if (c === BACKSLASH) escape = true;
          else if (c === QUOTE) break;
          i++;
        }
        this.escape = escape;
        if (i === n) break;
        this.inString = false;
        if (b[i] === NEWLINE) {
          this.escape = false;
          this.keyStart = -1;
          this.syntaxError(this.base + i, 'a string is not closed before the end of its line');
          continue; // the line break itself is counted below
        }
        if (this.keyStart >= 0) this.endKey(b, i);
        i++;
        continue;
      }
      const c = b[i];
      if (c === NEWLINE) {
        this.line++;
        this.lineStartOffset = this.base + i + 1;
        this.atLineStart = true;
        if (this.scalar && open.length === 0) this.finishValue(false, b, i);
        i++;
        continue;
      }
      if (c === 0x20 || c === 0x0d || c === 0x09) {
        i++;
        continue;
      }
      const lineStart = this.atLineStart;
      this.atLineStart = false;
      if (this.resync) {
        if (!(lineStart && (c === OPEN_BRACE || c === OPEN_BRACKET))) {
          i++;
          continue;
        }
        this.resync = false;
        open.length = 0;
      }
      if (this.dead) return;
      const depth = open.length;
      if (depth === 0 && !this.scalar) {
        // a top-level value starts
        this.values++;
        this.valueLine = this.line;
        this.valueOffset = this.base + i;
        if (c === OPEN_BRACKET) {
          this.streamDepth = 1;
          this.recordIndex = 0;
          this.startElementAfter(i);
        } else {
          this.startCollecting(i);
          if (c === OPEN_BRACE) this.expectKey = true;
          else if (c === QUOTE) {
            this.scalar = true;
            this.inString = true;
            i++;
            continue;
          } else if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
            this.scalar = true; // a number, true, false or null: up to the end of its line
            i++;
            continue;
          } else {
            this.collecting = false;
            this.syntaxError(this.base + i, `unexpected byte 0x${c.toString(16).toUpperCase().padStart(2, '0')}`);
            i++;
            continue;
          }
        }
        open.push(c);
        i++;
        continue;
      }
      if (this.scalar && depth === 0) {
        if (c === QUOTE) this.inString = true;
        i++;
        continue;
      }
      if (this.awaitingRecordsValue && depth === 1) {
        this.awaitingRecordsValue = false;
        if (c === OPEN_BRACKET && this.lastKeyIsRecords) {
          // {"Records": [ … ]}: from here on each element is a value of its own; the document itself is not kept
          this.stopCollecting();
          this.streamDepth = 2;
          this.recordIndex = 0;
          open.push(c);
          this.startElementAfter(i);
          i++;
          continue;
        }
      }
      if (c === QUOTE) {
        this.inString = true;
        if (depth === 1 && this.expectKey && open[0] === OPEN_BRACE) {
          this.keyStart = i + 1;
          this.keyParts = [];
        }
        i++;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        open.push(c);
        i++;
        continue;
      }
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        const expected = open[depth - 1] === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
        if (c !== expected) {
          this.syntaxError(this.base + i, `unexpected '${String.fromCharCode(c)}'`);
          i++;
          continue;
        }
        if (this.streamDepth > 0 && depth === this.streamDepth) {
          this.finishElement(b, i, true);
          this.streamDepth = 0;
        }
        open.pop();
        if (open.length === 0) this.finishValue(false, b, i + 1);
        i++;
        continue;
      }
      if (c === COMMA) {
        if (depth === 1 && open[0] === OPEN_BRACE) this.expectKey = true;
        if (this.streamDepth > 0 && depth === this.streamDepth) {
          this.finishElement(b, i, false);
          this.startElementAfter(i);
        }
        i++;
        continue;
      }
      if (c === COLON) {
        if (depth === 1 && open[0] === OPEN_BRACE) {
          this.expectKey = false;
          this.awaitingRecordsValue = true;
        }
        i++;
        continue;
      }
      i++; // digits, letters of true/false/null: checked by JSON.parse of the value
    }
    if (this.collecting && !this.oversized && this.partStart < n) this.addPart(b.subarray(this.partStart, n));
    if (this.keyStart >= 0 && this.inString) {
      this.keyParts.push(b.subarray(this.keyStart));
      this.keyStart = 0;
    }
  }

  private endKey(b: Buffer, quote: number): void {
    const key = this.keyParts.length === 0 ? b.subarray(this.keyStart, quote) : Buffer.concat([...this.keyParts, b.subarray(0, quote)]);
    this.lastKeyIsRecords = key.equals(RECORDS);
    this.keyStart = -1;
    this.keyParts = [];
  }

  private startCollecting(at: number): void {
    this.collecting = true;
    this.parts = [];
    this.valueBytes = 0;
    this.oversized = false;
    this.partStart = at;
  }

  private stopCollecting(): void {
    this.collecting = false;
    this.parts = [];
    this.valueBytes = 0;
  }

  private addPart(part: Buffer): void {
    this.valueBytes += part.length;
    if (this.valueBytes > MAX_VALUE_BYTES) {
      this.oversized = true;
      this.parts = [];
      return;
    }
    // a copy: the chunk may be a view of a larger buffer that would otherwise stay alive
    this.parts.push(Buffer.from(part));
  }

  /** An element of the streamed array starts after the `[` or `,` at `at`. */
  private startElementAfter(at: number): void {
    this.startCollecting(at + 1);
    this.valueLine = this.line;
    this.valueOffset = this.base + at + 1;
  }

  /** The element ends at the `,` or `]` at `at`; `last` for `]` (an empty array, or `[…,]`, is then no element). */
  private finishElement(b: Buffer, at: number, last: boolean): void {
    const text = this.collected(b, at);
    this.collecting = false;
    if (text === undefined) {
      this.report({ line: this.valueLine, record: this.recordIndex }, `a record larger than ${MAX_VALUE_BYTES / 1024 / 1024} MiB is skipped`);
      this.recordIndex++;
      return;
    }
    if (last && text.trim() === '' && this.recordIndex === 0) return;
    const position: InputPosition = { line: this.valueLine, record: this.recordIndex };
    this.recordIndex++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.report(position, `invalid JSON: ${errorText(e)}${this.countedNote()}`);
      return;
    }
    // as classifyArray does: each element is one record or event (never a list or a document of its own)
    classifyValue(
      [value],
      { line: position.line },
      {
        item: (kind, v, line) => this.sink.item(kind, v, line, position.record),
        problem: (p, m) => this.sink.problem({ ...p, record: position.record }, m),
      },
    );
  }

  /** A top-level value ends before `at` in `b` (the current chunk), or where the input ended (`atEnd`). */
  private finishValue(atEnd: boolean, b?: Buffer, at?: number): void {
    this.scalar = false;
    this.expectKey = false;
    this.awaitingRecordsValue = false;
    if (!this.collecting) return; // a streamed document: its elements were read
    const text = b !== undefined && at !== undefined ? this.collected(b, at) : this.collected(Buffer.alloc(0), 0);
    this.collecting = false;
    const position: InputPosition = { line: this.valueLine };
    if (text === undefined) {
      this.report(position, `a value larger than ${MAX_VALUE_BYTES / 1024 / 1024} MiB is skipped`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const pos = jsonErrorPosition(e);
      const at =
        pos === undefined ? position : { line: this.valueLine + countLines(text, pos), byte: this.valueOffset + Buffer.byteLength(text.slice(0, pos)) };
      this.report(at, `invalid JSON: ${errorText(e)}${atEnd && this.open.length > 0 ? '; the input is truncated' : ''}`);
      return;
    }
    classifyValue(value, position, this.sink);
  }

  /** The text collected up to `at` in `b` (the current chunk); undefined when it was too large. */
  private collected(b: Buffer, at: number): string | undefined {
    if (this.oversized) return undefined;
    const last = b.subarray(this.partStart, at);
    if (this.valueBytes + last.length > MAX_VALUE_BYTES) return undefined;
    if (this.parts.length === 0) return last.toString('utf8');
    return Buffer.concat([...this.parts, last]).toString('utf8');
  }

  private syntaxError(at: number, what: string): void {
    this.report({ line: this.line, byte: at }, `invalid JSON: ${what} at byte ${at}; skipped to the next line that starts with { or [${this.countedNote()}`);
    this.resync = true;
    this.collecting = false;
    this.scalar = false;
    this.streamDepth = 0;
    this.inString = false;
  }

  private countedNote(): string {
    return this.streamDepth > 0 && this.recordIndex > 0 ? ` (the ${this.recordIndex} records before it were read)` : '';
  }

  private report(position: InputPosition, message: string): void {
    this.problems++;
    if (this.problems > MAX_PROBLEMS) {
      this.sink.problem(position, `more than ${MAX_PROBLEMS} problems; the rest of the input is skipped`);
      this.dead = true;
      return;
    }
    this.sink.problem(position, message);
  }
}

/** The problem for an input that is UTF-16 (`order` LE or BE). */
export function utf16Problem(order: string): string {
  return `the input is UTF-16 (${order}); CloudTrail writes UTF-8: convert it (iconv -f UTF-16 -t UTF-8); skipped`;
}

function countLines(text: string, upTo: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < upTo; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
