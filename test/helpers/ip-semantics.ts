import * as fs from 'fs';
import * as path from 'path';
import ipaddr from 'ipaddr.js';
import { IP_SEMANTICS, addressInNetworks, matchesEventPattern } from '@keywatch/shared';
import type { IpMatcher, IpSemantics } from '@keywatch/shared';
import { toRange } from './ranges';

/** Every IP semantics the local engine models: each compiler test that runs patterns through the engine runs under all of them. */
export const SEMANTICS: readonly IpSemantics[] = IP_SEMANTICS;

/** True when `ip` matches one of `matchers` (as a sourceIPAddress pattern array) under `semantics`. */
export function ipMatches(matchers: readonly IpMatcher[], ip: string, semantics: IpSemantics): boolean {
  return matchers.length > 0 && matchesEventPattern({ detail: { sourceIPAddress: matchers } }, { detail: { sourceIPAddress: ip } }, { ipSemantics: semantics });
}

/** The first 32 bits of an IPv6 address as IPv4 text (ipaddr.js only). */
export function top32(ip: string): string {
  const bytes = ipaddr.parse(ip).toByteArray();
  return ipaddr.fromByteArray(bytes.slice(0, 4)).toString();
}

/**
 * Independent of the compiler: true when no pattern can watch `ip` under both semantics without matching an allowed
 * address — an IPv4 address that is the first 32 bits of an allowed IPv6 address, or an IPv6 address whose first 32
 * bits are an allowed IPv4 address. (The compiler may leave only such addresses unwatched.)
 */
export function isUnavoidableBlindSpot(ip: string, allowed: readonly string[]): boolean {
  if (addressInNetworks(ip, allowed)) return false;
  const addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv6') return addressInNetworks(top32(ip), allowed);
  const value = BigInt(addr.toByteArray().reduce((acc, b) => acc * 256 + b, 0));
  return allowed.some((n) => {
    const r = toRange(n);
    return r.version === 6 && r.start >> 96n <= value && value <= r.end >> 96n;
  });
}

/** Every JSON file under `dir` whose rules' sourceIPAddress conditions are replaced by `matchers` (a hand-made drift). */
export function replaceIpConditions(dir: string, matchers: unknown[]): number {
  let replaced = 0;
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    type Branch = { detail?: { sourceIPAddress?: unknown } };
    const pattern = o.EventPattern as (Branch & { $or?: Branch[] }) | undefined;
    // A sender rule's alert pattern is the first branch of its top-level $or (the last one is its heartbeat)
    for (const branch of [pattern, ...(Array.isArray(pattern?.$or) ? pattern.$or : [])]) {
      if (branch?.detail?.sourceIPAddress !== undefined) {
        branch.detail.sourceIPAddress = matchers;
        replaced++;
      }
    }
    Object.values(o).forEach(visit);
  };
  for (const file of fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.json'))) {
    const full = path.join(dir, file);
    const json = JSON.parse(fs.readFileSync(full, 'utf8')) as unknown;
    visit(json);
    fs.writeFileSync(full, JSON.stringify(json));
  }
  return replaced;
}
