import type { ResolvedPolicy } from '../policy/resolve';
import type { KeywatchConfig } from '../config/schema';
import type { HeartbeatMonitorPlan } from './heartbeat';
import type { InputTransformerSpec } from '../engine/input-transformer';
import type { IpBlindSpot } from './ip-matchers';
import type { ServiceControlPolicy } from './protection-scp';
import type { RenderedTemplate } from '../templates/types';
import type { OnboardingPlan } from './onboarding';
import type { GateDirectoryEntry } from '../notify/gate-input';

/** An outside address no deployed pattern can watch under both IP semantics, and the rule sets it affects. */
export interface PlanBlindSpot extends IpBlindSpot {
  /** The rule sets that cannot alert on it, e.g. "the organization-wide sender rule", "account 111122223333 (Prod)". */
  readonly affects: readonly string[];
}

/** An EventBridge event pattern as a plain JSON object. */
export type EventPattern = { [key: string]: unknown };

/** One EventBridge rule the compiler asks for: its pattern and what it is for. */
export interface CompiledRule {
  /** Stable, construct-id-safe identifier, e.g. "Sender1", "Account111122223333Part1", "UnknownAccounts2". */
  readonly id: string;
  /** One-line human description, used as the rule Description (≤ 512 chars). */
  readonly description: string;
  /** The event pattern. */
  readonly pattern: EventPattern;
  /** Characters counted against the event pattern size quota (see serializedLength: compact JSON plus a space after each "," and ":"). */
  readonly patternChars: number;
}

/** Identity of an account as the alert templates show it. */
export interface AccountIdentity {
  readonly id: string;
  /** Account name from the directory. */
  readonly name: string;
  /** OU path by names ("Workloads/Prod"); "" for the root. */
  readonly ouPath: string;
  /** Owner shown in alerts (keywatch:owner tag, owner e-mail tag, or the account e-mail). */
  readonly owner: string;
}

/**
 * A central alert rule: for one known account (kind account, `account` set), for several known accounts of the same
 * policy on one bus (kind group, `accounts` set; modes with a notify gate), or for accounts missing from the directory
 * (kind fallback).
 */
export interface CentralRule extends CompiledRule {
  readonly kind: 'account' | 'group' | 'fallback';
  /** The account this rule alerts for; undefined for group and fallback rules. */
  readonly account?: AccountIdentity;
  /**
   * The accounts a group rule alerts for (its pattern's `account` list).
   * @default - not a group rule
   */
  readonly accounts?: readonly AccountIdentity[];
  /**
   * A group rule's accounts as the notify gate fills them into its texts (account ID → entry).
   * @default - not a group rule
   */
  readonly directory?: Readonly<Record<string, GateDirectoryEntry>>;
  /** Extra e-mail recipients for this account's alerts (notify.accounts). */
  readonly extraRecipients: readonly string[];
  /** The input transformers of the rule's direct targets, rendered (notify.locale). */
  readonly inputs: AlertRuleInputs;
}

/** What the direct targets of a central alert rule receive: the e-mail (also the extra recipients'), chat and alert-log input transformers. */
export interface AlertRuleInputs {
  /** E-mail body (emailTemplate). */
  readonly email: RenderedTemplate;
  /**
   * AWS Chatbot custom notification (chatTemplate).
   * @default - none: notify.chat is not set
   */
  readonly chat?: RenderedTemplate;
  /** Alert-log entry (alertLogTemplate). */
  readonly log: RenderedTemplate;
}

/** Everything the CDK constructs need to wire the detection: the output of compileOrganization. */
export interface OrganizationPlan {
  /** Every account's effective allowlist, the default, and the networks common to all. */
  readonly policy: ResolvedPolicy;
  /**
   * Rules for the default bus of every member account/region and of the management account: the alert forwarding rules,
   * then the tamper forwarding rule; each one's pattern is a top-level `$or` whose last branch is its own heartbeat.
   */
  readonly sender: readonly CompiledRule[];
  /** Rules for the central receiver bus. */
  readonly central: readonly CentralRule[];
  /** The "coverage tampered" notification: its receiver bus rules and the input transformers of its targets. */
  readonly tamper: TamperPlan;
  /** The heartbeat metric filters and liveness alarms of the security account. */
  readonly heartbeat: HeartbeatMonitorPlan;
  /** The protection SCP (written by synth; deployed from the management account when protect.scp is true). */
  readonly protectionScp: ServiceControlPolicy;
  /** Things a reviewer should know, e.g. addresses EventBridge's CIDR matching cannot watch exactly; empty normally. */
  readonly warnings: readonly string[];
  /** Every blind spot of the rule sets (reachable or not), one entry per network, in the order found. */
  readonly blindSpots: readonly PlanBlindSpot[];
  /** Largest serialized pattern, in characters, across sender and central rules. */
  readonly largestPatternChars: number;
  /** How sender-side delivery failure reaches the security team (the alarm's forward rule, the receiver rule, its e-mail). */
  readonly senderDelivery: SenderDeliveryPlan;
  /** The account lifecycle notification: the management account's forward rule and where it goes, the receiver rule, the texts. */
  readonly onboarding: OnboardingPlan;
  /**
   * notify.mode and what the notify gate receives from each alert rule.
   * @default - mode every (direct e-mail, chat and recipient targets)
   */
  readonly notify?: NotifyPlan;
  /**
   * The receiver buses the alert rules are spread over (central.shards), the primary bus first: index 0 holds the
   * fallback rules, the onboarding rule and `heartbeat`; every shard's `rules` are a part of `central`.
   */
  readonly shards: readonly ShardPlan[];
}

/** notify.mode, notify.windowMinutes and the notify gate's input transformer per central rule (empty for mode every). */
export interface NotifyPlan {
  readonly mode: KeywatchConfig['notify']['mode'];
  readonly windowMinutes: number;
  /** By central rule id: the gate's input (notifyGateTemplate: dedup key, e-mail text, chat notification). */
  readonly gateInputs: Readonly<Record<string, Required<InputTransformerSpec>>>;
}

/** One receiver bus and the central stack that holds it: its accounts, their alert rules and their liveness alarms. */
export interface ShardPlan {
  /** 0 for the primary bus (central.busName, stack keywatch-central), 1 … n−1 for `<busName>-shard<index>`. */
  readonly index: number;
  /** Name of the bus. */
  readonly busName: string;
  /** Accounts of the directory placed on this bus (shardOfAccount), sorted; their senders forward here. */
  readonly accounts: readonly string[];
  /** The alert rules on this bus: its accounts' rules, and on the primary bus the fallback rules too. */
  readonly rules: readonly CentralRule[];
  /** Tamper rules on this bus (the same on every bus). */
  readonly tamperRules: number;
  /** Rules on the bus in all, against quotas.rulesPerBus: alert, tamper and reserved rules and the archive. */
  readonly busRules: number;
  /** The heartbeat metric filters and liveness alarms of this bus's accounts (its own heartbeat log group). */
  readonly heartbeat: HeartbeatMonitorPlan;
}

/** The rules and notice that make a member's failing sender visible centrally. */
export interface SenderDeliveryPlan {
  /** On every sender's default bus: forwards the `keywatch-sender-undelivered` alarm's ALARM state change. */
  readonly forward: CompiledRule;
  /** On the receiver bus: matches that state change from any member account and region. */
  readonly central: CompiledRule;
  /** The "delivery failing" e-mail (notify.locale). */
  readonly email: RenderedTemplate;
}

/** The receiver bus rules of the "coverage tampered" notification and what each of their targets receives. */
export interface TamperPlan {
  /** One rule ("Tamper") at the default pattern quota; "Tamper1", "Tamper2" … below it. */
  readonly rules: readonly CompiledRule[];
  /** E-mail body (notify.locale). */
  readonly email: Required<InputTransformerSpec>;
  /** AWS Chatbot custom notification (notify.locale). */
  readonly chat: Required<InputTransformerSpec>;
  /** Alert log entry. */
  readonly log: Required<InputTransformerSpec>;
}
