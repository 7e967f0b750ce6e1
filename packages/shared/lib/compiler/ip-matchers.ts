import { parseCidr } from 'cidr-tools';
import ipaddr from 'ipaddr.js';
import { intersectNetworks, subtractNetworks, unionNetworks } from '../net/sets';

/** One entry of a sourceIPAddress pattern array: `{"cidr": "…"}` for a block, or a bare address for a single host. */
export type IpMatcher = string | { readonly cidr: string };

/** Matchers for every address outside an allowlist, and what EventBridge's matcher forces us to leave out. */
export interface OutsideMatchers {
  /**
   * The matchers in groups that must share a rule: an IP value matches matchers of one group only, so rules built
   * from whole groups never both match one event. Empty when nothing is outside.
   */
  readonly groups: IpMatcher[][];
  /** All matchers, in order (the groups flattened). */
  readonly matchers: IpMatcher[];
  /** Outside networks no matcher can cover without also matching allowed addresses (see outsideMatchers). */
  readonly blindSpots: string[];
  /** The blind spots a real caller could come from (IPv4, or IPv6 global unicast 2000::/3): worth a warning. */
  readonly reachableBlindSpots: string[];
}

/** Most leak-free IPv6 blocks emitted to cover global-unicast IPv6 addresses that mirror allowed IPv4 networks. */
export const MAX_MIRROR_FILL_BLOCKS = 32;

/** IPv6 global unicast (IANA): the only IPv6 space a caller on the internet or in a VPC can come from. */
const GLOBAL_UNICAST = '2000::/3';

/**
 * The EventBridge matchers for every address outside `allowed`, IPv4 and IPv6.
 *
 * EventBridge (aws/event-ruler) turns an address into hex digits (8 for IPv4, 32 for IPv6) and walks ranges digit by
 * digit, so the families leak into each other: an IPv6 address matches an IPv4 block or bare IPv4 address when its
 * first 32 bits lie in it, and an IPv4 address matches an IPv6 block shorter than /32 when it lies strictly inside the
 * block's first-32-bit projection (`1.1.1.1` matches `::/1`). The plain complement would therefore alert on allowed
 * offices. Instead:
 * - IPv6 blocks cover the IPv6 complement minus the "mirror" of the IPv4 allowlist (IPv6 addresses whose first 32 bits
 *   are an allowed IPv4 address), so no block's projection touches an allowed IPv4 address;
 * - their projections then cover the IPv4 complement, except each projection's two end addresses, which are added as
 *   bare IPv4 hosts in the same group as their block (the host's own leak falls inside that block);
 * - the not-allowed part of the mirror inside 2000::/3 is covered with /31-or-longer IPv6 blocks, which cannot leak.
 * What stays uncovered is reported: the IPv4 "shadow" of each allowed IPv6 network (the IPv4 address made of its first
 * 32 bits: any matcher for it would also match the allowed IPv6 network) and mirrors too large to fill.
 */
export function outsideMatchers(allowed: readonly string[]): OutsideMatchers {
  const networks = unionNetworks(allowed);
  const allowed4 = networks.filter((n) => !n.includes(':'));
  const allowed6 = networks.filter((n) => n.includes(':'));
  const mirror = allowed4.map(mirrorOf);

  const groups: { start: bigint; matchers: IpMatcher[] }[] = [];
  for (const block of subtractNetworks(['::/0'], [...allowed6, ...mirror]).map(parseCidr)) {
    const group: IpMatcher[] = [toMatcher(block.cidr)];
    if (Number(block.prefix) <= 32) {
      // the end addresses of the block's projection are not matched by its leak: add them as bare hosts
      const first = block.start >> 96n;
      const last = block.end >> 96n;
      group.push(v4Text(first));
      if (last !== first) group.push(v4Text(last));
    }
    groups.push({ start: block.start, matchers: group });
  }

  const shadows = subtractNetworks(unionNetworks(allowed6.map(shadowOf)), allowed4);
  const gap = subtractNetworks(mirror, allowed6);
  const reachableGap = intersectNetworks(gap, [GLOBAL_UNICAST]).map(parseCidr);
  const fillCount = reachableGap.reduce((sum, g) => sum + (Number(g.prefix) >= 31 ? 1n : 1n << BigInt(31 - Number(g.prefix))), 0n);
  const fillable = fillCount <= BigInt(MAX_MIRROR_FILL_BLOCKS);
  if (fillable) {
    for (const g of reachableGap) {
      const prefix = Math.max(31, Number(g.prefix));
      const step = 1n << BigInt(128 - prefix);
      for (let start = g.start; start <= g.end; start += step) {
        groups.push({ start, matchers: [toMatcher(`${v6Text(start)}/${prefix}`)] });
      }
    }
  }
  groups.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const unreachableGap = subtractNetworks(gap, [GLOBAL_UNICAST]);
  // hosts as bare addresses, blocks as CIDR text
  const asText = (nets: string[]) =>
    unionNetworks(nets).map((n) => {
      const m = toMatcher(n);
      return typeof m === 'string' ? m : m.cidr;
    });
  const blindSpots = asText([...shadows, ...(fillable ? unreachableGap : gap)]);
  const reachableBlindSpots = asText([...shadows, ...(fillable ? [] : reachableGap.map((g) => g.cidr))]);
  return { groups: groups.map((g) => g.matchers), matchers: groups.flatMap((g) => g.matchers), blindSpots, reachableBlindSpots };
}

/** The pattern entry for one network: bare address for /32 and /128, `{cidr}` otherwise. */
export function toMatcher(network: string): IpMatcher {
  const [address, length] = network.split('/');
  const hostLength = address.includes(':') ? '128' : '32';
  return length === undefined || length === hostLength ? address : { cidr: network };
}

/** The IPv6 block whose first 32 bits are the IPv4 network `net`: "192.0.2.0/24" → "c000:200::/24". */
function mirrorOf(net: string): string {
  const parsed = parseCidr(net);
  return `${v6Text(parsed.start << 96n)}/${parsed.prefix}`;
}

/** The IPv4 network of the first 32 bits of the IPv6 network `net`: "2001:db8::/32" → "32.1.13.184". */
function shadowOf(net: string): string {
  const parsed = parseCidr(net);
  return `${v4Text(parsed.start >> 96n)}/${Math.min(32, Number(parsed.prefix))}`;
}

function v4Text(value: bigint): string {
  return ipaddr.fromByteArray(bytes(value, 4)).toString();
}

function v6Text(value: bigint): string {
  return ipaddr.fromByteArray(bytes(value, 16)).toString();
}

function bytes(value: bigint, length: number): number[] {
  return Array.from({ length }, (_, i) => Number((value >> BigInt(8 * (length - 1 - i))) & 0xffn));
}
