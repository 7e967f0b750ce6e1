import { DigitRange, ipToHex, rangeMatchesDigits } from './ip';
import { comparableBytes, compareNumbers, JsonNumber } from './number';
import { ownString } from './own-string';
import { ValueSpec } from './pattern-spec';

/**
 * How IP matchers (`{"cidr": …}` and bare address literals) treat values of the other address family.
 * - `event-ruler`: as aws/event-ruler 2.0.1 does — hex digit strings of different lengths are compared on their common
 *   digits, so an IPv6 value can match an IPv4 range and an IPv4 value a short IPv6 range (see ip.ts). Numbers are
 *   walked through the ranges as their JSON text.
 * - `strict`: an IP matcher matches only a value that is an IP address of its own family, by exact containment.
 * Which one the hosted Amazon EventBridge service has is not established; keywatch's patterns are built to be right
 * under both, and `keywatch verify` asks the service.
 */
export type IpSemantics = 'event-ruler' | 'strict';

/** Every IP semantics the engine models, the default first. */
export const IP_SEMANTICS: readonly IpSemantics[] = ['event-ruler', 'strict'];

/** A leaf value of an event: what event-ruler flattens a JSON event into. */
export type Leaf = string | number | boolean | null | JsonNumber;

/** Tests one leaf value. */
export type LeafTest = (v: Leaf) => boolean;

/**
 * How event-ruler's ByteMachine for this field sees a number: with `hasNumeric` (the field's matchers include a
 * numeric one) an exactly representable number is matched in NUMERIC mode (its ComparableNumber bytes); any other
 * number is matched in STRING mode by its JSON text, which is also walked through CIDR ranges as if it were hex digits.
 */
function numberView(v: Leaf, hasNumeric: boolean): { numeric: number } | { text: string } | undefined {
  if (typeof v === 'number') return hasNumeric ? { numeric: v } : { text: String(v) };
  if (v instanceof JsonNumber) return hasNumeric && v.value !== undefined ? { numeric: v.value } : { text: v.text };
  return undefined;
}

const hexCache = new Map<string, string | null>();

/** ipToHex with a bounded memo: CloudTrail replays repeat the same few thousand addresses. */
function cachedIpToHex(v: string): string | undefined {
  let hex = hexCache.get(v);
  if (hex === undefined) {
    hex = ipToHex(v) ?? null;
    if (hexCache.size >= 100_000) hexCache.clear();
    hexCache.set(ownString(v), hex);
  }
  return hex ?? undefined;
}

/** One test for several IP ranges of a field: the value is parsed once, and string results are memoized (bounded). */
export function ipRangesTest(ranges: readonly DigitRange[], hasNumeric: boolean, semantics: IpSemantics): LeafTest {
  const memo = new Map<string, boolean>();
  const strict = semantics === 'strict';
  const test = (digits: string): boolean => {
    for (const r of ranges) if ((!strict || r.bottom.length === digits.length) && rangeMatchesDigits(r, digits)) return true;
    return false;
  };
  return (v) => {
    let digits: string | undefined;
    if (typeof v === 'string') {
      let known = memo.get(v);
      if (known === undefined) {
        const hex = cachedIpToHex(v);
        known = hex !== undefined && test(hex);
        if (memo.size >= 100_000) memo.clear();
        memo.set(ownString(v), known);
      }
      return known;
    } else if (!strict) {
      const n = numberView(v, hasNumeric);
      digits = n !== undefined && 'text' in n ? n.text : undefined;
    }
    return digits !== undefined && test(digits);
  };
}

const HEX_ADDRESS_TEXT = /^(?:[0-9A-F]{8}|[0-9A-F]{32})$/;

/** Builds the test for one value matcher; `absent` has no leaf test and is handled by the caller. */
export function leafTest(spec: Exclude<ValueSpec, { type: 'absent' }>, hasNumeric: boolean, semantics: IpSemantics): LeafTest {
  switch (spec.type) {
    case 'exact': {
      const s = spec.value;
      return (v) => v === s;
    }
    case 'ip': {
      const r = spec.range;
      const strict = semantics === 'strict';
      return (v) => {
        if (typeof v === 'string') {
          const hex = cachedIpToHex(v);
          return hex !== undefined && (!strict || hex.length === r.bottom.length) && rangeMatchesDigits(r, hex);
        }
        if (strict) return false;
        const n = numberView(v, hasNumeric);
        return n !== undefined && 'text' in n && rangeMatchesDigits(r, n.text);
      };
    }
    case 'number': {
      const { text, value } = spec;
      // An IP value is also matched as its hex digit string, so a literal like 12345678 equals "18.52.86.120".
      const hexLike = HEX_ADDRESS_TEXT.test(text);
      return (v) => {
        if (typeof v === 'string') return hexLike && cachedIpToHex(v) === text;
        const n = numberView(v, hasNumeric);
        if (n === undefined) return false;
        return 'numeric' in n ? value !== undefined && compareNumbers(n.numeric, value) === 0 : n.text === text;
      };
    }
    case 'literal': {
      const lit = spec.value;
      return (v) => v === lit;
    }
    case 'prefix':
      if (spec.ignoreCase) return stringRegexTest(ignoreCaseSource(spec.value), '^');
      return prefixTest(spec.value);
    case 'suffix': {
      const source = spec.ignoreCase ? ignoreCaseSource(spec.value) : escapeRegex(spec.value);
      const onString = new RegExp(`(?:${source})$`);
      // In NUMERIC mode the ComparableNumber bytes are matched against the suffix and its closing quote.
      const onBytes = hasNumeric ? new RegExp(`(?:${source})"$`) : undefined;
      return (v) => {
        if (typeof v === 'string') return onString.test(v);
        const n = onBytes && numberView(v, hasNumeric);
        return n !== undefined && 'numeric' in n && onBytes!.test(comparableBytes(n.numeric));
      };
    }
    case 'equals-ignore-case':
      return stringRegexTest(ignoreCaseSource(spec.value), '^$');
    case 'wildcard':
      return stringRegexTest(wildcardSource(spec.value), '^$');
    case 'numeric': {
      const { low, lowOpen, high, highOpen } = spec;
      return (v) => {
        const n = numberView(v, hasNumeric);
        if (n === undefined || !('numeric' in n)) return false;
        const a = compareNumbers(n.numeric, low);
        const b = compareNumbers(n.numeric, high);
        return (lowOpen ? a > 0 : a >= 0) && (highOpen ? b < 0 : b <= 0);
      };
    }
    case 'exists':
      return () => true;
    case 'anything-but': {
      const strings = new Set(spec.strings);
      const numbers = spec.numbers;
      if (numbers.length === 0) return (v) => !(typeof v === 'string' && strings.has(v));
      return (v) => {
        const n = numberView(v, hasNumeric);
        return !(n !== undefined && 'numeric' in n && numbers.some((x) => compareNumbers(n.numeric, x) === 0));
      };
    }
    case 'anything-but-set': {
      // An empty set never matches (event-ruler adds no transition for it).
      if (spec.values.length === 0) return () => false;
      const tests = spec.values.map((value) => {
        switch (spec.op) {
          case 'prefix':
            return prefixTest(value);
          case 'suffix':
            return leafTest({ type: 'suffix', value, ignoreCase: false }, hasNumeric, semantics);
          case 'equals-ignore-case':
            return stringRegexTest(ignoreCaseSource(value), '^$');
          case 'wildcard':
            return stringRegexTest(wildcardSource(value), '^$');
        }
      });
      return (v) => !tests.some((t) => t(v));
    }
  }
}

function prefixTest(p: string): LeafTest {
  return (v) => typeof v === 'string' && v.startsWith(p);
}

function stringRegexTest(source: string, anchors: '^' | '$' | '^$'): LeafTest {
  const re = new RegExp(`${anchors.includes('^') ? '^' : ''}(?:${source})${anchors.includes('$') ? '$' : ''}`);
  return (v) => typeof v === 'string' && re.test(v);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * EqualsIgnoreCaseParser: each UTF-16 unit of the pattern matches its Locale.ROOT lower-case or upper-case form
 * (which may be longer, e.g. "ß" ↔ "SS").
 */
function ignoreCaseSource(p: string): string {
  let out = '';
  for (const c of p) {
    if (c.length > 1) {
      out += escapeRegex(c);
      continue;
    }
    const lo = c.toLowerCase();
    const up = c.toUpperCase();
    out += lo === up ? escapeRegex(lo) : `(?:${escapeRegex(lo)}|${escapeRegex(up)})`;
  }
  return out;
}

/** WildcardParser: `*` matches any run of characters; `\*` and `\\` are literal. */
function wildcardSource(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '\\') out += escapeRegex(p[++i] ?? '');
    else out += escapeRegex(c);
  }
  return out;
}
