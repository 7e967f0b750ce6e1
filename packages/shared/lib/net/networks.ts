import ipaddr from 'ipaddr.js';

/** One IPv4/IPv6 network: CIDR text, or a single address (which stands for /32 or /128). */
export type NetworkText = string;

/** Parses `text` into [address, prefix length], a single address getting the full length; undefined when it is not an IP network. */
export function parseNetwork(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | undefined {
  try {
    if (text.includes('/')) {
      return ipaddr.parseCIDR(text);
    }
    const addr = ipaddr.parse(text);
    return [addr, addr.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
}

/** IPv4 text keywatch accepts: four dotted decimal octets without leading zeros (optionally with a prefix length). */
const FOUR_PART_DECIMAL = /^(?:(?:0|[1-9][0-9]{0,2})\.){3}(?:0|[1-9][0-9]{0,2})(?:\/[0-9]+)?$/;

/** Why `text` is not an acceptable allowlist entry, with the fix; undefined when it is fine. */
export function networkProblem(text: string): string | undefined {
  if (text.includes('%')) {
    const [address, rest] = text.split('%');
    const prefix = rest.includes('/') ? rest.slice(rest.indexOf('/')) : '';
    return `'${text}' has an IPv6 zone ID ('%${rest.replace(/\/.*$/, '')}'), which names an interface of one machine and never appears in CloudTrail; write the address without it, e.g. "${address}${prefix}"`;
  }
  if (!text.includes(':') && /^[0-9./]+$/.test(text) && !FOUR_PART_DECIMAL.test(text)) {
    const fixed = text.replace(/(^|\.)0+(?=[0-9])/g, '$1');
    return FOUR_PART_DECIMAL.test(fixed) && parseNetwork(fixed)
      ? `'${text}' has an IPv4 octet with a leading zero, which tools read as octal or decimal differently; write "${fixed}" if you mean decimal`
      : `'${text}' is not an IPv4 address of four decimal octets; write e.g. "198.51.100.7" or "203.0.113.0/24"`;
  }
  const parsed = parseNetwork(text);
  if (!parsed) {
    return `'${text}' is not an IPv4/IPv6 address or CIDR; write e.g. "203.0.113.0/24", "198.51.100.7" or "2001:db8::/32"`;
  }
  const [addr, len] = parsed;
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    return `'${text}' is an IPv4-mapped IPv6 network; write the IPv4 form "${(addr as ipaddr.IPv6).toIPv4Address().toString()}${text.includes('/') ? `/${Math.max(0, len - 96)}` : ''}" instead`;
  }
  if (text.includes('/')) {
    const network = networkAddress(addr, len);
    if (network.toString() !== addr.toString()) {
      return `'${text}' has host bits set; the network is "${network.toString()}/${len}"`;
    }
  }
  return undefined;
}

/** True when `text` is an acceptable allowlist entry (see networkProblem). */
export function isValidNetwork(text: string): boolean {
  return networkProblem(text) === undefined;
}

function networkAddress(addr: ipaddr.IPv4 | ipaddr.IPv6, len: number): ipaddr.IPv4 | ipaddr.IPv6 {
  return addr.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${len}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${len}`);
}

/** True when the address `ip` lies inside any of `networks` (ipaddr.js membership; an IPv4-mapped IPv6 address counts as its IPv4 address). */
export function addressInNetworks(ip: string, networks: readonly NetworkText[]): boolean {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(ip);
  } catch {
    return false;
  }
  return networks.some((net) => {
    const parsed = parseNetwork(net);
    if (!parsed || parsed[0].kind() !== addr.kind()) {
      return false;
    }
    return addr.match(parsed as [ipaddr.IPv4, number]);
  });
}
