import { createHash } from 'node:crypto';
import {
  FAMILY_BITS,
  addressInNetworks,
  formatAddress,
  parseNetwork,
  watchedKeyClass,
  type KeywatchConfig,
  type NetworkPolicy,
  type NumericAddress,
  type PlanBlindSpot,
} from '@keywatch/shared';
import type { Want } from './types';

/** What a probe event tests. */
export type ProbeKind =
  | 'network-first'
  | 'network-last'
  | 'network-middle'
  | 'below-network'
  | 'above-network'
  | 'ipv6-mirror'
  | 'ipv4-shadow'
  | 'unlisted'
  | 'service-name'
  | 'excluded-key'
  | 'unwatched-key'
  | 'allowed-vpc-endpoint'
  | 'unlisted-vpc-endpoint'
  | 'forged-source';

/** One synthetic CloudTrail API call, before it is given an account. */
export interface ProbeSpec {
  readonly kind: ProbeKind;
  /** detail.sourceIPAddress: an address or a service name. */
  readonly sourceIp: string;
  readonly accessKeyId: string;
  /** detail.vpcEndpointId. @default - absent */
  readonly vpcEndpointId?: string;
  /** The envelope source: aws.sts, or a forged custom source. */
  readonly source: string;
}

/** What keywatch intends a rule set to do with a probe, from the policy alone. */
export interface Intent {
  readonly want: Want;
  readonly why: string;
  /** The plan blind spot the address lies in (the set cannot match it; reported, not a finding). @default - none */
  readonly blindSpot?: string;
}

/** Whether a sender forwards an event: must, may (nobody minds either way), or never. */
export type ForwardVerdict = 'must' | 'may' | 'never';

/** What the intent functions read from the configuration and the plan. */
export interface IntentContext {
  readonly watch: KeywatchConfig['watch'];
  readonly filtering: KeywatchConfig['filtering'];
  /** policy.common: what every account allows (the sender filters on it with sender-and-central). */
  readonly common: NetworkPolicy;
  /** plan.blindSpots. */
  readonly blindSpots: readonly PlanBlindSpot[];
}

/** The blind-spot label (`affects`) of the sender rules, as the compiler names them. */
export const SENDER_SET = 'the organization-wide sender rule';
/** The blind-spot label of the fallback rules (accounts not in the directory). */
export const FALLBACK_SET = 'accounts not in the directory';
/** The blind-spot label of one known account's central rules. */
export function accountSet(id: string, name: string): string {
  return `account ${id} (${name})`;
}

/** Addresses nobody is likely to allow, probed for every rule set (documentation, benchmarking and public ranges). */
export const UNLISTED_ADDRESSES: readonly string[] = ['198.18.0.1', '203.0.113.99', '2001:db8:ffff::1', '2600:1f18::1'];
/** sourceIPAddress values of calls AWS makes on your behalf. */
export const SERVICE_NAMES: readonly string[] = ['ec2.amazonaws.com', 'AWS Internal'];
/** A VPC endpoint ID no configuration lists. */
export const UNLISTED_VPC_ENDPOINT = 'vpce-0fffffffffffffff0';
/** The source of a probe that imitates an event put with PutEvents (never `aws.*`). */
export const FORGED_SOURCE = 'com.example.forged';
/** At most this many excluded keys and VPC endpoints each are probed per rule set. */
export const MAX_LISTED_PROBES = 3;

// ---- addresses (ipaddr.js through parseNetwork, the numeric model of shared/suggest/address; nothing here uses the compiler) ----

function toBigInt(bytes: readonly number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/** The range of a network (CIDR or bare address); undefined when it is not one. */
function rangeOf(network: string): { family: 4 | 6; start: bigint; end: bigint } | undefined {
  const parsed = parseNetwork(network);
  if (!parsed) return undefined;
  const [addr, len] = parsed;
  const family = addr.kind() === 'ipv4' ? 4 : 6;
  const host = (1n << BigInt(FAMILY_BITS[family] - len)) - 1n;
  const value = toBigInt(addr.toByteArray());
  return { family, start: value & ~host, end: value | host };
}

/** True when `text` is an IPv4 or IPv6 address (not a service name such as "AWS Internal"). */
export function isIpAddress(text: string): boolean {
  return !text.includes('/') && parseNetwork(text) !== undefined;
}

/** One address to probe and why it was chosen. */
export interface AddressProbe {
  readonly kind: ProbeKind;
  readonly address: string;
}

/**
 * The addresses that test an allowlist: for each network its first, middle and last address and the neighbours just
 * outside; for an IPv4 network its IPv6 "mirror" (IPv6 addresses whose first 32 bits are the network's first and last
 * address); for an IPv6 network its IPv4 "shadow" (the IPv4 address made of its first and last address's first 32
 * bits). Deduplicated, in network order.
 */
export function addressProbes(networks: readonly string[]): AddressProbe[] {
  const out: AddressProbe[] = [];
  const seen = new Set<string>();
  const add = (kind: ProbeKind, a: NumericAddress) => {
    const address = formatAddress(a);
    if (!seen.has(address)) {
      seen.add(address);
      out.push({ kind, address });
    }
  };
  for (const n of networks) {
    const r = rangeOf(n);
    if (!r) continue;
    const max = (1n << BigInt(FAMILY_BITS[r.family])) - 1n;
    const at = (value: bigint): NumericAddress => ({ family: r.family, value });
    add('network-first', at(r.start));
    if (r.end - r.start >= 2n) add('network-middle', at((r.start + r.end) / 2n));
    add('network-last', at(r.end));
    if (r.start > 0n) add('below-network', at(r.start - 1n));
    if (r.end < max) add('above-network', at(r.end + 1n));
    if (r.family === 4) {
      add('ipv6-mirror', { family: 6, value: r.start << 96n });
      add('ipv6-mirror', { family: 6, value: (r.end << 96n) | ((1n << 96n) - 1n) });
    } else {
      add('ipv4-shadow', { family: 4, value: r.start >> 96n });
      add('ipv4-shadow', { family: 4, value: r.end >> 96n });
    }
  }
  return out;
}

// ---- keys ----

/** The access keys the probes use. */
export interface ProbeKeys {
  /** A key keywatch watches. */
  readonly watched: string;
  /** A key keywatch does not watch, when there is one. @default - none */
  readonly unwatched?: string;
  /** Excluded keys (at most MAX_LISTED_PROBES). */
  readonly excluded: readonly string[];
}

/** Picks the probe keys for watch.accessKeys / excludeAccessKeys. */
export function probeKeys(watch: KeywatchConfig['watch']): ProbeKeys {
  const excluded = [...new Set(watch.excludeAccessKeys)].sort();
  const free = (candidates: readonly string[]) => candidates.find((k) => !excluded.includes(k))!;
  if (Array.isArray(watch.accessKeys)) {
    const listed = watch.accessKeys.filter((k) => !excluded.includes(k));
    const unwatched = ['AKIAKEYWATCHVERIFY99', 'AKIAKEYWATCHVERIFY98'].find((k) => !watch.accessKeys.includes(k) && !excluded.includes(k));
    return { watched: listed[0] ?? watch.accessKeys[0], ...(unwatched ? { unwatched } : {}), excluded: excluded.slice(0, MAX_LISTED_PROBES) };
  }
  if (watch.accessKeys === 'all') {
    return { watched: free(['AKIAKEYWATCHVERIFY01', 'AKIAKEYWATCHVERIFY02']), unwatched: '', excluded: excluded.slice(0, MAX_LISTED_PROBES) };
  }
  return { watched: free(['AKIAKEYWATCHVERIFY01', 'AKIAKEYWATCHVERIFY02']), unwatched: 'ASIAKEYWATCHVERIFY01', excluded: excluded.slice(0, MAX_LISTED_PROBES) };
}

// ---- suites ----

/**
 * The probes for a rule set whose account(s) have `policy`: every address of addressProbes(policy.networks), the
 * UNLISTED_ADDRESSES and SERVICE_NAMES with a watched key; from an outside address, the excluded keys, an unwatched
 * key, the allowed VPC endpoints and an unlisted one; and (central rule sets) a forged source. Deduplicated.
 */
export function probeSuite(policy: NetworkPolicy, keys: ProbeKeys, stage: 'sender' | 'central'): ProbeSpec[] {
  const specs: ProbeSpec[] = [];
  const seen = new Set<string>();
  const add = (s: ProbeSpec) => {
    const key = JSON.stringify([s.sourceIp, s.accessKeyId, s.vpcEndpointId ?? null, s.source]);
    if (!seen.has(key)) {
      seen.add(key);
      specs.push(s);
    }
  };
  const call = (kind: ProbeKind, sourceIp: string, extra: Partial<ProbeSpec> = {}): ProbeSpec => ({
    kind,
    sourceIp,
    accessKeyId: keys.watched,
    source: 'aws.sts',
    ...extra,
  });
  for (const a of addressProbes(policy.networks)) add(call(a.kind, a.address));
  for (const ip of UNLISTED_ADDRESSES) add(call('unlisted', ip));
  for (const name of SERVICE_NAMES) add(call('service-name', name));
  const outside = UNLISTED_ADDRESSES.find((ip) => !addressInNetworks(ip, policy.networks));
  if (outside !== undefined) {
    for (const k of keys.excluded) add(call('excluded-key', outside, { accessKeyId: k }));
    if (keys.unwatched !== undefined) add(call('unwatched-key', outside, { accessKeyId: keys.unwatched }));
    for (const v of policy.vpcEndpoints.slice(0, MAX_LISTED_PROBES)) add(call('allowed-vpc-endpoint', outside, { vpcEndpointId: v }));
    if (!policy.vpcEndpoints.includes(UNLISTED_VPC_ENDPOINT)) add(call('unlisted-vpc-endpoint', outside, { vpcEndpointId: UNLISTED_VPC_ENDPOINT }));
    if (stage === 'central') add(call('forged-source', outside, { source: FORGED_SOURCE }));
  }
  return specs;
}

/** A probe's label in the report, e.g. "network-last 192.0.2.63", "excluded-key AKIA… from 198.18.0.1". */
export function probeLabel(s: ProbeSpec): string {
  const parts = [s.kind, s.sourceIp];
  if (s.kind === 'excluded-key' || s.kind === 'unwatched-key') parts.push(`key '${s.accessKeyId}'`);
  if (s.vpcEndpointId !== undefined) parts.push(`via ${s.vpcEndpointId}`);
  if (s.source !== 'aws.sts') parts.push(`source ${s.source}`);
  return parts.join(' ');
}

// ---- intent (the configuration's meaning, computed from the resolved policy with ipaddr.js membership) ----

function blindSpotOf(ip: string, set: string, blindSpots: readonly PlanBlindSpot[]): PlanBlindSpot | undefined {
  if (!isIpAddress(ip)) return undefined;
  return blindSpots.find((b) => b.affects.includes(set) && addressInNetworks(ip, [b.network]));
}

/**
 * Whether the sender forwards the probe: with sender-and-central it must forward a watched key's call from an address
 * outside the common networks, unless it came through a common VPC endpoint; excluded keys may be forwarded (the
 * central rules drop them); with central-only it must forward every watched key's call. A sender blind spot is never
 * forwarded.
 */
export function forwardVerdict(s: ProbeSpec, ctx: IntentContext): { verdict: ForwardVerdict; why: string; blindSpot?: string } {
  const kc = watchedKeyClass(ctx.watch, s.accessKeyId);
  if (kc === 'unwatched') return { verdict: 'never', why: 'the key is not watched' };
  const may = kc === 'excluded';
  if (ctx.filtering === 'central-only') {
    return may
      ? { verdict: 'may', why: 'excluded key (the central rules drop it)' }
      : { verdict: 'must', why: 'a watched key (central-only filtering forwards every call)' };
  }
  if (!isIpAddress(s.sourceIp)) return { verdict: 'never', why: 'the source is a service name, not an address' };
  if (s.vpcEndpointId !== undefined && ctx.common.vpcEndpoints.includes(s.vpcEndpointId))
    return { verdict: 'never', why: 'through a VPC endpoint every account allows' };
  if (addressInNetworks(s.sourceIp, ctx.common.networks)) return { verdict: 'never', why: 'inside the networks every account allows' };
  const blind = blindSpotOf(s.sourceIp, SENDER_SET, ctx.blindSpots);
  if (blind) return { verdict: 'never', why: `in the sender's blind spot ${blind.network} (${blind.kind})`, blindSpot: blind.network };
  return may
    ? { verdict: 'may', why: 'excluded key from outside the common networks (the central rules drop it)' }
    : { verdict: 'must', why: 'a watched key from outside the networks every account allows' };
}

/** What the sender rules must do with the probe: forward it once (must), never (never), at most once (may). */
export function senderIntent(s: ProbeSpec, ctx: IntentContext): Intent {
  const f = forwardVerdict(s, ctx);
  const want: Want = f.verdict === 'must' ? 'one' : f.verdict === 'never' ? 'none' : 'at-most-one';
  return { want, why: f.why, ...(f.blindSpot ? { blindSpot: f.blindSpot } : {}) };
}

/**
 * What the central rules of a set (an account's with its policy, or the fallback rules with the default policy) must
 * do with a forwarded probe: alert once when a watched, not excluded key was used, from an AWS source, from an
 * address outside `policy.networks`, not through one of `policy.vpcEndpoints`; else never. An address in a blind spot
 * of the set is expected to match nothing. Undefined when the sender never forwards the probe (nothing to check).
 */
export function centralIntent(s: ProbeSpec, policy: NetworkPolicy, set: string, ctx: IntentContext): Intent | undefined {
  if (forwardVerdict(s, ctx).verdict === 'never') return undefined;
  const none = (why: string): Intent => ({ want: 'none', why });
  if (!s.source.startsWith('aws.')) return none('not an AWS source (events put with PutEvents are dropped)');
  const kc = watchedKeyClass(ctx.watch, s.accessKeyId);
  if (kc !== 'watched') return none(kc === 'excluded' ? 'the key is excluded' : 'the key is not watched');
  if (!isIpAddress(s.sourceIp)) return none('the source is a service name, not an address');
  if (s.vpcEndpointId !== undefined && policy.vpcEndpoints.includes(s.vpcEndpointId)) return none('through an allowed VPC endpoint');
  if (addressInNetworks(s.sourceIp, policy.networks)) return none('inside the allowed networks');
  const blind = blindSpotOf(s.sourceIp, set, ctx.blindSpots);
  if (blind) return { want: 'none', why: `in the blind spot ${blind.network} (${blind.kind}) of ${set}`, blindSpot: blind.network };
  return { want: 'one', why: 'a watched key used from outside the allowed networks' };
}

// ---- events ----

/** The CloudTrail-shaped EventBridge event of a probe from `account` in `region` at `time` (ISO 8601), as JSON text. */
export function probeEvent(s: ProbeSpec, account: string, region: string, time: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([s, account, region, time]))
    .digest('hex');
  const uuid = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  const service = s.source.startsWith('aws.') ? s.source.slice(4) : 'sts';
  const detail: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAKEYWATCHVERIFY0001',
      arn: `arn:aws:iam::${account}:user/keywatch-verify-probe`,
      accountId: account,
      accessKeyId: s.accessKeyId,
      userName: 'keywatch-verify-probe',
    },
    eventTime: time,
    eventSource: `${service}.amazonaws.com`,
    eventName: 'GetCallerIdentity',
    awsRegion: region,
    sourceIPAddress: s.sourceIp,
    userAgent: 'keywatch-verify',
    requestParameters: null,
    responseElements: null,
    requestID: uuid,
    eventID: uuid,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    ...(s.vpcEndpointId !== undefined ? { vpcEndpointId: s.vpcEndpointId, vpcEndpointAccountId: account } : {}),
  };
  return JSON.stringify({
    version: '0',
    id: uuid,
    'detail-type': 'AWS API Call via CloudTrail',
    source: s.source,
    account,
    time,
    region,
    resources: [],
    detail,
  });
}

/** The semantics-probe event: a CloudTrail-shaped call from `sourceIp` (TestEventPattern needs the envelope fields). */
export function semanticsEvent(sourceIp: string, account: string, region: string, time: string): string {
  return probeEvent({ kind: 'unlisted', sourceIp, accessKeyId: 'AKIAKEYWATCHVERIFY01', source: 'aws.sts' }, account, region, time);
}
