import { EventPatternError } from './errors';
import { JsonSyntaxError, JsonTree, parseJsonPreservingNumbers, parseJsonTree, toJsonTree } from './json';
import { JsonNumber } from './number';
import { compileSubRules } from './pattern-parser';
import { SubRule, ValueSpec } from './pattern-spec';
import { DigitRange } from './ip';
import { ipRangesTest, IpSemantics, Leaf, LeafTest, leafTest } from './value-matchers';

/** How a pattern is compiled. */
export interface EventPatternOptions {
  /** How IP matchers treat values of the other address family (see IpSemantics). @default 'event-ruler' */
  readonly ipSemantics?: IpSemantics;
}

/** A pattern compiled once, to test many events. */
export interface CompiledEventPattern {
  /** The pattern's canonical JSON text. */
  readonly source: string;
  /** Dotted field paths the pattern reads (e.g. "detail.userIdentity.accessKeyId"), sorted. */
  readonly fields: readonly string[];
  /**
   * Fields every branch of the pattern requires to hold a string equal to one of a few values or starting with one of
   * a few prefixes (field path → those), e.g. "account" → {exact: {"111122223333"}}: an event without such a string at
   * that path cannot match.
   */
  readonly keyValues: ReadonlyMap<string, KeyValues>;
  /** True when the event matches; events given as JSON text are parsed first. */
  matches(event: object | string): boolean;
  /**
   * True when the event `reader` holds matches; fields that other patterns already read from that event are not
   * read again (the fast way to test one event against many patterns).
   */
  test(reader: EventReader): boolean;
}

/** What a key field of a pattern requires (see CompiledEventPattern.keyValues): a string in `exact` or starting with one of `prefixes`. */
export interface KeyValues {
  readonly exact: ReadonlySet<string>;
  readonly prefixes: ReadonlySet<string>;
}

/** Leaves read from one event, shared by every pattern tested against it (see createEventReader). */
export interface EventReader {
  /** Starts reading `event` (an object, as JSON.parse returns it); what was read from the previous one is forgotten. */
  reset(event: object): void;
}

/** A reader for CompiledEventPattern.test, empty until reset; reuse one for all events (it allocates nothing per event). */
export function createEventReader(): EventReader {
  return new Reader();
}

/** Throws EventPatternError when EventBridge (aws/event-ruler) would reject the pattern; returns nothing otherwise. */
export function validateEventPattern(pattern: object | string): void {
  compileEventPattern(pattern);
}

/** Compiles a pattern (object or JSON text) for fast repeated matching, IP semantics 'event-ruler' by default; throws EventPatternError when it is invalid. */
export function compileEventPattern(pattern: object | string, options: EventPatternOptions = {}): CompiledEventPattern {
  const tree = toTree(pattern);
  return new Compiled(typeof pattern === 'string' ? pattern : JSON.stringify(pattern), compileSubRules(tree), options.ipSemantics ?? 'event-ruler');
}

/**
 * Builds a matcher from sub-rules compileSubRules already made (e.g. with some removed, to model an engine that drops
 * them); IP semantics 'event-ruler' by default. Internal: not part of the package API.
 */
export function compileFromSubRules(source: string, subRules: SubRule[], options: EventPatternOptions = {}): CompiledEventPattern {
  return new Compiled(source, subRules, options.ipSemantics ?? 'event-ruler');
}

const cache = new Map<string, CompiledEventPattern>();
const CACHE_LIMIT = 1000;

/** True when the event matches the pattern (IP semantics 'event-ruler' by default); compiled patterns are cached by their JSON text (up to 1,000). */
export function matchesEventPattern(pattern: object | string, event: object | string, options: EventPatternOptions = {}): boolean {
  const semantics = options.ipSemantics ?? 'event-ruler';
  const key = `${semantics}\u0000${typeof pattern === 'string' ? pattern : JSON.stringify(pattern)}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    compiled = compileEventPattern(pattern, { ipSemantics: semantics });
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, compiled);
  }
  return compiled.matches(event);
}

/** Parses a pattern (object or JSON text) into a tree; throws EventPatternError when the text is not JSON. */
export function toTree(pattern: object | string): JsonTree {
  try {
    return typeof pattern === 'string' ? parseJsonTree(pattern) : toJsonTree(pattern);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new EventPatternError(`Event pattern is not valid JSON: ${e.message}`);
    throw e;
  }
}

/** One array the value sits in: the array and the element index (event-ruler's ArrayMembership). */
type Membership = ReadonlyArray<readonly [unknown[], number]>;

/** One step of the plain-object fast path: the key to read, and the dotted keys that must be absent to take it. */
interface Step {
  readonly key: string;
  /** The key names an Object.prototype property ("constructor"…): read it with hasOwnProperty. */
  readonly inherited: boolean;
  /** Longer candidate keys at this step ("a.b" when the key is "a"): if the object has one, take the general walk. */
  readonly dotted: readonly string[];
}

interface Field {
  readonly path: string;
  /** Candidate ways to read the path: event keys may themselves contain dots ("a.b" ≡ a → b). */
  readonly steps: readonly string[];
  /** keys[i] = candidate [eventKey, nextStep] pairs at step i ("a", "a.b", "a.b.c" …). */
  readonly keys: ReadonlyArray<ReadonlyArray<readonly [string, number]>>;
  /** The fast path: one step per path segment. */
  readonly fast: readonly Step[];
  /** The path's slot in every Reader (leaves depend on the path alone, so patterns share them). */
  readonly slot: number;
  readonly test: LeafTest | undefined;
  readonly absent: boolean;
}

interface Branch {
  /** Fields in event-ruler's order (sorted by path): absence is judged against the array elements chosen so far. */
  readonly fields: readonly Field[];
  /** Fields with value tests only, cheapest-to-reject first, for a quick pre-check. */
  readonly quick: readonly Field[];
  /** Fields with an `exists: false` matcher (possibly with value tests too). */
  readonly absent: readonly Field[];
}

const EMPTY: Membership = [];

class Compiled implements CompiledEventPattern {
  readonly fields: readonly string[];
  readonly keyValues: ReadonlyMap<string, KeyValues>;
  private readonly branches: readonly Branch[];
  private readonly numberSensitive: boolean;
  /** The reader `matches` uses (patterns never re-enter matches while testing). */
  private readonly own = new Reader();

  constructor(
    readonly source: string,
    subRules: SubRule[],
    semantics: IpSemantics,
  ) {
    const fieldCache = new Map<string, Field>();
    const all = new Set<string>();
    let numberSensitive = false;
    const sorted = subRules.map((rule) => [...rule.keys()].sort().map((path) => [path, rule.get(path)!] as const));
    // event-ruler keeps one ByteMachine per (NameState, field); branches that share the same earlier fields and
    // matchers reach the same NameState, so their matchers for the next field share one ByteMachine and one
    // "has numeric matchers" flag, which decides how numbers are read (see value-matchers.ts).
    const machineKey = (entries: ReadonlyArray<readonly [string, readonly ValueSpec[]]>, i: number): string =>
      JSON.stringify(entries.slice(0, i)) + '\u0000' + entries[i][0];
    const hasNumeric = new Map<string, boolean>();
    for (const entries of sorted) {
      entries.forEach(([, specs], i) => {
        const k = machineKey(entries, i);
        hasNumeric.set(k, (hasNumeric.get(k) ?? false) || specs.some(isNumberSpec));
      });
    }
    // IP range tests cost the most per value: the quick pre-check runs them after the cheap ones (AND is order-free)
    const costly = new Set<Field>();
    this.branches = sorted.map((entries) => {
      const fields = entries.map(([path, specs], i) => {
        all.add(path);
        const numeric = hasNumeric.get(machineKey(entries, i))!;
        if (numeric || specs.some((x) => x.type === 'ip' || x.type === 'number')) numberSensitive = true;
        const key = `${path}\u0000${numeric}\u0000${JSON.stringify(specs)}`;
        let f = fieldCache.get(key);
        if (f === undefined) {
          f = makeField(path, specs, numeric, semantics);
          fieldCache.set(key, f);
        }
        if (specs.some((x) => x.type === 'ip')) costly.add(f);
        return f;
      });
      const cost = (f: Field) => (costly.has(f) ? 1 : 0);
      const quick = fields.filter((f) => !f.absent).sort((a, b) => cost(a) - cost(b) || a.steps.length - b.steps.length);
      return { fields, quick, absent: fields.filter((f) => f.absent) };
    });
    this.fields = [...all].sort();
    this.numberSensitive = numberSensitive;
    this.keyValues = keyValuesOf(sorted);
  }

  matches(event: object | string): boolean {
    const root = typeof event === 'string' ? parseEvent(event, this.numberSensitive) : event;
    if (root === null || typeof root !== 'object' || Array.isArray(root)) return false;
    this.own.reset(root);
    const result = this.test(this.own);
    this.own.reset(NO_EVENT);
    return result;
  }

  test(reader: EventReader): boolean {
    const r = reader as Reader;
    const branches = this.branches;
    for (let b = 0; b < branches.length; b++) {
      if (matchBranch(branches[b], r)) return true;
    }
    return false;
  }
}

/**
 * The fields for which every branch has only exact string matchers (`"x"`, `{"exactly": "x"}`; strings that read as IP
 * addresses compile to IP matchers and are left out) and case-sensitive prefixes, with the union of their values. Such
 * a field matches a leaf only when the leaf is a string equal to one of them (leafTest 'exact' is `===`) or starting
 * with one (prefixTest), and no `exists: false` sits beside it.
 */
function keyValuesOf(branches: ReadonlyArray<ReadonlyArray<readonly [string, readonly ValueSpec[]]>>): ReadonlyMap<string, KeyValues> {
  const result = new Map<string, KeyValues>();
  for (const [path] of branches[0] ?? []) {
    const exact = new Set<string>();
    const prefixes = new Set<string>();
    const everywhere = branches.every((entries) => {
      const specs = entries.find(([p]) => p === path)?.[1];
      if (specs === undefined) return false;
      for (const s of specs) {
        if (s.type === 'exact') exact.add(s.value);
        else if (s.type === 'prefix' && !s.ignoreCase) prefixes.add(s.value);
        else return false;
      }
      return true;
    });
    if (everywhere) result.set(path, { exact, prefixes });
  }
  return result;
}

/** The leaves at `path` of the event `reader` holds (read once per event, shared with every pattern reading the path). */
export function leavesAt(reader: EventReader, path: string): readonly Leaf[] {
  let f = PATH_FIELDS.get(path);
  if (f === undefined) {
    f = makeField(path, [], false, 'event-ruler');
    PATH_FIELDS.set(path, f);
  }
  return (reader as Reader).get(f).leaves;
}

/** Fields with no matcher, by path, for leavesAt. */
const PATH_FIELDS = new Map<string, Field>();

/** Slots of field paths, shared by all patterns; grows with the distinct paths of compiled patterns. */
const SLOTS = new Map<string, number>();

function slotOf(path: string): number {
  let slot = SLOTS.get(path);
  if (slot === undefined) {
    slot = SLOTS.size;
    SLOTS.set(path, slot);
  }
  return slot;
}

const NO_EVENT: object = Object.freeze({});

/** EventReader: the leaves of each path read so far from the current event, stamped with the event's number. */
class Reader implements EventReader {
  private root: object = NO_EVENT;
  private epoch = 0;
  private readonly stamps: number[] = [];
  private readonly found: Found[] = [];
  /** Per slot, the Found that collect fills for a single leaf (the common case), reused from event to event. */
  private readonly single: Array<{ leaves: [Leaf]; memberships: undefined }> = [];

  reset(event: object): void {
    this.root = event;
    this.epoch++;
  }

  get(f: Field): Found {
    const slot = f.slot;
    if (this.stamps[slot] === this.epoch) return this.found[slot];
    const found = collect(this.root, f, (this.single[slot] ??= { leaves: [null], memberships: undefined }));
    this.stamps[slot] = this.epoch;
    this.found[slot] = found;
    return found;
  }
}

function isNumberSpec(s: ValueSpec): boolean {
  return s.type === 'number' || s.type === 'numeric' || (s.type === 'anything-but' && s.numbers.length > 0);
}

function parseEvent(text: string, numberSensitive: boolean): unknown {
  try {
    return numberSensitive ? parseJsonPreservingNumbers(text) : JSON.parse(text);
  } catch (e) {
    throw new EventPatternError(`Event is not valid JSON: ${(e as Error).message}`);
  }
}

function makeField(path: string, specs: readonly ValueSpec[], hasNumeric: boolean, semantics: IpSemantics): Field {
  const tests: LeafTest[] = [];
  const ranges: DigitRange[] = [];
  let absent = false;
  for (const s of specs) {
    if (s.type === 'absent') absent = true;
    else if (s.type === 'ip') ranges.push(s.range);
    else tests.push(leafTest(s, hasNumeric, semantics));
  }
  // All CIDR/IP matchers of a field share one address parse per value (the expensive part).
  if (ranges.length > 0) tests.push(ipRangesTest(ranges, hasNumeric, semantics));
  const test: LeafTest | undefined = tests.length === 0 ? undefined : tests.length === 1 ? tests[0] : (v) => tests.some((t) => t(v));
  const steps = path.split('.');
  const keys = steps.map((_, i) => steps.slice(i).map((__, j) => [steps.slice(i, i + j + 1).join('.'), i + j + 1] as const));
  const fast = keys.map((candidates) => ({
    key: candidates[0][0],
    inherited: candidates[0][0] in Object.prototype,
    dotted: candidates.slice(1).map(([k]) => k),
  }));
  return { path, steps, keys, fast, slot: slotOf(path), test, absent };
}

/** The leaves found at one path, and (only when some sit inside arrays of objects) their array memberships. */
interface Found {
  readonly leaves: Leaf[];
  readonly memberships: Membership[] | undefined;
}

interface Acc {
  leaves: Leaf[];
  memberships: Membership[] | undefined;
}

/** The leaves of `f` in `root`; a single leaf is written into `single` (valid until the reader's next event). */
function collect(root: object, f: Field, single: { leaves: [Leaf]; memberships: undefined }): Found {
  // Fast path: plain objects along the path and one key per step (by far the common case for CloudTrail). Events
  // are JSON data, so an own property is read directly unless its name is also an Object.prototype property, and
  // an undefined value is an absent one (the general walk finds no leaf under it either).
  let node: unknown = root;
  let i = 0;
  const n = f.fast.length;
  while (i < n && typeof node === 'object' && node !== null && !Array.isArray(node) && !(node instanceof JsonNumber)) {
    const obj = node as Record<string, unknown>;
    const step = f.fast[i];
    if (hasAny(obj, step.dotted)) break; // an event key that itself contains dots: take the general walk from here
    node = step.inherited ? (Object.prototype.hasOwnProperty.call(obj, step.key) ? obj[step.key] : undefined) : obj[step.key];
    if (node === undefined) return NOTHING;
    i++;
  }
  if (i === n && (node === null || typeof node !== 'object' || node instanceof JsonNumber)) {
    if (typeof node === 'function' || typeof node === 'symbol' || typeof node === 'bigint') return NOTHING;
    single.leaves[0] = node as Leaf;
    return single;
  }
  const acc: Acc = { leaves: [], memberships: undefined };
  walk(f, node, i, EMPTY, acc);
  return acc;
}

/** True when `obj` has one of `keys` (dotted keys: never Object.prototype properties) with a defined value. */
function hasAny(obj: Record<string, unknown>, keys: readonly string[]): boolean {
  for (let k = 0; k < keys.length; k++) {
    if (obj[keys[k]] !== undefined) return true;
  }
  return false;
}

const NOTHING: Found = { leaves: [], memberships: undefined };

function add(acc: Acc, v: Leaf, m: Membership): void {
  if (m.length > 0 && acc.memberships === undefined) acc.memberships = acc.leaves.map(() => EMPTY);
  acc.leaves.push(v);
  acc.memberships?.push(m);
}

function walk(f: Field, node: unknown, i: number, m: Membership, acc: Acc): void {
  if (i === f.steps.length) {
    leafOrArray(node, m, acc);
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((el, idx) => {
      if (el !== null && typeof el === 'object') walk(f, el, i, [...m, [node, idx]], acc);
    });
    return;
  }
  if (node === null || typeof node !== 'object' || node instanceof JsonNumber) return;
  const obj = node as Record<string, unknown>;
  for (const [key, next] of f.keys[i]) {
    if (Object.prototype.hasOwnProperty.call(obj, key)) walk(f, obj[key], next, m, acc);
  }
}

function leafOrArray(node: unknown, m: Membership, acc: Acc): void {
  if (Array.isArray(node)) {
    node.forEach((el, idx) => {
      if (el !== null && typeof el === 'object' && !(el instanceof JsonNumber)) {
        // Objects directly in an array at the end of the path hold no leaf for this path; nested arrays do.
        if (Array.isArray(el)) leafOrArray(el, [...m, [node, idx]], acc);
      } else {
        add(acc, el as Leaf, m);
      }
    });
    return;
  }
  if (node !== null && typeof node === 'object' && !(node instanceof JsonNumber)) return;
  if (node === undefined || typeof node === 'function' || typeof node === 'symbol' || typeof node === 'bigint') return;
  add(acc, node as Leaf, m);
}

function consistent(a: Membership, b: Membership): boolean {
  for (const [arr, idx] of b) {
    for (const [arr2, idx2] of a) {
      if (arr === arr2 && idx !== idx2) return false;
    }
  }
  return true;
}

function merge(a: Membership, b: Membership): Membership {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...a, ...b.filter(([arr]) => !a.some(([x]) => x === arr))];
}

function matchBranch(branch: Branch, r: Reader): boolean {
  // Quick rejection: a field with only value tests needs at least one matching leaf, whatever the arrays say.
  let needsArrays = false;
  const quick = branch.quick;
  for (let q = 0; q < quick.length; q++) {
    const f = quick[q];
    const found = r.get(f);
    if (!someLeaf(found.leaves, f.test!)) return false;
    if (found.memberships !== undefined) needsArrays = true;
  }
  const absent = branch.absent;
  if (!needsArrays) {
    for (let a = 0; a < absent.length; a++) {
      if (r.get(absent[a]).memberships !== undefined) needsArrays = true;
    }
  }
  if (!needsArrays) {
    // No value sits inside an array of objects: every leaf is consistent with every other, and the value-only
    // fields already passed the quick check above.
    for (let a = 0; a < absent.length; a++) {
      const f = absent[a];
      const { leaves } = r.get(f);
      const valueOk = f.test !== undefined && someLeaf(leaves, f.test);
      if (!valueOk && leaves.length > 0) return false;
    }
    return true;
  }
  return search(branch.fields, 0, EMPTY, r);
}

function someLeaf(leaves: readonly Leaf[], test: LeafTest): boolean {
  for (let k = 0; k < leaves.length; k++) {
    if (test(leaves[k])) return true;
  }
  return false;
}

/** Array-consistent matching (ACFinder/StructuredFinder): one leaf per field, all from the same array elements. */
function search(fields: readonly Field[], i: number, m: Membership, r: Reader): boolean {
  if (i === fields.length) return true;
  const f = fields[i];
  const { leaves, memberships } = r.get(f);
  if (f.test !== undefined) {
    for (let k = 0; k < leaves.length; k++) {
      const lm = memberships?.[k] ?? EMPTY;
      if (consistent(m, lm) && f.test(leaves[k]) && search(fields, i + 1, merge(m, lm), r)) return true;
    }
  }
  if (f.absent) {
    const present = leaves.some((_, k) => consistent(m, memberships?.[k] ?? EMPTY));
    if (!present && search(fields, i + 1, m, r)) return true;
  }
  return false;
}
