import type { NetworkInfo, NetworkKind } from './network-kind';

/** One API call made with an access key, as the suggestion reads it from CloudTrail or from `keywatch hunt`. */
export interface ObservedCall {
  /** The account the call was made in (recipientAccountId). */
  readonly account: string;
  /** userIdentity.accessKeyId; "" when CloudTrail shows none. */
  readonly accessKeyId: string;
  /** sourceIPAddress as CloudTrail wrote it: an address, a service name or `AWS Internal/#`. */
  readonly sourceIp: string;
  /** eventTime in milliseconds since the epoch. */
  readonly time: number;
  /** eventName. */
  readonly eventName: string;
  /** The IAM user name or principal ARN. @default - none shown */
  readonly user?: string;
  /** vpcEndpointId. @default - the call did not go through a VPC endpoint */
  readonly vpcEndpointId?: string;
}

/** Thresholds and aggregation of a suggestion. */
export interface SuggestOptions {
  /**
   * Observed IPv4 addresses are aggregated to blocks of this prefix length.
   * @default 24
   */
  readonly ipv4Prefix?: number;
  /**
   * Observed IPv6 addresses are aggregated to blocks of this prefix length.
   * @default 48
   */
  readonly ipv6Prefix?: number;
  /**
   * A block is suggested only with at least this many calls.
   * @default 3
   */
  readonly minCalls?: number;
  /**
   * A block is suggested only when it was used on at least this many distinct UTC days.
   * @default 2
   */
  readonly minDays?: number;
}

/** SuggestOptions with every default applied. */
export type ResolvedSuggestOptions = Required<SuggestOptions>;

/** The defaults of SuggestOptions: IPv4 /24, IPv6 /48, at least 3 calls on at least 2 days. */
export const SUGGEST_DEFAULTS: ResolvedSuggestOptions = { ipv4Prefix: 24, ipv6Prefix: 48, minCalls: 3, minDays: 2 };

/**
 * Prefix lengths for addresses of cloud and hosting networks, whose neighbours are other tenants' machines: IPv4
 * addresses are suggested one by one, IPv6 addresses to their /64 (one subnet, as EC2 and most hosts assign them).
 */
export const CLOUD_PREFIX = { 4: 32, 6: 64 } as const;

/** Why the calls of an aggregated block are evidence. */
export interface NetworkEvidence {
  /** eventTime of the first call (ISO 8601). */
  readonly firstSeen: string;
  /** eventTime of the last call (ISO 8601). */
  readonly lastSeen: string;
  readonly calls: number;
  /** Distinct UTC days with calls. */
  readonly days: number;
  /** Distinct source addresses. */
  readonly addresses: number;
  /** Keys with their call counts, most calls first. */
  readonly keys: ReadonlyArray<{ readonly accessKeyId: string; readonly calls: number }>;
  /** Users (IAM user name or principal), sorted. */
  readonly users: readonly string[];
  /** Event names, most calls first (at most EVIDENCE_EVENT_NAMES). */
  readonly eventNames: readonly string[];
  /** Distinct event names, including those not listed. */
  readonly eventNameCount: number;
  /** The networks (AS, holder, kind) the addresses belong to, most calls first. */
  readonly networks: readonly NetworkInfo[];
}

/** At most this many event names are listed in an evidence. */
export const EVIDENCE_EVENT_NAMES = 8;

/** One network proposed for an allowlist, with its evidence. */
export interface SuggestedNetwork {
  /** The CIDR block to add. */
  readonly network: string;
  /** The kind of most of its calls' networks. */
  readonly kind: NetworkKind;
  readonly evidence: NetworkEvidence;
  /** The one key that used the block, when the account's other keys did not. @default - used by several keys, or the account's only key */
  readonly onlyKey?: string;
}

/** The networks proposed for one account, beyond the organization default. */
export interface AccountSuggestion {
  readonly account: string;
  readonly networks: readonly SuggestedNetwork[];
  /** Watched keys seen calling in the account. */
  readonly keys: readonly string[];
}

/** The networks proposed for an OU section: every known account of the OU (two at least) used them. */
export interface OrganizationalUnitSuggestion {
  /** The OU path (`Workloads/Prod`). */
  readonly path: string;
  /** The OU's accounts (directly in it), sorted. */
  readonly accounts: readonly string[];
  readonly networks: readonly SuggestedNetwork[];
}

/** Why a block seen in the logs is not proposed. */
export type NotSuggestedReason = 'aws-service' | 'private' | 'below-thresholds';

/** A block seen with watched keys that is left out of the suggestion, and why. */
export interface NotSuggestedNetwork {
  readonly account: string;
  readonly network: string;
  readonly reason: NotSuggestedReason;
  readonly kind: NetworkKind;
  readonly evidence: NetworkEvidence;
}

/** How the calls read were used. */
export interface LearnStats {
  /** Calls handed to the learner. */
  readonly calls: number;
  /** Calls with a key watch.accessKeys does not cover, or one watch.excludeAccessKeys excludes. */
  readonly unwatchedKey: number;
  /** Watched-key calls whose sourceIPAddress is not an IP (service names, `AWS Internal/#`). */
  readonly nonIpSource: number;
  /** Watched-key calls already allowed (source inside the account's allowlist, or through an allowed VPC endpoint). */
  readonly alreadyAllowed: number;
  /** Watched-key calls from outside the allowlist, the ones the suggestion learns from. */
  readonly learned: number;
}

/** What `keywatch allowlist suggest` proposes. */
export interface AllowlistSuggestion {
  readonly options: ResolvedSuggestOptions;
  /** Networks every account with watched-key calls used (at least two accounts): for allow.networks. */
  readonly organization: readonly SuggestedNetwork[];
  /** Networks every known account of an OU used (beyond the organization default): for allow.organizationalUnits. */
  readonly organizationalUnits: readonly OrganizationalUnitSuggestion[];
  /** The rest, per account, sorted by account. */
  readonly accounts: readonly AccountSuggestion[];
  /** Blocks seen and not proposed, sorted by account and block. */
  readonly notSuggested: readonly NotSuggestedNetwork[];
  /** Accounts with watched-key calls from an IP address (allowed or not), sorted. */
  readonly observedAccounts: readonly string[];
  readonly stats: LearnStats;
}
