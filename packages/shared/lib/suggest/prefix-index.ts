import { FAMILY_BITS, parsePrefix, prefixOf, type NumericAddress } from './address';

/**
 * Values attached to CIDR blocks that may overlap (AWS's published ranges, where `AMAZON` holds every `EC2` prefix;
 * an account's allowlist), looked up by address: one hash map per prefix length present, so a lookup costs one map
 * probe per distinct length (a few dozen) whatever the number of blocks. Hand-rolled because cidr-tools and ipaddr.js
 * test one address against one block at a time, which is linear in the number of blocks.
 */
export class PrefixIndex<T> {
  private readonly byLength = new Map<string, Map<bigint, T[]>>();
  private lengths: Array<{ family: 4 | 6; length: number }> = [];

  /** Attaches `value` to `cidr`; throws for text that is not a CIDR or address. */
  add(cidr: string, value: T): void {
    const p = parsePrefix(cidr);
    if (p === undefined) throw new Error(`'${cidr}' is not an IPv4/IPv6 CIDR`);
    const key = `${p.family}/${p.length}`;
    let map = this.byLength.get(key);
    if (map === undefined) {
      map = new Map();
      this.byLength.set(key, map);
      this.lengths.push({ family: p.family, length: p.length });
      this.lengths.sort((a, b) => a.family - b.family || b.length - a.length);
    }
    const list = map.get(p.value);
    if (list === undefined) map.set(p.value, [value]);
    else list.push(value);
  }

  /** Every value whose block holds `address`, most specific block first; [] when none. */
  lookup(address: NumericAddress): T[] {
    const found: T[] = [];
    for (const { family, length } of this.lengths) {
      if (family !== address.family || length > FAMILY_BITS[family]) continue;
      const hit = this.byLength.get(`${family}/${length}`)!.get(prefixOf(address, length).value);
      if (hit !== undefined) found.push(...hit);
    }
    return found;
  }

  /** True when some block holds `address`. */
  contains(address: NumericAddress): boolean {
    for (const { family, length } of this.lengths) {
      if (family === address.family && this.byLength.get(`${family}/${length}`)!.has(prefixOf(address, length).value)) return true;
    }
    return false;
  }
}
