import fc from 'fast-check';
import ipaddr from 'ipaddr.js';

function network(bytes: number[], prefix: number): string {
  const bits = bytes.length * 8;
  const masked = bytes.map((byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return keep === 0 ? 0 : byte & (0xff << (8 - keep)) & 0xff;
  });
  const addr = ipaddr.fromByteArray(masked).toString();
  return prefix === bits ? addr : `${addr}/${prefix}`;
}

/** A random IPv4 network (host bits clear) or single address. */
export const ipv4Network = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 1, max: 32 }))
  .map(([bytes, prefix]) => network(bytes, prefix));

/** A random IPv6 network (host bits clear) or single address, outside the IPv4-mapped range. */
export const ipv6Network = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }), fc.integer({ min: 1, max: 128 }))
  .map(([bytes, prefix]) => network([bytes[0] | 0x20, ...bytes.slice(1)], prefix));

/** A random allowlist of 1–6 IPv4/IPv6 networks. */
export const allowlist = fc.array(fc.oneof(ipv4Network, ipv4Network, ipv6Network), { minLength: 1, maxLength: 6 });

/** A random IPv4 or IPv6 address as text. */
export const address = fc.oneof(
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }).map((b) => ipaddr.fromByteArray(b).toString()),
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }).map((b) => ipaddr.fromByteArray(b).toString()),
);

/** A random IPv4 network inside 32.0.0.0/3, whose IPv6 mirror lies in real global-unicast space (2000::/3). */
export const ipv4NetworkIn32Slash3 = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), fc.integer({ min: 3, max: 32 }))
  .map(([bytes, prefix]) => network([0x20 | (bytes[0] & 0x1f), ...bytes.slice(1)], prefix));

/** Two adjacent IPv4 blocks of one prefix (a block and the next one), as an allowlist might list them. */
const adjacentIpv4Pair = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 8, max: 32 })).map(([start, prefix]) => {
  const size = 2 ** (32 - prefix);
  const base = Math.floor(start / size / 2) * size * 2;
  const text = (v: number) => network([v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255], prefix);
  return [text(base), text(base + size)];
});

/** A random allowlist of IPv4 networks in 32.0.0.0/3 (mirrors in real IPv6 space), single hosts, adjacent or overlapping blocks, and IPv6 networks. */
export const allowlistIn32Slash3 = fc
  .tuple(fc.array(fc.oneof(ipv4NetworkIn32Slash3, ipv6Network, ipv4Network), { minLength: 1, maxLength: 5 }), fc.option(adjacentIpv4Pair, { nil: undefined }))
  .map(([nets, pair]) => [...nets, ...(pair ?? [])]);
