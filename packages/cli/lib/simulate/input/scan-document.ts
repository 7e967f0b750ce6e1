import { isAscii } from 'buffer';
import { skipString, skipValue, stringHadEscapes } from './json-bytes';
import type { ProjectionNode } from './projection';

/**
 * Receives each record of a document as soon as it is scanned, before the document is known to be valid: it must
 * not have effects that a later syntax error would have to undo. `projected` holds the kept keys with exactly the
 * values JSON.parse gives; `full()` parses the whole record. Neither may be kept past the call unless needed.
 */
export type RecordVisitor = (projected: Record<string, unknown>, full: () => Record<string, unknown>) => void;

/** Thrown inside the scanner for anything it does not read itself; never escapes scanLogDocument. */
const GIVE_UP = new Error('not a document the scanner reads');

/**
 * Reads a CloudTrail log document as CloudTrail writes it — `{"Records":[{…},…]}`, ASCII, no other top-level value
 * — validating every byte as JSON.parse would but building only each record's projection, and hands each record to
 * `visit` as it goes. Returns false for anything else (invalid JSON, non-ASCII text, a second "Records" key, a record
 * that is not an object…), possibly after some visits: the caller then drops what the visits produced and parses
 * the text the ordinary way, which reports problems exactly. This is the simulator's fast path: JSON.parse builds
 * every field of every record, and whole parsed documents outlive young-generation collections; routing reads a
 * dozen fields of one record at a time.
 */
export function scanLogDocument(bytes: Buffer, projection: ProjectionNode, visit: RecordVisitor): boolean {
  if (!isAscii(bytes)) return false; // so a byte offset is a character offset in the decoded text
  try {
    new Scanner(bytes, visit).document(projection);
    return true;
  } catch (e) {
    if (e instanceof VisitorFailed) throw e.cause;
    if (e === GIVE_UP || e instanceof RangeError || e instanceof SyntaxError) return false; // RangeError: nesting
    throw e;
  }
}

/** Carries an error thrown by the visitor past the scanner's own (which only mean "parse it the ordinary way"). */
class VisitorFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('the record visitor failed');
  }
}

// Local copies of json-bytes' constants: an imported constant is a property load in every comparison of this loop.
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const RECORDS_KEY = Buffer.from('"Records"');
const NO_TARGET: unknown[] = [];

/** How a kept value is made once its record is decoded. */
const enum Make {
  /** Already made (objects and arrays of the projection, true, false, null). */
  Ready,
  /** A string without escapes: the characters between the quotes. */
  Plain,
  /** Anything else (numbers, escaped strings, values kept whole): JSON.parse of its text. */
  Parse,
}

/**
 * A JSON reader over bytes (json-bytes.ts: charCodeAt on decoded text is several times slower) that builds each
 * record's projection. Reading past the end yields undefined, which every test rejects. Kept values are noted as byte spans while a record
 * is scanned, then made from the record's decoded text and set in document order, so a repeated key keeps its last
 * value as in JSON.parse.
 */
class Scanner {
  private i = 0;
  /** Kept values of the current record, in document order: where each goes, and how it is made. */
  private pending = 0;
  private readonly targets: Array<Record<string, unknown> | unknown[]> = [];
  private readonly keys: Array<string | number> = [];
  private readonly makes: Make[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly values: unknown[] = [];

  constructor(
    private readonly b: Buffer,
    private readonly visit: RecordVisitor,
  ) {}

  document(projection: ProjectionNode): void {
    let records = false;
    if (this.ws() !== OPEN_BRACE) return giveUp();
    this.i++;
    let c = this.ws();
    if (c !== CLOSE_BRACE) {
      for (;;) {
        if (c !== QUOTE) return giveUp();
        const keyStart = this.i;
        const escaped = this.skipString();
        const isRecords = escaped
          ? JSON.parse(this.text(keyStart, this.i)) === 'Records'
          : this.i - keyStart === RECORDS_KEY.length && this.bytesAt(keyStart, RECORDS_KEY);
        if (isRecords && escaped) return giveUp();
        this.colon();
        if (isRecords) {
          if (records) return giveUp(); // JSON.parse keeps the last one
          this.records(projection);
          records = true;
        } else {
          this.skipValue();
        }
        c = this.ws();
        if (c === COMMA) {
          this.i++;
          c = this.ws();
          continue;
        }
        if (c !== CLOSE_BRACE) return giveUp();
        break;
      }
    }
    this.i++;
    this.ws();
    if (this.i !== this.b.length || !records) giveUp();
  }

  private records(projection: ProjectionNode): void {
    if (this.ws() !== OPEN_BRACKET) return giveUp();
    this.i++;
    let c = this.ws();
    if (c === CLOSE_BRACKET) {
      this.i++;
      return;
    }
    for (;;) {
      if (c !== OPEN_BRACE) return giveUp();
      const start = this.i;
      this.pending = 0;
      const projected = this.object(projection);
      const record = this.text(start, this.i);
      this.make(record, start);
      try {
        this.visit(projected, () => JSON.parse(record) as Record<string, unknown>);
      } catch (e) {
        throw new VisitorFailed(e);
      }
      c = this.ws();
      if (c === COMMA) {
        this.i++;
        c = this.ws();
        continue;
      }
      if (c !== CLOSE_BRACKET) return giveUp();
      this.i++;
      return;
    }
  }

  /** Makes the pending values of a record from its text (which starts at byte `offset`) and sets them in order. */
  private make(record: string, offset: number): void {
    for (let k = 0; k < this.pending; k++) {
      const make = this.makes[k];
      let value: unknown;
      if (make === Make.Ready) {
        value = this.values[k];
        this.values[k] = undefined;
      } else if (make === Make.Plain) {
        value = record.slice(this.starts[k] + 1 - offset, this.ends[k] - 1 - offset);
      } else {
        value = JSON.parse(record.slice(this.starts[k] - offset, this.ends[k] - offset));
      }
      const target = this.targets[k];
      const key = this.keys[k];
      this.targets[k] = NO_TARGET;
      if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
      else (target as Record<string | number, unknown>)[key] = value;
    }
  }

  private defer(target: Record<string, unknown> | unknown[], key: string | number, make: Make, start: number, value: unknown): void {
    const k = this.pending++;
    this.targets[k] = target;
    this.keys[k] = key;
    this.makes[k] = make;
    this.starts[k] = start;
    this.ends[k] = this.i;
    this.values[k] = value;
  }

  /** Scans the value here into `target[key]`: the projection of objects and arrays under `node`, else all of it. */
  private keep(target: Record<string, unknown> | unknown[], key: string | number, node: ProjectionNode | null): void {
    const c = this.ws();
    const start = this.i;
    if (node !== null && c === OPEN_BRACE) {
      this.defer(target, key, Make.Ready, start, this.object(node));
    } else if (node !== null && c === OPEN_BRACKET) {
      this.defer(target, key, Make.Ready, start, this.array(node));
    } else if (c === QUOTE) {
      const escaped = this.skipString();
      this.defer(target, key, escaped ? Make.Parse : Make.Plain, start, undefined);
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      this.skipValue();
      this.defer(target, key, Make.Ready, start, c === 0x74 ? true : c === 0x66 ? false : null);
    } else {
      this.skipValue();
      this.defer(target, key, Make.Parse, start, undefined);
    }
  }

  /** Scans the object here (at its brace), keeping what `node` keeps. Locals, not fields, in this hot loop. */
  private object(node: ProjectionNode): Record<string, unknown> {
    const b = this.b;
    const obj: Record<string, unknown> = {};
    let i = this.i + 1;
    let c = b[i];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
    if (c === CLOSE_BRACE) {
      this.i = i + 1;
      return obj;
    }
    for (;;) {
      if (c !== QUOTE) return giveUp();
      const keyStart = i;
      i = skipString(b, i);
      if (i < 0) return giveUp();
      const entry = lookUp(b, node, keyStart, i, stringHadEscapes());
      c = b[i];
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
      if (c !== COLON) return giveUp();
      i++;
      if (entry === undefined) {
        i = skipValue(b, i);
        if (i < 0) return giveUp();
      } else {
        this.i = i;
        this.keep(obj, entry.key, entry.child);
        i = this.i;
      }
      c = b[i];
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
      if (c === COMMA) {
        c = b[++i];
        while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
        continue;
      }
      if (c !== CLOSE_BRACE) return giveUp();
      this.i = i + 1;
      return obj;
    }
  }

  private array(node: ProjectionNode): unknown[] {
    const arr: unknown[] = [];
    this.i++; // [
    let c = this.ws();
    if (c === CLOSE_BRACKET) {
      this.i++;
      return arr;
    }
    for (let index = 0; ; index++) {
      this.keep(arr, index, node);
      c = this.ws();
      if (c === COMMA) {
        this.i++;
        continue;
      }
      if (c !== CLOSE_BRACKET) return giveUp();
      this.i++;
      return arr;
    }
  }

  /** True when the document holds `bytes` at `at`. */
  private bytesAt(at: number, bytes: Uint8Array): boolean {
    const b = this.b;
    for (let j = 0; j < bytes.length; j++) {
      if (b[at + j] !== bytes[j]) return false;
    }
    return true;
  }

  /** The decoded text of bytes [from, to) (ASCII: one character a byte). */
  private text(from: number, to: number): string {
    return this.b.toString('latin1', from, to);
  }

  /** Validates the value here and moves past it. */
  private skipValue(): void {
    this.i = skipValue(this.b, this.i);
    if (this.i < 0) giveUp();
  }

  /** Validates the string starting here (at its quote) and moves past it; true when it holds escapes. */
  private skipString(): boolean {
    this.i = skipString(this.b, this.i);
    if (this.i < 0) giveUp();
    return stringHadEscapes();
  }

  private colon(): void {
    if (this.ws() !== COLON) giveUp();
    this.i++;
  }

  /** Skips whitespace; the byte at which it stops (undefined at the end). */
  private ws(): number {
    const b = this.b;
    let i = this.i;
    let c = b[i];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
    this.i = i;
    return c;
  }
}

/** The entry of `node` for the key whose string spans [keyStart, keyEnd) (quotes included), if any. */
function lookUp(
  b: Buffer,
  node: ProjectionNode,
  keyStart: number,
  keyEnd: number,
  escaped: boolean,
): { readonly key: string; readonly child: ProjectionNode | null } | undefined {
  if (escaped) {
    const key = JSON.parse(b.toString('latin1', keyStart, keyEnd)) as string;
    const child = node.byName.get(key);
    return child === undefined ? undefined : { key, child };
  }
  const candidates = node.byLength[keyEnd - keyStart - 2];
  if (candidates === undefined) return undefined;
  const from = keyStart + 1;
  for (let k = 0; k < candidates.length; k++) {
    const bytes = candidates[k].bytes;
    let j = 0;
    while (j < bytes.length && b[from + j] === bytes[j]) j++;
    if (j === bytes.length) return candidates[k];
  }
  return undefined;
}

function giveUp(): never {
  throw GIVE_UP;
}
