import ipaddr from 'ipaddr.js';

/** An address range as BigInts, computed with ipaddr.js only (independent of the compiler and of cidr-tools). */
export interface Range {
  readonly version: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
}

/** The range of a CIDR, a bare address, or a `{cidr}` matcher. */
export function toRange(network: string | { cidr: string }): Range {
  const text = typeof network === 'string' ? network : network.cidr;
  const [addr, len] = text.includes('/') ? ipaddr.parseCIDR(text) : [ipaddr.parse(text), text.includes(':') ? 128 : 32];
  const bits = addr.kind() === 'ipv4' ? 32 : 128;
  const value = addr.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
  const hostMask = (1n << BigInt(bits - len)) - 1n;
  return { version: bits === 32 ? 4 : 6, start: value & ~hostMask, end: value | hostMask };
}

/** Total addresses covered by `ranges` of one version, asserting they do not overlap (throws on overlap). */
export function disjointSize(ranges: readonly Range[], version: 4 | 6): bigint {
  const sorted = ranges.filter((r) => r.version === version).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let total = 0n;
  let lastEnd = -1n;
  for (const r of sorted) {
    if (r.start <= lastEnd) {
      throw new Error(`ranges overlap at ${r.start}`);
    }
    total += r.end - r.start + 1n;
    lastEnd = r.end;
  }
  return total;
}

/** True when `a` and `b` share an address. */
export function overlaps(a: Range, b: Range): boolean {
  return a.version === b.version && a.start <= b.end && b.start <= a.end;
}

/** Size of the union of possibly overlapping ranges of one version. */
export function unionSize(ranges: readonly Range[], version: 4 | 6): bigint {
  const sorted = ranges.filter((r) => r.version === version).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let total = 0n;
  let curStart = -1n;
  let curEnd = -2n;
  for (const r of sorted) {
    if (r.start > curEnd + 1n) {
      if (curEnd >= curStart && curStart >= 0n) total += curEnd - curStart + 1n;
      curStart = r.start;
      curEnd = r.end;
    } else if (r.end > curEnd) {
      curEnd = r.end;
    }
  }
  if (curStart >= 0n) total += curEnd - curStart + 1n;
  return total;
}
