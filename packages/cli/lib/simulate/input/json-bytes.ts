/**
 * The JSON grammar over bytes, as RFC 8259 and JSON.parse have it: whitespace is space, tab, LF, CR only; strings
 * hold no raw control characters and only the escapes \" \\ \/ \b \f \n \r \t \uXXXX; numbers are
 * -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?. Each function validates what starts at an index and returns the index
 * after it, or -1; reading past the end yields undefined, which every test rejects. Pure functions over a Buffer.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Whether the last string skipString validated holds escapes. */
let lastStringEscaped = false;

/** True when the string skipString validated last holds escapes (so its value needs JSON.parse). */
export function stringHadEscapes(): boolean {
  return lastStringEscaped;
}

/** Kinds of the containers skipValue is in (1: object, 2: array), reused: a document may nest deeply. */
const open: number[] = [];
const IN_OBJECT = 1;
const IN_ARRAY = 2;

/**
 * Validates the JSON value at `i` (after optional whitespace); the index just past it, or -1 when it is not valid.
 * Iterative, so nesting depth costs no stack; this loop and skipString see almost every byte of a document.
 */
export function skipValue(b: Buffer, i: number): number {
  let depth = 0;
  for (;;) {
    // a value
    let c = b[i];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
    if (c === QUOTE) {
      i = skipString(b, i);
      if (i < 0) return -1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
      c = b[++i];
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
      if (c === close) {
        i++;
      } else {
        open[depth++] = close === CLOSE_BRACE ? IN_OBJECT : IN_ARRAY;
        if (close === CLOSE_BRACE) {
          i = skipKey(b, i);
          if (i < 0) return -1;
        }
        continue;
      }
    } else if (c === 0x74) {
      if (b[i + 1] !== 0x72 || b[i + 2] !== 0x75 || b[i + 3] !== 0x65) return -1; // true
      i += 4;
    } else if (c === 0x66) {
      if (b[i + 1] !== 0x61 || b[i + 2] !== 0x6c || b[i + 3] !== 0x73 || b[i + 4] !== 0x65) return -1; // false
      i += 5;
    } else if (c === 0x6e) {
      if (b[i + 1] !== 0x75 || b[i + 2] !== 0x6c || b[i + 3] !== 0x6c) return -1; // null
      i += 4;
    } else {
      i = skipNumber(b, i);
      if (i < 0) return -1;
    }
    // after a value: close what ends here, then the next value (after its key, in an object)
    for (;;) {
      if (depth === 0) return i;
      c = b[i];
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
      const inObject = open[depth - 1] === IN_OBJECT;
      if (c === COMMA) {
        i++;
        if (inObject) {
          i = skipKey(b, i);
          if (i < 0) return -1;
        }
        break;
      }
      if (c !== (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) return -1;
      i++;
      depth--;
    }
  }
}

/** Validates `"key" :` at `i` (after optional whitespace); the index after the colon, or -1. */
function skipKey(b: Buffer, i: number): number {
  let c = b[i];
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
  if (c !== QUOTE) return -1;
  i = skipString(b, i);
  if (i < 0) return -1;
  c = b[i];
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
  return c === COLON ? i + 1 : -1;
}

/** Validates the string whose quote is at `i`; the index after its closing quote, or -1. Sets lastStringEscaped. */
export function skipString(b: Buffer, i: number): number {
  let escaped = false;
  i++;
  for (;;) {
    let c = b[i];
    while (c >= 0x20 && c !== QUOTE && c !== BACKSLASH) c = b[++i];
    if (c === QUOTE) {
      lastStringEscaped = escaped;
      return i + 1;
    }
    if (c !== BACKSLASH) return -1; // a control character, or the end
    escaped = true;
    const e = b[i + 1];
    if (e === 0x75) {
      if (!isHex(b[i + 2]) || !isHex(b[i + 3]) || !isHex(b[i + 4]) || !isHex(b[i + 5])) return -1;
      i += 6;
    } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
      i += 2;
    } else {
      return -1;
    }
  }
}

/** Validates the number at `i`: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?; the index after it, or -1. */
function skipNumber(b: Buffer, i: number): number {
  let c = b[i];
  if (c === 0x2d) c = b[++i];
  if (c === 0x30) {
    c = b[++i];
  } else if (c >= 0x31 && c <= 0x39) {
    do c = b[++i];
    while (c >= 0x30 && c <= 0x39);
  } else {
    return -1;
  }
  if (c === 0x2e) {
    c = b[++i];
    if (!(c >= 0x30 && c <= 0x39)) return -1;
    do c = b[++i];
    while (c >= 0x30 && c <= 0x39);
  }
  if (c === 0x65 || c === 0x45) {
    c = b[++i];
    if (c === 0x2b || c === 0x2d) c = b[++i];
    if (!(c >= 0x30 && c <= 0x39)) return -1;
    do c = b[++i];
    while (c >= 0x30 && c <= 0x39);
  }
  return i;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
