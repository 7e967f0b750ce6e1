import type { NumericAddress } from './address';

/**
 * Sorted, non-overlapping address ranges of one family looked up by binary search (an IP-to-ASN table: hundreds of
 * thousands of rows, a handful of lookups). IPv4 bounds are kept in Float64Arrays (exact up to 2^53) and IPv6 bounds
 * as bigints, so the table costs a few bytes a row beyond its values. No npm range-lookup library fits rows of bigints.
 * Build one with RangeTableBuilder.
 */
export class RangeTable<T> {
  /** Use RangeTableBuilder. */
  constructor(
    readonly family: 4 | 6,
    private readonly starts: Float64Array | readonly bigint[],
    private readonly ends: Float64Array | readonly bigint[],
    private readonly values: readonly T[],
  ) {}

  /** The number of rows. */
  get size(): number {
    return this.values.length;
  }

  /** The value of the range that holds `address`; undefined when none does or the family differs. */
  lookup(address: NumericAddress): T | undefined {
    if (address.family !== this.family) return undefined;
    const a = this.family === 4 ? Number(address.value) : address.value;
    let lo = 0;
    let hi = this.values.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid] > a) hi = mid - 1;
      else if (this.ends[mid] < a) lo = mid + 1;
      else return this.values[mid];
    }
    return undefined;
  }
}

/**
 * Collects rows in ascending order of their first address. A row that overlaps the one before it keeps only its
 * addresses after that row's end (the published ASN data has such rows: the earlier owner keeps the overlap, and a row
 * wholly inside the one before adds nothing). IPv4 bounds are numbers, IPv6 bounds bigints.
 */
export class RangeTableBuilder<T> {
  private readonly starts: Array<number | bigint> = [];
  private readonly ends: Array<number | bigint> = [];
  private readonly values: T[] = [];
  private previousStart: number | bigint = -1;
  private previousEnd: number | bigint = -1;
  private rows = 0;

  constructor(readonly family: 4 | 6) {}

  /** Adds the range [start, end] with `value`; throws when it starts before the previous row or ends before it starts. */
  add(start: number | bigint, end: number | bigint, value: T): void {
    this.rows++;
    if (start < this.previousStart || end < start) {
      throw new Error(`address ranges must be in ascending order, each ending at or after its start; row ${this.rows} (${start}-${end}) is not`);
    }
    this.previousStart = start;
    if (end <= this.previousEnd) return;
    const one = typeof start === 'bigint' ? 1n : 1;
    this.starts.push(start <= this.previousEnd ? (this.previousEnd as number) + (one as number) : start);
    this.ends.push(end);
    this.values.push(value);
    this.previousEnd = end;
  }

  /** The table of the rows added. */
  build(): RangeTable<T> {
    if (this.family === 4) {
      return new RangeTable(4, Float64Array.from(this.starts, Number), Float64Array.from(this.ends, Number), this.values);
    }
    return new RangeTable(6, this.starts.map(BigInt), this.ends.map(BigInt), this.values);
  }
}
