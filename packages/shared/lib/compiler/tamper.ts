import { QuotaError } from '../errors';
import { chunkToFit, serializedLength } from './chunk';
import { SENDER_RULE_NAME_PREFIX } from './heartbeat';
import { API_CALL_DETAIL_TYPE } from './pattern';
import type { CompiledRule, EventPattern } from './types';

/** Plan id (and construct id) of the member rule that forwards tamper calls, and of the receiver bus rule that notifies them. */
export const TAMPER_RULE_ID = 'Tamper';

/** Name of the service-managed StackSet that deploys the sender to member accounts (default 'keywatch-sender'). */
export const SENDER_STACKSET_NAME = 'keywatch-sender';

/** Prefix of the stack instances of the sender StackSet: `StackSet-<StackSet name>-<uuid>` (AWS CloudFormation User Guide, stack instances). */
export const STACK_INSTANCE_PREFIX = 'StackSet-';

/** Name prefix of the role service-managed StackSets use in every target account (AWS CloudFormation User Guide, stacksets-orgs-activate-trusted-access). */
export const STACKSET_EXECUTION_ROLE_PREFIX = 'stacksets-exec-';

/** Prefix of keywatch's heartbeat schedules on the default schedule group. */
export const HEARTBEAT_SCHEDULE_PREFIX = `${SENDER_RULE_NAME_PREFIX}heartbeat-`;

/**
 * The calls that switch keywatch's coverage off or narrow it, by service (the eventName values of their CloudTrail records):
 * - EventBridge, on the sender rules (`requestParameters.name`, or `.rule` for targets) and on the receiver bus
 *   (`requestParameters.name` of DeleteEventBus, `.eventBusName` of the others);
 * - CloudTrail, on any trail of the account (keywatch's CloudTrail events come from the account's trails);
 * - CloudFormation, on the sender StackSet's stack instances, by anyone but the StackSet execution role;
 * - EventBridge Scheduler, on the heartbeat schedules;
 * - Amazon SNS, Unsubscribe of a subscription to a topic of the security account in the central region (only calls signed
 *   with AWS credentials are recorded: the unauthenticated link in an e-mail is not logged to CloudTrail).
 */
export const TAMPER_CALLS = {
  events: ['DeleteRule', 'DisableRule', 'PutRule', 'RemoveTargets', 'PutTargets', 'DeleteEventBus', 'PutPermission', 'RemovePermission'],
  cloudtrail: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'],
  cloudformation: ['DeleteStack', 'UpdateStack'],
  scheduler: ['DeleteSchedule', 'UpdateSchedule'],
  sns: ['Unsubscribe'],
} as const;

/** What the tamper pattern needs to know about the deployment. */
export interface TamperPatternInput {
  /** Name of the receiver bus. */
  readonly busName: string;
  /** Name of the sender StackSet. */
  readonly stackSetName: string;
  /**
   * ARN prefix of the topics keywatch's notifications go through, `arn:<partition>:sns:<central region>:<security account>:`
   * (topicArnPrefix builds it): an Unsubscribe whose subscription ARN starts with it is tamper.
   * @default - Unsubscribe is not watched
   */
  readonly topicArnPrefix?: string;
  /**
   * Whether there are other receiver buses (central.shards above 1), named `<busName>-shard<k>` in the same account and
   * region: then the bus branch matches every bus whose name starts with `busName`, by name or ARN (see tamperBranches).
   * @default false (one receiver bus: calls naming exactly `busName` are tamper)
   */
  readonly shards?: boolean;
}

/**
 * The ARN prefix of every topic of the security account in the central region (no default). keywatch's topics have names
 * CloudFormation generates, so the prefix stops at the account: an Unsubscribe from another topic of that account and
 * region is reported too (the notice names the subscription).
 */
export function topicArnPrefix(partition: string, region: string, account: string): string {
  return `arn:${partition}:sns:${region}:${account}:`;
}

/**
 * The event pattern branches of tampering with keywatch's own resources (no default), to be OR'ed (tamperRules):
 *
 * - EventBridge calls naming a `keywatch-` rule, and those naming a receiver bus (the shard buses too), except those CloudFormation makes
 *   (`sourceIPAddress` cloudformation.amazonaws.com: every deployment of a keywatch stack updates its rules; a change made
 *   through CloudFormation outside the StackSet shows up as the stack call below);
 * - every StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors;
 * - DeleteStack and UpdateStack of a stack instance of the sender StackSet (by name, or by stack ID through one
 *   wildcard) whose caller is not the StackSet execution role (an IAM user has no session issuer, hence the `exists` branch);
 * - DeleteSchedule and UpdateSchedule of a heartbeat schedule;
 * - Unsubscribe from a topic of the security account in the central region (with `topicArnPrefix`).
 *
 * Every branch requires an `aws.` source, so no PutEvents caller can forge a tamper notification. A CloudTrail event's
 * `source` is `aws.` and the service prefix of its `detail.eventSource` (`aws.events` for events.amazonaws.com …), so the
 * branches leave `eventSource` out: the same events, in the pattern budget the SNS branch needs.
 */
export function tamperBranches(input: TamperPatternInput): EventPattern[] {
  const api = [API_CALL_DETAIL_TYPE];
  const notByCloudFormation = [{ 'anything-but': ['cloudformation.amazonaws.com'] }];
  const stackPrefix = `${STACK_INSTANCE_PREFIX}${input.stackSetName}-`;
  const events = (names: readonly string[], requestParameters: EventPattern) => ({
    source: ['aws.events'],
    'detail-type': api,
    detail: { eventName: [...names], sourceIPAddress: notByCloudFormation, requestParameters },
  });
  const stack = (stackName: readonly EventPattern[]) => ({
    source: ['aws.cloudformation'],
    'detail-type': api,
    detail: {
      eventName: [...TAMPER_CALLS.cloudformation],
      requestParameters: { stackName: [...stackName] },
      userIdentity: {
        $or: [
          { sessionContext: { sessionIssuer: { userName: [{ exists: false }] } } },
          { sessionContext: { sessionIssuer: { userName: [{ 'anything-but': { prefix: STACKSET_EXECUTION_ROLE_PREFIX } }] } } },
        ],
      },
    },
  });
  const branches: EventPattern[] = [
    events(TAMPER_CALLS.events.slice(0, 5), { $or: [{ name: [{ prefix: SENDER_RULE_NAME_PREFIX }] }, { rule: [{ prefix: SENDER_RULE_NAME_PREFIX }] }] }),
    // The receiver bus by name or ARN. With shards, every bus whose name starts with busName (the shard buses are
    // `<busName>-shard<k>`), by name prefix or by an ARN wildcard: exact names of up to 90 buses, or prefixes of both
    // forms, do not fit the member rule's pattern quota beside its heartbeat branch (1,991 of 2,048 characters with one
    // bus); the wildcard shares the rule with the stack branch's, so no extra wildcard rule while the tamper rule is one.
    events(
      TAMPER_CALLS.events,
      input.shards
        ? { $or: [{ name: [{ prefix: input.busName }] }, { eventBusName: [{ prefix: input.busName }, { wildcard: `*:event-bus/${input.busName}*` }] }] }
        : { $or: [{ name: [input.busName] }, { eventBusName: [input.busName, { suffix: `:event-bus/${input.busName}` }] }] },
    ),
    { source: ['aws.cloudtrail'], 'detail-type': api, detail: { eventName: [...TAMPER_CALLS.cloudtrail] } },
    // The stack instance by name, or by stack ID (a wildcard: one of the bus's 30 wildcard rules).
    stack([{ prefix: stackPrefix }, { wildcard: `*:stack/${stackPrefix}*` }]),
    {
      source: ['aws.scheduler'],
      'detail-type': api,
      detail: { eventName: [...TAMPER_CALLS.scheduler], requestParameters: { name: [{ prefix: HEARTBEAT_SCHEDULE_PREFIX }] } },
    },
  ];
  if (input.topicArnPrefix !== undefined) {
    branches.push({
      source: ['aws.sns'],
      'detail-type': api,
      detail: { eventName: [...TAMPER_CALLS.sns], requestParameters: { subscriptionArn: [{ prefix: input.topicArnPrefix }] } },
    });
  }
  return branches;
}

/**
 * The tamper branches packed into as few rules as fit `maxChars` (no default): one rule ("Tamper") at the default quota,
 * "Tamper1", "Tamper2" … below it. `wrap` measures each rule as deployed (the member rules carry a heartbeat branch).
 * Throws QuotaError when one branch alone does not fit.
 */
export function tamperRules(
  input: TamperPatternInput,
  maxChars: number,
  description: string,
  wrap: (pattern: EventPattern) => EventPattern = (p) => p,
): CompiledRule[] {
  const join = (group: readonly EventPattern[]): EventPattern => (group.length === 1 ? group[0] : { $or: [...group] });
  const groups = chunkToFit(tamperBranches(input), maxChars, (group) => wrap(join(group)));
  if (!groups) {
    throw new QuotaError(
      `the tamper rule cannot be split into event patterns of at most ${maxChars} characters (quotas.eventPatternMaxChars): one of its conditions alone is longer; ` +
        `raise 'Event pattern size' for Amazon EventBridge in Service Quotas in every deployed region and set quotas.eventPatternMaxChars, or shorten central.busName`,
    );
  }
  return groups.map((group, i) => {
    const pattern = join(group);
    return {
      id: groups.length === 1 ? TAMPER_RULE_ID : `${TAMPER_RULE_ID}${i + 1}`,
      description: groups.length === 1 ? description : `${description} (part ${i + 1} of ${groups.length})`,
      pattern,
      patternChars: serializedLength(pattern),
    };
  });
}

/** Description of the member rule(s) that forward tamper calls. */
export const TAMPER_FORWARD_DESCRIPTION =
  "keywatch: forward changes to keywatch's rules, heartbeat schedules, stack instances, receiver bus, topic subscriptions and this account's trails";

/** Description of the receiver bus rule(s) that send the "coverage tampered" notification. */
export const TAMPER_CENTRAL_DESCRIPTION = "keywatch: tell the security team when keywatch's coverage is changed or switched off in an account";

/** The receiver bus rule(s) that send the "coverage tampered" notification, at the default quota one rule "Tamper" (see tamperRules). */
export function tamperCentralRules(input: TamperPatternInput, maxChars = 2048): CompiledRule[] {
  return tamperRules(input, maxChars, TAMPER_CENTRAL_DESCRIPTION);
}
