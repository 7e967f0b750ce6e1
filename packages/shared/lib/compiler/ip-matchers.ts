import { parseCidr } from 'cidr-tools';
import ipaddr from 'ipaddr.js';
import { intersectNetworks, subtractNetworks, unionNetworks } from '../net/sets';

/** One entry of a sourceIPAddress pattern array: `{"cidr": "…"}` for a block, or a bare address for a single host. */
export type IpMatcher = string | { readonly cidr: string };

/** Why an outside address cannot be watched under both IP semantics (see outsideMatchers). */
export type BlindSpotKind = 'ipv4-shadow' | 'ipv6-mirror';

/** Outside addresses that no matcher can cover under both IP semantics without also matching an allowed address. */
export interface IpBlindSpot {
  /** The address (bare) or CIDR block. */
  readonly network: string;
  /**
   * `ipv4-shadow`: the IPv4 address(es) made of an allowed IPv6 network's first 32 bits; `ipv6-mirror`: the IPv6
   * addresses whose first 32 bits are an allowed IPv4 address.
   */
  readonly kind: BlindSpotKind;
  /** True when a real caller can come from it: any IPv4 address, or IPv6 global unicast (2000::/3). */
  readonly reachable: boolean;
}

/** Matchers for every address outside an allowlist, and what no pattern can watch under both IP semantics. */
export interface OutsideMatchers {
  /**
   * The matchers in groups that must share a rule: under either IP semantics an IP value matches matchers of one
   * group only, so rules built from whole groups never both match one event. Empty when nothing is outside.
   */
  readonly groups: IpMatcher[][];
  /** All matchers, in order (the groups flattened). */
  readonly matchers: IpMatcher[];
  /** Outside networks that no matcher covers (see outsideMatchers), merged, in address order. */
  readonly blindSpots: readonly IpBlindSpot[];
}

/** Most leak-free IPv6 blocks (/31 or longer) emitted to cover global-unicast IPv6 addresses that mirror allowed IPv4 networks. */
export const MAX_MIRROR_FILL_BLOCKS = 32;

/** IPv6 global unicast (IANA): the only IPv6 space a caller on the internet or in a VPC can come from. */
export const GLOBAL_UNICAST = '2000::/3';

/**
 * The EventBridge matchers for every address outside `allowed`, IPv4 and IPv6, right under both IP semantics the
 * local engine models (see IpSemantics): aws/event-ruler 2.0.1's digit-wise comparison and family-strict comparison.
 *
 * event-ruler turns an address into hex digits (8 for IPv4, 32 for IPv6) and walks ranges digit by digit, so the
 * families leak into each other: an IPv6 value matches an IPv4 block or bare IPv4 address when its first 32 bits
 * ("top32") lie in it, and an IPv4 value matches an IPv6 block shorter than /31 when it lies strictly inside the
 * block's top32 projection. Family-strict comparison has no leak. So:
 * 1. the IPv4 "shadow" of the allowed IPv6 networks (their top32 values) cannot be matched by any IPv4 matcher (it
 *    would match the allowed IPv6 network under event-ruler), and no IPv6 matcher matches IPv4 under strict
 *    comparison: it is a blind spot under both;
 * 2. every other outside IPv4 block B is emitted together with its IPv6 "mirror" (the IPv6 block with B's bits as its
 *    top32 bits, same prefix) as one group. The mirror contains no allowed IPv6 address (that address's shadow would lie
 *    in B), its leak onto IPv4 lies inside B, and B's leak onto IPv6 lies inside the mirror: under either semantics an
 *    address in B or its mirror matches this group only;
 * 3. the IPv6 addresses whose top32 is in the shadow (1.) but that are not allowed are emitted as blocks of /33 or
 *    longer (the shadow's IPv6 networks are longer than /32, or cover their own mirror), which never leak;
 * 4. the IPv6 mirror of the allowed IPv4 networks, where not allowed itself: any block shorter than /31 there would
 *    leak onto an allowed IPv4 address under event-ruler, so the part inside global unicast (2000::/3, i.e. mirrors of
 *    32.0.0.0/3) is covered with /31-or-longer blocks, up to MAX_MIRROR_FILL_BLOCKS; the rest is a blind spot.
 * Groups are ordered by address (IPv4 first) so that the output is deterministic.
 */
export function outsideMatchers(allowed: readonly string[]): OutsideMatchers {
  const networks = unionNetworks(allowed);
  const allowed4 = networks.filter((n) => !n.includes(':'));
  const allowed6 = networks.filter((n) => n.includes(':'));

  const shadows = subtractNetworks(unionNetworks(allowed6.map(shadowOf)), allowed4);
  const groups: { family: 4 | 6; start: bigint; matchers: IpMatcher[] }[] = [];
  // 2. outside IPv4 blocks with their IPv6 mirrors
  for (const block of subtractNetworks(['0.0.0.0/0'], [...allowed4, ...shadows])) {
    const parsed = parseCidr(block);
    groups.push({ family: 4, start: parsed.start, matchers: [toMatcher(block), toMatcher(mirrorOf(block))] });
  }
  // 3. the not-allowed IPv6 addresses of the shadows' columns
  for (const block of subtractNetworks(shadows.map(mirrorOf), allowed6)) {
    const parsed = parseCidr(block);
    if (Number(parsed.prefix) < 31) {
      throw new Error(`internal error: the shadow column block ${block} would leak onto IPv4 values`);
    }
    groups.push({ family: 6, start: parsed.start, matchers: [toMatcher(block)] });
  }
  // 4. the allowed IPv4 networks' mirrors, where not allowed
  const gap = subtractNetworks(allowed4.map(mirrorOf), allowed6);
  const reachableGap = intersectNetworks(gap, [GLOBAL_UNICAST]).map(parseCidr);
  const fillCount = reachableGap.reduce((sum, g) => sum + (Number(g.prefix) >= 31 ? 1n : 1n << BigInt(31 - Number(g.prefix))), 0n);
  const fillable = fillCount <= BigInt(MAX_MIRROR_FILL_BLOCKS);
  if (fillable) {
    for (const g of reachableGap) {
      const prefix = Math.max(31, Number(g.prefix));
      const step = 1n << BigInt(128 - prefix);
      for (let start = g.start; start <= g.end; start += step) {
        groups.push({ family: 6, start, matchers: [toMatcher(`${v6Text(start)}/${prefix}`)] });
      }
    }
  }
  groups.sort((a, b) => a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

  const blindMirror = fillable ? subtractNetworks(gap, [GLOBAL_UNICAST]) : gap;
  const blindSpots: IpBlindSpot[] = [
    ...shadows.map((n) => ({ network: networkText(n), kind: 'ipv4-shadow' as const, reachable: true })),
    ...blindMirror.map((n) => ({ network: networkText(n), kind: 'ipv6-mirror' as const, reachable: intersectNetworks([n], [GLOBAL_UNICAST]).length > 0 })),
  ];
  return { groups: groups.map((g) => g.matchers), matchers: groups.flatMap((g) => g.matchers), blindSpots };
}

/** The pattern entry for one network: bare address for /32 and /128, `{cidr}` otherwise. */
export function toMatcher(network: string): IpMatcher {
  const [address, length] = network.split('/');
  const hostLength = address.includes(':') ? '128' : '32';
  return length === undefined || length === hostLength ? address : { cidr: network };
}

/** A network as a blind spot is named: a bare address for a single host, CIDR text otherwise. */
function networkText(network: string): string {
  const m = toMatcher(network);
  return typeof m === 'string' ? m : m.cidr;
}

/** The IPv6 block whose first 32 bits are the IPv4 network `net`: "192.0.2.0/24" → "c000:200::/24". */
export function mirrorOf(net: string): string {
  const parsed = parseCidr(net);
  return `${v6Text(parsed.start << 96n)}/${parsed.prefix}`;
}

/** The IPv4 network of the first 32 bits of the IPv6 network `net`: "2001:db8::/32" → "32.1.13.184/32". */
export function shadowOf(net: string): string {
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
