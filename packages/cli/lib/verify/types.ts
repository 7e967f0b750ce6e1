import type { BlindSpotKind, IpSemantics } from '@keywatch/shared';

/** What a finding is about; every finding makes `keywatch verify` exit with code 1. */
export type FindingKind =
  | 'stack-missing'
  | 'bus-missing'
  | 'rule-missing'
  | 'rule-extra'
  | 'pattern-drift'
  | 'state-drift'
  | 'target-drift'
  | 'semantics-unknown'
  | 'probe-mismatch'
  | 'probe-rejected'
  | 'subscription-pending'
  | 'subscription-missing'
  | 'dlq-not-empty'
  | 'archive-missing'
  | 'archive-not-enabled'
  | 'archive-pattern-drift'
  | 'log-group-missing'
  | 'resource-missing';

/** One thing that is not as synthesized, or does not behave as the configuration intends. */
export interface Finding {
  readonly kind: FindingKind;
  /** Where: "<bus> (<account> <region>)", a stack, or a region. */
  readonly where: string;
  /** What: a rule, a queue, a topic, a probe. */
  readonly subject: string;
  /** What is wrong, in one sentence. */
  readonly detail: string;
}

/** How one deployed rule compares with the synthesized one. */
export type RuleStatus = 'ok' | 'drift' | 'missing' | 'extra';

/** One rule of a read-back bus. */
export interface RuleCheck {
  /** The bus as "<name> (<account> <region>)". */
  readonly bus: string;
  /** The deployed rule name; undefined when missing. */
  readonly name?: string;
  /** The template's logical ID; undefined for an extra rule. */
  readonly logicalId?: string;
  readonly description?: string;
  readonly status: RuleStatus;
  /** What differs (pattern, state, targets), comma-separated; empty when ok. */
  readonly differences: readonly string[];
}

/** The answer of one IP semantics probe. */
export interface SemanticsAnswer {
  readonly probe: string;
  readonly pattern: string;
  readonly value: string;
  /** What TestEventPattern answered. */
  readonly answer: boolean;
  /** What event-ruler 2.0.1 (digit-wise) answers. */
  readonly eventRuler: boolean;
  /** What family-strict comparison answers. */
  readonly strict: boolean;
}

/** Which IP semantics the service showed in one region. */
export interface SemanticsResult {
  readonly region: string;
  /** 'unknown' when the answers fit neither model (a finding). */
  readonly verdict: IpSemantics | 'unknown';
  readonly answers: readonly SemanticsAnswer[];
}

/** What a probe event must do to a rule set. */
export type Want = 'one' | 'none' | 'at-most-one';

/** One probe against one rule set, and what happened. */
export interface ProbeOutcome {
  /** The rule set's label, e.g. "account 444444444444 (shop-prod)". */
  readonly set: string;
  readonly region: string;
  /** The probe, e.g. "boundary-last 192.0.2.63". */
  readonly probe: string;
  /** The account the probe event came from. */
  readonly account: string;
  readonly want: Want;
  /** Why that is the intent (the independent policy check). */
  readonly why: string;
  /** The names of the deployed rules whose pattern matched. */
  readonly matched: readonly string[];
  /** Whether the matches are as wanted. */
  readonly ok: boolean;
  /** The blind spot the address lies in, when it does (expected to match nothing). */
  readonly blindSpot?: string;
}

/** The probes of one rule set. */
export interface ProbeSetReport {
  readonly region: string;
  readonly set: string;
  /** Deployed rules probed (the set's, plus the fallback rules for an account, plus any extra rules). */
  readonly rules: number;
  readonly probes: number;
  readonly mismatches: number;
  /** 'full' suite, or 'minimal' for an account whose policy and rules equal an earlier account's. */
  readonly suite: 'full' | 'minimal';
  /** e.g. "same policy and rules as 111111111111". */
  readonly note?: string;
}

/** A blind spot of the plan, and the probes that landed in it. */
export interface BlindSpotReport {
  readonly network: string;
  readonly kind: BlindSpotKind;
  readonly reachable: boolean;
  readonly affects: readonly string[];
  /** Probes whose address lies in it (each expected to match nothing). */
  readonly probes: number;
}

/** One deployed resource verify looked at. */
export interface ResourceCheck {
  readonly kind: 'subscription' | 'dead-letter-queue' | 'archive' | 'log-group';
  /** Topic + endpoint, queue name, archive name, log group name. */
  readonly name: string;
  readonly region: string;
  /** e.g. "confirmed", "PendingConfirmation", "0 messages", "ENABLED", "exists", "missing". */
  readonly status: string;
  readonly ok: boolean;
}

/** Counts of a verify run. */
export interface VerifySummary {
  readonly findings: number;
  readonly rulesExpected: number;
  readonly rulesDeployed: number;
  readonly drift: number;
  readonly probes: number;
  readonly probeMismatches: number;
  readonly blindSpotProbes: number;
  readonly resources: number;
  readonly testEventPatternCalls: number;
}

/** Everything `keywatch verify` found. */
export interface VerifyReport {
  readonly generatedAt: string;
  /** 'central': the security account's receiver bus and alert resources; 'management': the management account's default buses. */
  readonly mode: 'central' | 'management';
  /** The account of the credentials. */
  readonly account: string;
  readonly regions: readonly string[];
  readonly cdkOut: string;
  readonly findings: readonly Finding[];
  readonly rules: readonly RuleCheck[];
  /** Empty with --skip-probes. */
  readonly semantics: readonly SemanticsResult[];
  readonly probeSets: readonly ProbeSetReport[];
  /** Only the probes that are not ok, and those in blind spots. */
  readonly probeOutcomes: readonly ProbeOutcome[];
  readonly blindSpots: readonly BlindSpotReport[];
  readonly resources: readonly ResourceCheck[];
  readonly summary: VerifySummary;
  readonly warnings: readonly string[];
  readonly apiCalls: number;
  readonly apiCallsByOperation: Readonly<Record<string, number>>;
}
