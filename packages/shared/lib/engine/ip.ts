/**
 * IP addresses and CIDR blocks exactly as aws/event-ruler handles them (CIDR.java, Range.java, ByteMachine.java).
 *
 * - A value is tried as an IP only when it matches `[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+` or `[0-9a-fA-F:]*:[0-9a-fA-F:]*`
 *   (so no zone ids like `fe80::1%eth0` and no dotted IPv6 tails like `::ffff:10.0.0.1`), then parsed by Java's
 *   InetAddress: IPv4 octets are decimal even with leading zeros (`010.0.0.1` is 10.0.0.1), the text is at most 15
 *   characters; IPv6 groups may carry leading zeros as long as the value fits 16 bits; an IPv4-mapped IPv6 address in
 *   hex form (`::ffff:a00:1`) becomes the IPv4 address 10.0.0.1.
 * - Addresses become upper-case hex digit strings (8 digits for IPv4, 32 for IPv6); ranges are matched digit by
 *   digit by event-ruler's range automaton, which fires as soon as the digits seen so far settle the answer. For
 *   same-family values this is exact CIDR containment. Across families it is NOT: an IPv6 address whose first 32 bits
 *   fall inside an IPv4 block matches it (`a00::1` matches `10.0.0.0/8`), and an IPv4 address can match an IPv6 block
 *   whose range is settled within 8 hex digits (`1.1.1.1` matches `::/1`). We reproduce this faithfully.
 */

/** A closed/open range of equal-length digit strings, as in event-ruler's Range (isCIDR = true). */
export interface DigitRange {
  readonly bottom: string;
  readonly top: string;
  readonly openBottom: boolean;
  readonly openTop: boolean;
}

const IPV4_LIKE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_LIKE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const HEX = '0123456789ABCDEF';

/** The address as event-ruler's hex digit string (8 or 32 upper-case digits), or undefined when it is not an IP. */
export function ipToHex(text: string): string | undefined {
  const bytes = ipToBytes(text);
  return bytes === undefined ? undefined : toHex(bytes);
}

/** Parses an IP literal with Java's InetAddress rules (see file comment); undefined when Java would not. */
export function ipToBytes(text: string): number[] | undefined {
  if (IPV4_LIKE.test(text)) return parseV4(text);
  if (IPV6_LIKE.test(text)) {
    const v6 = parseV6(text);
    if (v6 === undefined) return undefined;
    const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
    return mapped ? v6.slice(12) : v6;
  }
  return undefined;
}

/** The single-address range a bare IP string in a pattern becomes (CIDR.ipToRangeIfPossible); undefined if not an IP. */
export function ipToRange(text: string): DigitRange | undefined {
  const digits = ipToHex(text);
  if (digits === undefined) return undefined;
  const last = digits[digits.length - 1];
  const head = digits.slice(0, -1);
  if (last === 'F') return { bottom: head + 'E', top: digits, openBottom: true, openTop: false };
  return { bottom: digits, top: head + HEX[HEX.indexOf(last) + 1], openBottom: false, openTop: true };
}

/** Parses a `{"cidr": …}` value like CIDR.cidr(); throws an Error with event-ruler's message when it is rejected. */
export function cidrToRange(cidr: string): DigitRange {
  const parts = javaSplitSlash(cidr);
  if (parts.length !== 2) throw new Error("Malformed CIDR, one '/' required");
  if (!/^[+-]?[0-9]+$/.test(parts[1])) throw new Error('Malformed CIDR, mask bits must be an integer');
  const mask = Number(parts[1]);
  if (mask > 2147483647 || mask < -2147483648) throw new Error('Malformed CIDR, mask bits must be an integer');
  if (mask < 0) throw new Error('Malformed CIDR, mask bits must not be negative');
  const bytes = ipToBytes(parts[0]);
  if (bytes === undefined) {
    throw new Error(IPV4_LIKE.test(parts[0]) || IPV6_LIKE.test(parts[0]) ? `Invalid IP address: ${parts[0]}` : `Nonstandard IP address: ${parts[0]}`);
  }
  if (bytes.length === 4 && mask > 31) throw new Error('IPv4 mask bits must be < 32');
  if (bytes.length === 16 && mask > 127) throw new Error('IPv6 mask bits must be < 128');
  const total = bytes.length * 8;
  const low = bytes.slice();
  const high = bytes.slice();
  for (let bit = mask; bit < total; bit++) {
    const i = bit >> 3;
    const m = 0x80 >> (bit & 7);
    low[i] &= ~m & 0xff;
    high[i] |= m;
  }
  return { bottom: toHex(low), top: toHex(high), openBottom: false, openTop: false };
}

/**
 * Runs event-ruler's range automaton (ByteMachine.addRangePattern) on a digit string: true when a match transition
 * fires; digits after that point are ignored and a value that ends before the range is settled does not match.
 */
export function rangeMatchesDigits(r: DigitRange, v: string): boolean {
  const { bottom: b, top: t } = r;
  const last = b.length - 1;
  let f = 0;
  while (b.charCodeAt(f) === t.charCodeAt(f)) {
    if (f >= v.length || v.charCodeAt(f) !== b.charCodeAt(f)) return false;
    f++;
  }
  if (f >= v.length) return false;
  const d = v.charCodeAt(f);
  if (d > b.charCodeAt(f) && d < t.charCodeAt(f)) return true;
  if (d === b.charCodeAt(f)) {
    if (f === last) return !r.openBottom;
    for (let p = f + 1; p <= last; p++) {
      if (p >= v.length) return false;
      const x = v.charCodeAt(p);
      const y = b.charCodeAt(p);
      if (x > y) return true;
      if (x !== y) return false;
    }
    return !r.openBottom;
  }
  if (d === t.charCodeAt(f)) {
    if (f === last) return !r.openTop;
    for (let p = f + 1; p <= last; p++) {
      if (p >= v.length) return false;
      const x = v.charCodeAt(p);
      const y = t.charCodeAt(p);
      if (x < y) return true;
      if (x !== y) return false;
    }
    return !r.openTop;
  }
  return false;
}

function toHex(bytes: readonly number[]): string {
  let s = '';
  for (const b of bytes) s += HEX[b >> 4] + HEX[b & 15];
  return s;
}

/** Java's String.split("/"): trailing empty strings are dropped. */
function javaSplitSlash(s: string): string[] {
  const parts = s.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.length === 0 ? [] : parts;
}

/** IPAddressUtil.textToNumericFormatV4 for four dotted decimal parts. */
function parseV4(text: string): number[] | undefined {
  if (text.length === 0 || text.length > 15) return undefined;
  const parts = text.split('.');
  const out: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (p === '' || n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** IPAddressUtil.textToNumericFormatV6, restricted to the characters IPV6_LIKE admits (no embedded IPv4). */
function parseV6(src: string): number[] | undefined {
  const n = src.length;
  if (n < 2) return undefined;
  const dst = new Array<number>(16).fill(0);
  let i = 0;
  let j = 0;
  let colonp = -1;
  if (src[i] === ':' && src[++i] !== ':') return undefined;
  let sawDigit = false;
  let val = 0;
  while (i < n) {
    const ch = src[i++];
    const d = parseInt(ch, 16);
    if (!Number.isNaN(d)) {
      val = (val << 4) | d;
      if (val > 0xffff) return undefined;
      sawDigit = true;
      continue;
    }
    // ch === ':'
    if (!sawDigit) {
      if (colonp !== -1) return undefined;
      colonp = j;
      continue;
    } else if (i === n) {
      return undefined;
    }
    if (j + 2 > 16) return undefined;
    dst[j++] = (val >> 8) & 0xff;
    dst[j++] = val & 0xff;
    sawDigit = false;
    val = 0;
  }
  if (sawDigit) {
    if (j + 2 > 16) return undefined;
    dst[j++] = (val >> 8) & 0xff;
    dst[j++] = val & 0xff;
  }
  if (colonp !== -1) {
    const moved = j - colonp;
    if (j === 16) return undefined;
    for (let k = 1; k <= moved; k++) {
      dst[16 - k] = dst[colonp + moved - k];
      dst[colonp + moved - k] = 0;
    }
    j = 16;
  }
  return j === 16 ? dst : undefined;
}
