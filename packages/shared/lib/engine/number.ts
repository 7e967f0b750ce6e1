/**
 * Numbers as aws/event-ruler sees them (ComparableNumber.java): a JSON number takes part in numeric matching only when
 * its decimal value is exactly the value of the nearest IEEE-754 double (e.g. `0.1` and `1e3` do, `0.30000000000000001`
 * and `12345678901234567890` do not); such "inexact" numbers are only compared as text.
 * Java's BigDecimal.valueOf(double) uses Double.toString, which on JDK < 19 is not always the shortest representation;
 * we use JavaScript's shortest round-trip form (JDK 19+ behaviour). The two differ only for a few doubles above 1e21.
 */

/**
 * A JSON number from event text whose source text matters to event-ruler: either no double represents it exactly
 * (`value` undefined; compared as text only) or its text differs from JavaScript's (e.g. `1E1`, `5.0`).
 */
export class JsonNumber {
  constructor(
    readonly text: string,
    /** The exact double value, or undefined when there is none. */
    readonly value: number | undefined,
  ) {}
}

/** Parses a JSON number's text: the double when it is exact and prints the same, otherwise a JsonNumber. */
export function parseEventNumber(text: string): number | JsonNumber {
  const exact = parseJsonNumber(text);
  if (typeof exact !== 'number') return new JsonNumber(text, undefined);
  return String(exact) === text ? exact : new JsonNumber(text, exact);
}

/** Parses a JSON number's text; returns the double when it is exactly representable, otherwise a text-only JsonNumber. */
export function parseJsonNumber(text: string): number | JsonNumber {
  const value = Number(text);
  return Number.isFinite(value) && sameDecimal(text, String(value)) ? value : new JsonNumber(text, undefined);
}

/**
 * event-ruler's ComparableNumber bytes for a double (as a string of char codes 0–127): the IEEE-754 bits with the sign
 * flipped (all bits for negatives), in ten base-128 digits, most significant first.
 */
export function comparableBytes(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  let bits = view.getBigUint64(0);
  bits = bits >> 63n === 1n ? ~bits & 0xffffffffffffffffn : bits | (1n << 63n);
  let out = '';
  for (let i = 9; i >= 0; i--) out += String.fromCharCode(Number((bits >> BigInt(7 * i)) & 0x7fn));
  return out;
}

/** True when the JSON number text is exactly representable as a finite double (ComparableNumber.generate succeeds). */
export function isExactNumber(text: string): boolean {
  return typeof parseJsonNumber(text) === 'number';
}

/** Total order used by event-ruler's comparable encoding: like `<`, except -0 sorts just below +0. */
export function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === 0 && b === 0) {
    const na = Object.is(a, -0);
    const nb = Object.is(b, -0);
    return na === nb ? 0 : na ? -1 : 1;
  }
  return 0;
}

interface Decimal {
  readonly negative: boolean;
  readonly digits: string; // no leading or trailing zeros; '' for zero
  readonly exponent: number; // value = 0.digits × 10^exponent
}

function toDecimal(text: string): Decimal {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (m === null) return { negative: false, digits: 'NaN', exponent: 0 };
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  let digits = intPart + fracPart;
  let exponent = intPart.length + Number(m[4] ?? '0');
  const lead = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(lead).replace(/0+$/, '');
  exponent -= lead;
  return { negative: m[1] === '-', digits, exponent: digits === '' ? 0 : exponent };
}

/** True when two decimal texts denote the same value (sign of zero included, as BigDecimal.compareTo ignores it). */
function sameDecimal(a: string, b: string): boolean {
  const x = toDecimal(a);
  const y = toDecimal(b);
  if (x.digits === '' && y.digits === '') return true;
  return x.negative === y.negative && x.digits === y.digits && x.exponent === y.exponent;
}
