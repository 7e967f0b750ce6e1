import type { CompiledEventPattern, GateDirectoryEntry, InputTransformerSpec, RuleState } from '../engine';

/** What a rule target delivers to, as far as the simulator cares. */
export type TargetKind = 'email' | 'chat' | 'log' | 'event-bus' | 'notify-gate' | 'other';

/** One target of a rule. */
export interface SimTarget {
  /** The target's Id, e.g. "Target0". */
  readonly id: string;
  /** What the target is: an SNS topic with e-mail subscriptions, a chat topic, a log group, an event bus, the notify gate (a state machine), other. */
  readonly kind: TargetKind;
  /** The target ARN as far as it resolves ("{{Ref:EmailTopic…}}" markers for resources). */
  readonly arn: string;
  /** The input transformer. @default - the target receives the whole event */
  readonly inputTransformer?: InputTransformerSpec;
  /** The notify gate's directory (what it fills into the texts of rules shared by accounts of the same policy). @default - none */
  readonly gateDirectory?: Readonly<Record<string, GateDirectoryEntry>>;
}

/** An EventBridge rule as synthesized, with its pattern compiled. */
export interface SimRule {
  /** The rule's Name property, else its logical ID: the name EventBridge puts in <aws.events.rule-name>. */
  readonly name: string;
  /** The stack (or "StackSet <name>") that holds it. */
  readonly stack: string;
  /** The rule's State (CloudFormation's default: ENABLED). */
  readonly state: RuleState;
  /** The compiled EventPattern; identical patterns share one compiled matcher. */
  readonly matcher: CompiledEventPattern;
  /** The rule's targets, in template order. */
  readonly targets: readonly SimTarget[];
}

/** The sender rules on the default bus of some accounts and regions. */
export interface SenderScope {
  /** Where the rules come from, e.g. "stack keywatch-management-us-east-1" or "StackSet keywatch-sender". */
  readonly origin: string;
  /** The one account the rules are deployed to. @default - every account without a scope of its own (a StackSet) */
  readonly account?: string;
  /** The regions the rules are deployed to. @default - every region */
  readonly regions?: ReadonlySet<string>;
  /** The rules that forward events to another bus, identical ones kept once. */
  readonly rules: readonly SimRule[];
}

/** Every rule an event meets on its way from a member account's default bus to the security team. */
export interface SimulationRules {
  /** Sender rule sets; stacks for one account (the management account) take precedence over StackSets. */
  readonly senders: readonly SenderScope[];
  /** The alert rules on the receiver bus. */
  readonly central: readonly SimRule[];
  /** The receiver bus. */
  readonly bus: { readonly name: string; readonly account?: string; readonly region?: string };
}
