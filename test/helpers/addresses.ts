import ipaddr from 'ipaddr.js';
import { toRange } from './ranges';

/** Renders a BigInt as an IPv4 (version 4) or IPv6 address text. */
export function addressText(value: bigint, version: 4 | 6): string {
  const length = version === 4 ? 4 : 16;
  const bytes = Array.from({ length }, (_, i) => Number((value >> BigInt(8 * (length - 1 - i))) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/**
 * Addresses where an allowlist is most likely to be got wrong: each network's first and last address and their
 * neighbours, and the other family's "mirror" of each (an IPv6 address whose first 32 bits are the IPv4 address, and
 * the IPv4 address made of an IPv6 address's first 32 bits), which EventBridge's digit-wise CIDR matching confuses.
 */
export function edgeAddresses(networks: readonly string[]): string[] {
  const out = new Set<string>();
  for (const net of networks) {
    const r = toRange(net);
    const max = r.version === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
    for (const v of [r.start - 1n, r.start, r.start + 1n, r.end - 1n, r.end, r.end + 1n]) {
      if (v < 0n || v > max) continue;
      out.add(addressText(v, r.version));
      if (r.version === 4) {
        out.add(addressText(v << 96n, 6));
        out.add(addressText((v << 96n) | 1n, 6));
      } else {
        out.add(addressText(v >> 96n, 4));
      }
    }
  }
  return [...out];
}

/** True when `text` is an address EventBridge treats as an IP: dotted IPv4 or IPv6 hex notation (not "::ffff:1.2.3.4", no zone). */
export function isEventBridgeIp(text: string): boolean {
  if (text.includes('%') || (text.includes(':') && text.includes('.'))) return false;
  return ipaddr.isValid(text) && (text.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(text));
}
