import type { InputPosition } from '../types';
import { classifyValue, type ItemSink } from './classify';
import { errorText } from './sources';

type Mode = 'unknown' | 'ndjson' | 'document';

/**
 * Incremental parser of decoded input text that works out the format itself: NDJSON (one JSON value per line) is
 * parsed line by line as chunks arrive, so memory stays bounded by the longest line; any other text (a CloudTrail
 * log document, a JSON array, pretty-printed JSON) is kept until `end()` and parsed whole. A document that is not
 * valid JSON but has several lines is retried as NDJSON, so one bad line costs only that line.
 */
export class TextParser {
  private mode: Mode = 'unknown';
  private buf = '';
  /** Lines before `buf` starts (ndjson mode). */
  private linesDone = 0;
  /** Index in `buf` from which to look for the first newline (unknown mode). */
  private scanFrom = 0;

  constructor(private readonly sink: ItemSink) {}

  /** Adds decoded text; sends every complete NDJSON line on to the sink. */
  push(chunk: string): void {
    if (chunk.length === 0) return;
    this.buf = this.buf.length === 0 ? chunk : this.buf + chunk;
    if (this.mode === 'unknown') this.detect(false);
    if (this.mode === 'ndjson') this.drainLines(false);
  }

  /** Ends the input: parses what is left (the whole document, or the last NDJSON line). */
  end(): void {
    if (this.mode === 'unknown') this.detect(true);
    if (this.mode === 'ndjson') this.drainLines(true);
    else if (this.mode === 'document') this.parseDocument();
    this.buf = '';
  }

  private detect(atEnd: boolean): void {
    const text = this.buf;
    const start = firstNonSpace(text, 0);
    if (start === text.length) {
      this.scanFrom = text.length;
      if (atEnd) this.mode = 'document';
      return;
    }
    const nl = text.indexOf('\n', Math.max(this.scanFrom, start));
    if (nl < 0) {
      this.scanFrom = text.length;
      if (atEnd) this.mode = 'document';
      return;
    }
    const rest = firstNonSpace(text, nl + 1);
    if (rest === text.length && !atEnd) {
      // one complete line so far: a one-line document, or the first NDJSON line; wait for more
      this.scanFrom = nl;
      return;
    }
    if (rest === text.length || !looksLikeCompleteValue(text.slice(start, nl))) {
      this.mode = 'document';
      return;
    }
    this.mode = 'ndjson';
  }

  private drainLines(atEnd: boolean): void {
    const text = this.buf;
    let from = 0;
    let line = this.linesDone;
    for (;;) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) break;
      line++;
      this.parseLine(text.slice(from, nl), line);
      from = nl + 1;
    }
    if (atEnd && from < text.length) {
      line++;
      this.parseLine(text.slice(from), line);
      from = text.length;
    }
    this.linesDone = line;
    this.buf = from === 0 ? text : text.slice(from);
  }

  private parseLine(line: string, lineNo: number): void {
    if (firstNonSpace(line, 0) === line.length) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      this.sink.problem({ line: lineNo }, `invalid JSON: ${errorText(e)}`);
      return;
    }
    classifyValue(value, { line: lineNo }, this.sink);
  }

  private parseDocument(): void {
    const text = this.buf;
    if (firstNonSpace(text, 0) === text.length) {
      this.sink.problem({}, 'empty input');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      if (countNonEmptyLines(text) > 1 && this.retryAsLines()) return;
      const at = jsonErrorPosition(e);
      const position: InputPosition = at === undefined ? {} : { byte: byteOffset(text, at), line: lineOf(text, at) };
      this.sink.problem(position, `invalid JSON: ${errorText(e)}`);
      return;
    }
    classifyValue(value, {}, this.sink);
  }

  /** Retries a failed document as NDJSON when at least its first value parses on its own line; true when done so. */
  private retryAsLines(): boolean {
    const text = this.buf;
    const start = firstNonSpace(text, 0);
    const nl = text.indexOf('\n', start);
    if (nl < 0 || !looksLikeCompleteValue(text.slice(start, nl))) return false;
    this.mode = 'ndjson';
    this.drainLines(true);
    return true;
  }
}

function firstNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
    i++;
  }
  return i;
}

/** True when the line is one whole JSON object or array (the start of pretty-printed JSON is not). */
function looksLikeCompleteValue(line: string): boolean {
  const t = line.trim();
  if (!(t.startsWith('{') && t.endsWith('}')) && !(t.startsWith('[') && t.endsWith(']'))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

function countNonEmptyLines(text: string): number {
  let n = 0;
  for (const l of text.split('\n')) {
    if (l.trim() !== '') n++;
    if (n > 1) break;
  }
  return n;
}

/** The character index from a V8 JSON.parse error ("... in JSON at position 42"); undefined when it has none. */
export function jsonErrorPosition(e: unknown): number | undefined {
  const m = /at position (\d+)/.exec(errorText(e));
  return m ? Number(m[1]) : undefined;
}

function byteOffset(text: string, charIndex: number): number {
  return Buffer.byteLength(text.slice(0, charIndex), 'utf8');
}

function lineOf(text: string, charIndex: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < charIndex; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
