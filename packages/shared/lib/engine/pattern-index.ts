import { leavesAt, type CompiledEventPattern, type EventReader } from './event-pattern';

/** Patterns indexed by the exact values they require, so that an event meets only the patterns that can match it. */
export interface PatternIndex {
  /** How many patterns are indexed. */
  readonly size: number;
  /** The fields the index reads from each event (usually one or two, e.g. "account"). */
  readonly paths: readonly string[];
  /**
   * The positions, ascending, of the patterns that may match the event `reader` holds: every pattern that matches is
   * among them (the others cannot match). The array is reused: it is valid until the next call.
   */
  candidates(reader: EventReader): readonly number[];
}

const NONE: readonly number[] = [];

/**
 * Indexes `patterns` by their key fields (CompiledEventPattern.keyValues): each pattern is filed under the exact values
 * and prefixes of its most selective such field (the field with the most distinct values and prefixes across all the
 * patterns: `account` over `detail-type`), and patterns without one are candidates for every event (a full scan of
 * those only). An event then looks up its own leaves at the few indexed fields: each string once among the exact values
 * and once per distinct prefix length. Hand-rolled because no maintained JavaScript library matches EventBridge
 * patterns; event-ruler's own answer is one shared automaton, which this engine does not build (it tests patterns one
 * by one, each proved against event-ruler).
 */
export function indexPatterns(patterns: readonly CompiledEventPattern[]): PatternIndex {
  const distinct = new Map<string, Set<string>>();
  for (const p of patterns) {
    for (const [path, key] of p.keyValues) {
      let all = distinct.get(path);
      if (all === undefined) distinct.set(path, (all = new Set()));
      for (const v of key.exact) all.add(`=${v}`);
      for (const v of key.prefixes) all.add(`^${v}`);
    }
  }
  const fields = new Map<string, FieldIndex>();
  const scan: number[] = [];
  patterns.forEach((p, i) => {
    let best: string | undefined;
    for (const path of p.keyValues.keys()) {
      const d = distinct.get(path)!.size;
      const b = best === undefined ? -1 : distinct.get(best)!.size;
      if (d > b || (d === b && path < best!)) best = path;
    }
    if (best === undefined) {
      scan.push(i);
      return;
    }
    let field = fields.get(best);
    if (field === undefined) fields.set(best, (field = { exact: new Map(), prefixes: new Map(), lengths: [] }));
    const key = p.keyValues.get(best)!;
    for (const v of key.exact) file(field.exact, v, i);
    for (const v of key.prefixes) {
      file(field.prefixes, v, i);
      if (!field.lengths.includes(v.length)) field.lengths.push(v.length);
    }
  });
  return new Index(patterns.length, fields, scan);
}

/** The patterns filed under one field: by exact value, by prefix, and the distinct prefix lengths. */
interface FieldIndex {
  readonly exact: Map<string, number[]>;
  readonly prefixes: Map<string, number[]>;
  readonly lengths: number[];
}

function file(map: Map<string, number[]>, value: string, i: number): void {
  const list = map.get(value);
  if (list === undefined) map.set(value, [i]);
  else if (list[list.length - 1] !== i) list.push(i);
}

class Index implements PatternIndex {
  readonly paths: readonly string[];
  private readonly fields: readonly FieldIndex[];
  /** Lists found for the current event, and the merged result (both reused). */
  private readonly lists: Array<readonly number[]> = [];
  private readonly merged: number[] = [];
  /** seen[i] === epoch: pattern i is already in `merged`. */
  private readonly seen: Uint32Array;
  private epoch = 0;

  constructor(
    readonly size: number,
    fields: ReadonlyMap<string, FieldIndex>,
    private readonly scan: readonly number[],
  ) {
    this.paths = [...fields.keys()];
    this.fields = [...fields.values()];
    this.seen = new Uint32Array(size);
  }

  candidates(reader: EventReader): readonly number[] {
    const lists = this.lists;
    lists.length = 0;
    for (let p = 0; p < this.paths.length; p++) {
      const field = this.fields[p];
      const leaves = leavesAt(reader, this.paths[p]);
      for (let k = 0; k < leaves.length; k++) {
        const leaf = leaves[k];
        if (typeof leaf !== 'string') continue; // exact and prefix matchers match string leaves only
        const list = field.exact.get(leaf);
        if (list !== undefined) lists.push(list);
        const lengths = field.lengths;
        for (let l = 0; l < lengths.length; l++) {
          if (lengths[l] > leaf.length) continue;
          const byPrefix = field.prefixes.get(leaf.slice(0, lengths[l]));
          if (byPrefix !== undefined) lists.push(byPrefix);
        }
      }
    }
    if (this.scan.length > 0) lists.push(this.scan);
    if (lists.length === 0) return NONE;
    if (lists.length === 1) return lists[0];
    // Several lists (several indexed fields, array leaves, or the scan list): their union in pattern order.
    if (++this.epoch === 0xffffffff) {
      this.seen.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    const seen = this.seen;
    const merged = this.merged;
    merged.length = 0;
    for (const list of lists) {
      for (let k = 0; k < list.length; k++) {
        const i = list[k];
        if (seen[i] !== epoch) {
          seen[i] = epoch;
          merged.push(i);
        }
      }
    }
    return merged.sort((a, b) => a - b);
  }
}
