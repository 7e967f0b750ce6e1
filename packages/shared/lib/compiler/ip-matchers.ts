import { complementNetworks } from '../net/sets';

/** One entry of a sourceIPAddress pattern array: `{"cidr": "…"}` for a block, or a bare address for a single host. */
export type IpMatcher = string | { readonly cidr: string };

/**
 * The EventBridge matchers for every address outside `allowed`, IPv4 and IPv6, as the fewest disjoint blocks.
 * Single hosts are bare addresses: the engine rejects `/32` and `/128` cidr masks (facts.md §1) but compares a bare IP
 * pattern value as an address. An empty list means nothing is outside `allowed`.
 */
export function outsideMatchers(allowed: readonly string[]): IpMatcher[] {
  return complementNetworks(allowed).map(toMatcher);
}

/** The pattern entry for one network: bare address for /32 and /128, `{cidr}` otherwise. */
export function toMatcher(network: string): IpMatcher {
  const [address, length] = network.split('/');
  const hostLength = address.includes(':') ? '128' : '32';
  return length === undefined || length === hostLength ? address : { cidr: network };
}
