import { excludeCidr, mergeCidr } from 'cidr-tools';
import type { NetworkText } from './networks';

/** The whole IPv4 and IPv6 address space. */
export const ALL_ADDRESSES: readonly NetworkText[] = ['0.0.0.0/0', '::/0'];

/** The union of `networks`, merged into the fewest CIDR blocks (cidr-tools), IPv4 first; single hosts keep their /32 or /128. */
export function unionNetworks(networks: readonly NetworkText[]): NetworkText[] {
  return networks.length === 0 ? [] : sortNetworks(mergeCidr([...networks]));
}

/** The addresses of `base` that are not in `minus` (cidr-tools excludeCidr), merged. */
export function subtractNetworks(base: readonly NetworkText[], minus: readonly NetworkText[]): NetworkText[] {
  if (base.length === 0) {
    return [];
  }
  return minus.length === 0 ? unionNetworks(base) : sortNetworks(excludeCidr([...base], [...minus]));
}

/** The addresses in both `a` and `b`: a minus (a minus b). */
export function intersectNetworks(a: readonly NetworkText[], b: readonly NetworkText[]): NetworkText[] {
  return subtractNetworks(a, subtractNetworks(a, b));
}

/** Every address, IPv4 and IPv6, that is not in `networks`, as the fewest CIDR blocks. */
export function complementNetworks(networks: readonly NetworkText[]): NetworkText[] {
  return subtractNetworks(ALL_ADDRESSES, networks);
}

/** True when the two lists cover exactly the same addresses. */
export function sameNetworks(a: readonly NetworkText[], b: readonly NetworkText[]): boolean {
  const x = unionNetworks(a);
  const y = unionNetworks(b);
  return x.length === y.length && x.every((n, i) => n === y[i]);
}

function sortNetworks(list: NetworkText[]): NetworkText[] {
  // cidr-tools returns IPv4 then IPv6, each ascending; keep that order but make it explicit and stable.
  const v4 = list.filter((n) => !n.includes(':'));
  const v6 = list.filter((n) => n.includes(':'));
  return [...v4, ...v6];
}
