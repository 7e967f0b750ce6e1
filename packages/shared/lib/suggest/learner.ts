import { mergeCidr } from 'cidr-tools';
import type { KeywatchConfig } from '../config/schema';
import { ownString } from '../engine/own-string';
import type { NetworkPolicy, ResolvedPolicy } from '../policy/resolve';
import { watchedKeyClass } from '../policy/watch';
import { FAMILY_BITS, formatPrefix, parsePrefix, parseSourceAddress, prefixContains, prefixOf, type NumericAddress } from './address';
import type { DescribeNetwork, NetworkInfo, NetworkKind } from './network-kind';
import { PrefixIndex } from './prefix-index';
import {
  CLOUD_PREFIX,
  EVIDENCE_EVENT_NAMES,
  SUGGEST_DEFAULTS,
  type AccountSuggestion,
  type AllowlistSuggestion,
  type LearnStats,
  type NetworkEvidence,
  type NotSuggestedNetwork,
  type OrganizationalUnitSuggestion,
  type ObservedCall,
  type SuggestedNetwork,
  type SuggestOptions,
} from './types';

const DAY_MS = 86_400_000;

/** What was seen from one source address in one account (memory grows with distinct addresses, not with calls). */
interface AddressStats {
  readonly address: NumericAddress;
  calls: number;
  first: number;
  last: number;
  readonly days: Set<number>;
  readonly keys: Map<string, number>;
  readonly users: Set<string>;
  readonly events: Map<string, number>;
}

/** An account's allowlist, ready for lookups. */
interface AccountAllowlist {
  readonly networks: PrefixIndex<true>;
  readonly vpcEndpoints: ReadonlySet<string>;
}

/**
 * Learns allowlists from calls: `add` every call (constant work per call, memory per distinct account × address),
 * then `suggest` once. Applies the compiler's watch policy (watched keys minus exclusions; non-IP sources never
 * count) and leaves out what the account's effective allowlist (or an allowed VPC endpoint) already allows.
 */
export class AllowlistLearner {
  private readonly accounts = new Map<string, Map<string, AddressStats>>();
  private readonly allowlists = new Map<string, AccountAllowlist>();
  private readonly parsed = new Map<string, NumericAddress | null>();
  private readonly defaultAllowlist: AccountAllowlist;
  private readonly knownAccounts = new Map<string, NetworkPolicy>();
  /** Known accounts' OU paths ("" directly under the root or without a directory). */
  private readonly ouOf = new Map<string, string>();
  private stats = { calls: 0, unwatchedKey: 0, nonIpSource: 0, alreadyAllowed: 0, learned: 0 };

  /** A learner for the configuration's watch policy and the resolved allowlists (resolvePolicy). */
  constructor(
    private readonly watch: KeywatchConfig['watch'],
    policy: ResolvedPolicy,
  ) {
    this.defaultAllowlist = indexPolicy(policy.default);
    for (const a of policy.accounts) {
      this.knownAccounts.set(a.identity.id, a);
      this.ouOf.set(a.identity.id, a.identity.ouPath);
    }
  }

  /** Counts one call. */
  add(call: ObservedCall): void {
    this.stats.calls++;
    if (watchedKeyClass(this.watch, call.accessKeyId) !== 'watched') {
      this.stats.unwatchedKey++;
      return;
    }
    let address = this.parsed.get(call.sourceIp);
    if (address === undefined) {
      address = parseSourceAddress(call.sourceIp) ?? null;
      // a bounded cache: service names and addresses repeat; a pathological input must not grow it without end
      if (this.parsed.size >= 1_000_000) this.parsed.clear();
      this.parsed.set(ownString(call.sourceIp), address);
    }
    if (address === null) {
      this.stats.nonIpSource++;
      return;
    }
    const allowlist = this.allowlistOf(call.account);
    if (call.vpcEndpointId !== undefined && allowlist.vpcEndpoints.has(call.vpcEndpointId)) {
      this.stats.alreadyAllowed++;
      return;
    }
    let byAddress = this.accounts.get(call.account);
    if (byAddress === undefined) {
      byAddress = new Map();
      this.accounts.set(ownString(call.account), byAddress);
    }
    let s = byAddress.get(call.sourceIp);
    if (s === undefined) {
      if (allowlist.networks.contains(address)) {
        this.stats.alreadyAllowed++;
        return;
      }
      s = { address, calls: 0, first: call.time, last: call.time, days: new Set(), keys: new Map(), users: new Set(), events: new Map() };
      byAddress.set(ownString(call.sourceIp), s);
    }
    this.stats.learned++;
    s.calls++;
    if (call.time < s.first) s.first = call.time;
    if (call.time > s.last) s.last = call.time;
    s.days.add(Math.floor(call.time / DAY_MS));
    count(s.keys, call.accessKeyId);
    count(s.events, call.eventName);
    if (call.user !== undefined && call.user !== '' && !s.users.has(call.user)) s.users.add(ownString(call.user));
  }

  /** Accounts seen with watched-key calls from an IP address (allowed or not). */
  private readonly seenAccounts = new Set<string>();

  private allowlistOf(account: string): AccountAllowlist {
    if (!this.seenAccounts.has(account)) this.seenAccounts.add(ownString(account));
    let a = this.allowlists.get(account);
    if (a === undefined) {
      const known = this.knownAccounts.get(account);
      a = known === undefined ? this.defaultAllowlist : indexPolicy(known);
      this.allowlists.set(ownString(account), a);
    }
    return a;
  }

  /**
   * The suggestion: each account's addresses aggregated (IPv4 /24, IPv6 /48 by default; cloud and hosting addresses
   * as observed, CLOUD_PREFIX), blocks below the thresholds or on AWS service or private networks left out, adjacent
   * blocks merged (cidr-tools), blocks every account used (two accounts at least) moved to the organization default,
   * and blocks every known account of an OU used (two at least) moved to that OU's section. `describe` is called once per distinct address.
   */
  suggest(describe: DescribeNetwork, options: SuggestOptions = {}): AllowlistSuggestion {
    const o = { ...SUGGEST_DEFAULTS, ...options };
    const infos = new Map<string, NetworkInfo>();
    const info = (text: string, a: NumericAddress): NetworkInfo => {
      let i = infos.get(text);
      if (i === undefined) infos.set(text, (i = describe(a)));
      return i;
    };
    const qualifying = new Map<string, Map<string, Block>>(); // account → prefix → block
    const notSuggested: NotSuggestedNetwork[] = [];
    for (const [account, byAddress] of [...this.accounts].sort(([a], [b]) => a.localeCompare(b))) {
      const blocks = new Map<string, Block>();
      for (const [text, s] of byAddress) {
        const i = info(text, s.address);
        const length = i.kind === 'cloud' ? CLOUD_PREFIX[s.address.family] : s.address.family === 4 ? o.ipv4Prefix : o.ipv6Prefix;
        const prefix = formatPrefix(prefixOf(s.address, length));
        const key = `${i.kind === 'aws-service' || i.kind === 'private' ? i.kind : 'ok'} ${prefix}`;
        let b = blocks.get(key);
        if (b === undefined) blocks.set(key, (b = { prefix, parts: [] }));
        b.parts.push({ stats: s, info: i });
      }
      const ok = new Map<string, Block>();
      for (const [key, b] of blocks) {
        const evidence = evidenceOf(b.parts);
        const reason = key.startsWith('aws-service ') ? 'aws-service' : key.startsWith('private ') ? 'private' : undefined;
        if (reason !== undefined) {
          notSuggested.push({ account, network: b.prefix, reason, kind: reason, evidence });
        } else if (evidence.calls < o.minCalls || evidence.days < o.minDays) {
          notSuggested.push({ account, network: b.prefix, reason: 'below-thresholds', kind: mainKind(b.parts), evidence });
        } else {
          ok.set(b.prefix, b);
        }
      }
      qualifying.set(account, ok);
    }

    // networks every account with watched-key calls used go to the organization default (two accounts at least)
    const accountsSeen = [...this.seenAccounts];
    const everywhere =
      accountsSeen.length >= 2 && accountsSeen.every((a) => qualifying.has(a))
        ? [...(qualifying.get(accountsSeen[0]) ?? new Map<string, Block>()).keys()].filter((p) => accountsSeen.every((a) => qualifying.get(a)!.has(p)))
        : [];
    const orgParts = new Map<string, Part[]>(everywhere.map((p) => [p, accountsSeen.flatMap((a) => qualifying.get(a)!.get(p)!.parts)]));
    const organization = mergeBlocks(orgParts, undefined);

    // networks every account of an OU used (two accounts at least, all of the OU's known accounts) go to the OU
    const organizationalUnits: OrganizationalUnitSuggestion[] = [];
    const inOu = new Map<string, Set<string>>(); // account → blocks its OU section carries
    const byOu = new Map<string, string[]>();
    for (const [id, ouPath] of this.ouOf) if (ouPath !== '') byOu.set(ouPath, [...(byOu.get(ouPath) ?? []), id]);
    for (const [ouPath, members] of [...byOu].sort(([a], [b]) => a.localeCompare(b))) {
      if (members.length < 2 || !members.every((a) => qualifying.has(a))) continue;
      const shared = [...qualifying.get(members[0])!.keys()].filter((p) => !orgParts.has(p) && members.every((a) => qualifying.get(a)!.has(p)));
      if (shared.length === 0) continue;
      const parts = new Map<string, Part[]>(shared.map((p) => [p, members.flatMap((a) => qualifying.get(a)!.get(p)!.parts)]));
      organizationalUnits.push({ path: ouPath, accounts: [...members].sort(), networks: mergeBlocks(parts, undefined) });
      for (const a of members) inOu.set(a, new Set([...(inOu.get(a) ?? []), ...shared]));
    }

    const accounts: AccountSuggestion[] = [];
    for (const [account, ok] of qualifying) {
      const parts = new Map<string, Part[]>();
      for (const [p, b] of ok) if (!orgParts.has(p) && !inOu.get(account)?.has(p)) parts.set(p, b.parts);
      const keys = [...new Set([...this.accounts.get(account)!.values()].flatMap((s) => [...s.keys.keys()]))].sort();
      const networks = mergeBlocks(parts, keys);
      if (networks.length > 0) accounts.push({ account, networks, keys });
    }
    notSuggested.sort((a, b) => a.account.localeCompare(b.account) || compareNetworks(a.network, b.network));
    const stats: LearnStats = { ...this.stats };
    return { options: o, organization, organizationalUnits, accounts, notSuggested, observedAccounts: [...accountsSeen].sort(), stats };
  }
}

/** Addresses of one account aggregated to one block. */
interface Block {
  readonly prefix: string;
  readonly parts: Part[];
}

interface Part {
  readonly stats: AddressStats;
  readonly info: NetworkInfo;
}

function count(map: Map<string, number>, key: string): void {
  const n = map.get(key);
  if (n === undefined) map.set(ownString(key), 1);
  else map.set(key, n + 1);
}

function indexPolicy(policy: NetworkPolicy): AccountAllowlist {
  const networks = new PrefixIndex<true>();
  for (const n of policy.networks) networks.add(n, true);
  return { networks, vpcEndpoints: new Set(policy.vpcEndpoints) };
}

/**
 * Merges adjacent and nested blocks into the fewest CIDR blocks (cidr-tools mergeCidr: the merged list allows exactly
 * the same addresses), each with the evidence of the blocks it holds; `accountKeys` marks blocks only one of an
 * account's several keys used.
 */
function mergeBlocks(blocks: ReadonlyMap<string, Part[]>, accountKeys: readonly string[] | undefined): SuggestedNetwork[] {
  if (blocks.size === 0) return [];
  const merged = mergeCidr([...blocks.keys()]);
  const out: SuggestedNetwork[] = [];
  for (const network of merged) {
    const block = parsePrefix(network)!;
    const parts: Part[] = [];
    for (const [p, ps] of blocks) if (prefixContains(block, parsePrefix(p)!) && parsePrefix(p)!.length >= block.length) parts.push(...ps);
    const evidence = evidenceOf(parts);
    const onlyKey = accountKeys !== undefined && accountKeys.length >= 2 && evidence.keys.length === 1 ? evidence.keys[0].accessKeyId : undefined;
    out.push({ network, kind: mainKind(parts), evidence, ...(onlyKey === undefined ? {} : { onlyKey }) });
  }
  return out.sort((a, b) => compareNetworks(a.network, b.network));
}

/** The kind of the network most calls came from. */
function mainKind(parts: readonly Part[]): NetworkKind {
  const calls = new Map<NetworkKind, number>();
  for (const p of parts) calls.set(p.info.kind, (calls.get(p.info.kind) ?? 0) + p.stats.calls);
  return [...calls].sort((a, b) => b[1] - a[1])[0][0];
}

function evidenceOf(parts: readonly Part[]): NetworkEvidence {
  let calls = 0;
  let first = Infinity;
  let last = -Infinity;
  const days = new Set<number>();
  const keys = new Map<string, number>();
  const users = new Set<string>();
  const events = new Map<string, number>();
  const networks = new Map<string, { info: NetworkInfo; calls: number }>();
  for (const { stats: s, info } of parts) {
    calls += s.calls;
    first = Math.min(first, s.first);
    last = Math.max(last, s.last);
    for (const d of s.days) days.add(d);
    for (const [k, n] of s.keys) keys.set(k, (keys.get(k) ?? 0) + n);
    for (const u of s.users) users.add(u);
    for (const [e, n] of s.events) events.set(e, (events.get(e) ?? 0) + n);
    const nk = `${info.kind} ${info.asn ?? ''} ${info.awsServices?.join(',') ?? ''}`;
    const seen = networks.get(nk);
    if (seen === undefined) networks.set(nk, { info, calls: s.calls });
    else seen.calls += s.calls;
  }
  const byCalls = <K>(m: Map<K, number>): K[] => [...m].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).map(([k]) => k);
  return {
    firstSeen: new Date(first).toISOString(),
    lastSeen: new Date(last).toISOString(),
    calls,
    days: days.size,
    addresses: parts.length,
    keys: byCalls(keys).map((accessKeyId) => ({ accessKeyId, calls: keys.get(accessKeyId)! })),
    users: [...users].sort(),
    eventNames: byCalls(events).slice(0, EVIDENCE_EVENT_NAMES),
    eventNameCount: events.size,
    networks: [...networks.values()].sort((a, b) => b.calls - a.calls).map((n) => n.info),
  };
}

/** Orders CIDR texts IPv4 first, then by address and length. */
export function compareNetworks(a: string, b: string): number {
  const x = parsePrefix(a)!;
  const y = parsePrefix(b)!;
  return x.family - y.family || (x.value < y.value ? -1 : x.value > y.value ? 1 : x.length - y.length);
}

/** The number of addresses a list of networks allows, per family (for the aggregation trade-off). */
export function allowedAddressCount(networks: readonly string[]): { ipv4: bigint; ipv6: bigint } {
  let ipv4 = 0n;
  let ipv6 = 0n;
  for (const n of mergeCidr([...networks])) {
    const p = parsePrefix(n)!;
    const size = 1n << BigInt(FAMILY_BITS[p.family] - p.length);
    if (p.family === 4) ipv4 += size;
    else ipv6 += size;
  }
  return { ipv4, ipv6 };
}
