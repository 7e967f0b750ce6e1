import { JsonNumber, parseEventNumber } from './number';

/** A JSON value that keeps what JSON.parse loses: key order, duplicate keys and number text (Jackson's view). */
export type JsonTree =
  | { readonly kind: 'object'; readonly entries: ReadonlyArray<readonly [string, JsonTree]> }
  | { readonly kind: 'array'; readonly items: readonly JsonTree[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'literal'; readonly value: true | false | null };

/** Thrown for text that is not one JSON value. */
export class JsonSyntaxError extends Error {}

/** Parses strict JSON (RFC 8259) into a JsonTree; trailing non-space text is an error (JSON.parse's rule). */
export function parseJsonTree(text: string): JsonTree {
  const p = new Parser(text);
  p.ws();
  const v = p.value(0);
  p.ws();
  if (p.i < text.length) p.fail('unexpected text after the JSON value');
  return v;
}

/** Converts a JavaScript value (as produced by JSON.parse) into a JsonTree; numbers keep String(n) as their text. */
export function toJsonTree(value: unknown, path = '$'): JsonTree {
  if (value === null || value === true || value === false) return { kind: 'literal', value };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new JsonSyntaxError(`${path} is ${value}, which JSON cannot express`);
    return { kind: 'number', text: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (Array.isArray(value)) return { kind: 'array', items: value.map((v, i) => toJsonTree(v, `${path}[${i}]`)) };
  if (typeof value === 'object') {
    return { kind: 'object', entries: Object.entries(value as object).map(([k, v]) => [k, toJsonTree(v, `${path}.${k}`)] as const) };
  }
  throw new JsonSyntaxError(`${path} is a ${typeof value}, which JSON cannot express`);
}

/** Parses JSON text into plain JavaScript values; numbers whose text matters to event-ruler become JsonNumber. */
export function parseJsonPreservingNumbers(text: string): unknown {
  return treeToValue(parseJsonTree(text));
}

function treeToValue(t: JsonTree): unknown {
  switch (t.kind) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of t.entries) o[k] = treeToValue(v);
      return o;
    }
    case 'array':
      return t.items.map(treeToValue);
    case 'string':
      return t.value;
    case 'number':
      return parseEventNumber(t.text);
    case 'literal':
      return t.value;
  }
}

/** Re-exported for callers that inspect parsed events. */
export { JsonNumber };

const MAX_DEPTH = 1000;

class Parser {
  i = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new JsonSyntaxError(`invalid JSON at position ${this.i}: ${what}`);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else break;
    }
  }

  value(depth: number): JsonTree {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { kind: 'string', value: this.string() };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return { kind: 'number', text: this.number() };
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return { kind: 'literal', value };
      }
    }
    return this.fail(c === undefined ? 'unexpected end of text' : `unexpected character '${c}'`);
  }

  object(depth: number): JsonTree {
    this.i++;
    const entries: Array<readonly [string, JsonTree]> = [];
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { kind: 'object', entries };
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a field name');
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'");
      this.i++;
      this.ws();
      entries.push([key, this.value(depth + 1)]);
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return { kind: 'object', entries };
      if (c !== ',') this.fail("expected ',' or '}'");
    }
  }

  array(depth: number): JsonTree {
    this.i++;
    const items: JsonTree[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return { kind: 'array', items };
    }
    for (;;) {
      this.ws();
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return { kind: 'array', items };
      if (c !== ',') this.fail("expected ',' or ']'");
    }
  }

  string(): string {
    const start = this.i;
    const end = this.scanString();
    return JSON.parse(this.s.slice(start, end)) as string;
  }

  private scanString(): number {
    const s = this.s;
    let j = this.i + 1;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c === 0x22) {
        this.i = j + 1;
        return j + 1;
      }
      if (c === 0x5c) j += 2;
      else if (c < 0x20) break;
      else j++;
    }
    this.i = j;
    return this.fail('unterminated or invalid string');
  }

  number(): string {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const r = m.exec(this.s);
    if (r === null) this.fail('invalid number');
    this.i += r[0].length;
    return r[0];
  }
}
