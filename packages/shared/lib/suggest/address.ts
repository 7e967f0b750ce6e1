import ipaddr from 'ipaddr.js';
import { ipToBytes } from '../engine/ip';

/** An IPv4 or IPv6 address as a number: 32 or 128 bits. */
export interface NumericAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** A CIDR block as numbers: its first address and its prefix length. */
export interface NumericPrefix extends NumericAddress {
  readonly length: number;
}

/** Bits of an address of each family. */
export const FAMILY_BITS = { 4: 32, 6: 128 } as const;

/**
 * The address a CloudTrail `sourceIPAddress` stands for, read as EventBridge's engine reads it (aws/event-ruler: a
 * hex-form IPv4-mapped IPv6 address is its IPv4 address); undefined for what is not an IP there — service names
 * (`ec2.amazonaws.com`), `AWS Internal/#`, dotted IPv4-mapped IPv6 text — which never alerts and is never suggested.
 */
export function parseSourceAddress(text: string): NumericAddress | undefined {
  const bytes = ipToBytes(text);
  if (bytes === undefined) return undefined;
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return { family: bytes.length === 4 ? 4 : 6, value };
}

/** The /`length` block that holds `address` (length clamped to the family's bits). */
export function prefixOf(address: NumericAddress, length: number): NumericPrefix {
  const bits = FAMILY_BITS[address.family];
  const len = Math.max(0, Math.min(bits, length));
  const host = BigInt(bits - len);
  return { family: address.family, value: (address.value >> host) << host, length: len };
}

/** The last address of a block. */
export function lastAddress(p: NumericPrefix): bigint {
  return p.value | ((1n << BigInt(FAMILY_BITS[p.family] - p.length)) - 1n);
}

/** The number of addresses of a block (2^(bits − length)). */
export function addressCount(p: NumericPrefix): bigint {
  return 1n << BigInt(FAMILY_BITS[p.family] - p.length);
}

/** An address in its canonical text (ipaddr.js: dotted IPv4, RFC 5952 IPv6). */
export function formatAddress(a: NumericAddress): string {
  const n = a.family === 4 ? 4 : 16;
  const bytes: number[] = new Array(n);
  let v = a.value;
  for (let i = n - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return ipaddr.fromByteArray(bytes).toString();
}

/** A block as CIDR text, e.g. "203.0.113.0/24", "2001:db8:1::/48". */
export function formatPrefix(p: NumericPrefix): string {
  return `${formatAddress(p)}/${p.length}`;
}

/** Parses CIDR text (or a single address, standing for /32 or /128) into a NumericPrefix; undefined when it is not one. */
export function parsePrefix(text: string): NumericPrefix | undefined {
  const slash = text.indexOf('/');
  const address = parseSourceAddress(slash < 0 ? text : text.slice(0, slash));
  if (address === undefined) return undefined;
  const length = slash < 0 ? FAMILY_BITS[address.family] : Number(text.slice(slash + 1));
  if (!Number.isInteger(length) || length < 0 || length > FAMILY_BITS[address.family]) return undefined;
  return prefixOf(address, length);
}

/** True when `address` lies in `p` (same family only). */
export function prefixContains(p: NumericPrefix, address: NumericAddress): boolean {
  return p.family === address.family && prefixOf(address, p.length).value === p.value;
}
