import { Aws, Duration, Tags, Validations, aws_cloudwatch as cloudwatch, aws_events as events, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { CompiledRule } from '@keywatch/shared';
import { SENDER_RULE_NAME_PREFIX, SENDER_UNDELIVERED_ALARM_NAME, senderRuleName } from '@keywatch/shared';
import { DeadLetterQueue } from '../delivery/dead-letter-queue';
import { DeliveryTarget } from '../delivery/delivery-target';
import { DeliveryRetry, FORWARD_RETRY } from '../delivery/retry';
import { ruleFromCompiled } from '../delivery/compiled-rule';
import { ruleState } from '../delivery/rule-state';
import { CentralBusLocation, centralBusArn } from './central-bus';
import { Heartbeat } from './heartbeat';
import { ShardRoute, ShardRouting } from './shard-routing';

/** Tag key set on every keywatch resource; its value names the component. */
export const COMPONENT_TAG = 'keywatch:component';

/**
 * IAM path of the forwarding roles. The receiver bus admits PutEvents only from roles on this path
 * (`aws:PrincipalArn` `arn:<partition>:iam::*:role/keywatch/*`); a path is not part of the role's unique name, so the
 * roles stay unnamed (CloudFormation generates a name per stack, unique across regions) and need no CAPABILITY_NAMED_IAM.
 */
export const FORWARD_ROLE_PATH = '/keywatch/';

/** Properties of a Sender. */
export interface SenderProps {
  /** The sender rules of the organization plan (`plan.sender`), one EventBridge rule each on the default bus. */
  readonly rules: readonly CompiledRule[];
  /** The central receiver bus the rules forward to (the primary bus, when there are `shards`). */
  readonly centralBus: CentralBusLocation;
  /**
   * The other receiver buses (central.shards) and the accounts that forward to each (ShardRouting): the template then
   * chooses its target by AWS::AccountId; every other account forwards to `centralBus`.
   * @default - every account forwards to `centralBus`
   */
  readonly shards?: readonly ShardRoute[];
  /**
   * Watch read-only calls too (state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS).
   * @default true
   */
  readonly readOnlyEvents?: boolean;
  /**
   * Retry policy of the forward.
   * @default FORWARD_RETRY (24 h, 185 attempts)
   */
  readonly retry?: DeliveryRetry;
  /**
   * Further rules on the default bus that forward through the same role, DLQ and retry policy, such as the management
   * account's AWS Organizations lifecycle rule. Their patterns name the events they want, so they always use state
   * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS: read-only filtering could only drop events they selected.
   * @default - none
   */
  readonly additionalRules?: readonly CompiledRule[];
  /**
   * Minutes between the heartbeats of each rule of `rules` and of `deliveryAlarmRule` (their patterns carry the
   * heartbeat branch: compileOrganization).
   * @default - no heartbeat schedules
   */
  readonly heartbeatIntervalMinutes?: number;
  /**
   * The rule (plan.senderDelivery.forward) that forwards the ALARM state change of this sender's delivery alarm
   * (`keywatch-sender-undelivered`, on the DLQ's depth) to the central bus, so failed forwarding is seen centrally.
   * @default - the alarm is created but its state change is not forwarded
   */
  readonly deliveryAlarmRule?: CompiledRule;
}

/**
 * Forwards watched-key CloudTrail events from this account/region's default bus to the central bus:
 * one rule per sender pattern (plus any additionalRules), one unnamed role on the path FORWARD_ROLE_PATH allowed only
 * events:PutEvents on the central bus, one DLQ. No Lambda, no assets, no named IAM (default: reads every read-only call as well, no additional rules).
 */
export class Sender extends Construct {
  /** The forwarding rules, in plan order. */
  public readonly rules: events.Rule[];
  /** The rules of `additionalRules`, in their order. */
  public readonly additionalRules: events.Rule[];
  /** The role EventBridge assumes to put events on the central bus. */
  public readonly role: iam.Role;
  /** Dead-letter queue of the forward. */
  public readonly deadLetterQueue: DeadLetterQueue;
  /** The heartbeat schedules, when heartbeatIntervalMinutes is set. */
  public readonly heartbeat?: Heartbeat;
  /** Alarm (named SENDER_UNDELIVERED_ALARM_NAME) on the DLQ's depth; its ALARM state change is forwarded to the central bus. */
  public readonly deliveryAlarm: cloudwatch.Alarm;
  /** The rule forwarding the delivery alarm's state change, when deliveryAlarmRule is set. */
  public readonly deliveryAlarmRule?: events.Rule;

  constructor(scope: Construct, id: string, props: SenderProps) {
    super(scope, id);
    if (props.rules.length === 0) {
      throw new Error(`'rules' must contain at least one sender rule; got '[]'`);
    }
    const busArn =
      props.shards === undefined || props.shards.length === 0
        ? centralBusArn(props.centralBus)
        : new ShardRouting(this, 'Routing', { primary: props.centralBus, shards: props.shards }).busArn;
    const state = ruleState(props.readOnlyEvents ?? true);

    this.role = new iam.Role(this, 'ForwardRole', {
      description: 'keywatch: lets EventBridge forward watched access-key events to the central bus',
      path: FORWARD_ROLE_PATH,
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      }),
      inlinePolicies: {
        PutEventsOnCentralBus: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn] })],
        }),
      },
    });

    // Fixed names (keywatch-<id>): the tamper rule and the protection SCP find the rules by name.
    this.rules = props.rules.map((compiled) => ruleFromCompiled(this, compiled, { state, ruleName: senderRuleName(compiled.id) }));
    const ids = new Set(props.rules.map((r) => r.id));
    this.additionalRules = (props.additionalRules ?? []).map((compiled) => {
      if (ids.has(compiled.id)) {
        throw new Error(`'additionalRules' must not reuse a rule id; got '${compiled.id}' twice`);
      }
      ids.add(compiled.id);
      return ruleFromCompiled(this, compiled, { state: ruleState(true), ruleName: senderRuleName(compiled.id) });
    });
    // Failed forwards must be visible centrally: the DLQ's depth raises a named alarm whose ALARM state change (an
    // aws.cloudwatch event on this default bus) is forwarded like the sender's events. When the central bus itself
    // refuses everything, that forward lands in the DLQ too; the central FailedInvocations cannot see member rules, so
    // `keywatch verify --management` and the member's own alarm remain the evidence then.
    const alarmRule = props.deliveryAlarmRule;
    if (alarmRule !== undefined && ids.has(alarmRule.id)) {
      throw new Error(`'deliveryAlarmRule' must not reuse a rule id; got '${alarmRule.id}' twice`);
    }
    // Named keywatch-<id> like the others: the DLQ policy, the tamper rules and the protection SCP find it by that prefix.
    this.deliveryAlarmRule =
      alarmRule === undefined ? undefined : ruleFromCompiled(this, alarmRule, { state: ruleState(false), ruleName: senderRuleName(alarmRule.id) });
    const allRules = [...this.rules, ...this.additionalRules, ...(this.deliveryAlarmRule ? [this.deliveryAlarmRule] : [])];

    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetterQueue', {
      // Every keywatch rule of this default bus by its fixed name prefix: one ARN instead of one per rule (template size).
      sourceArns: [`arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:rule/${SENDER_RULE_NAME_PREFIX}*`],
    });
    Validations.of(this.deadLetterQueue.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the EventBridge forward; a DLQ of a DLQ would only move the problem.',
    });

    const target = DeliveryTarget.eventBus(events.EventBus.fromEventBusArn(this, 'CentralBus', busArn), this.role, {
      deadLetterQueue: this.deadLetterQueue.queue,
      retry: props.retry ?? FORWARD_RETRY,
    });
    for (const rule of allRules) {
      rule.addTarget(target);
    }

    if (props.heartbeatIntervalMinutes !== undefined) {
      // One schedule per forwarding rule that carries a heartbeat branch: the sender rules and the delivery alarm's rule.
      const ruleIds = [...props.rules.map((r) => r.id), ...(alarmRule ? [alarmRule.id] : [])];
      this.heartbeat = new Heartbeat(this, 'Heartbeat', { ruleIds, intervalMinutes: props.heartbeatIntervalMinutes });
    }

    this.deliveryAlarm = new cloudwatch.Alarm(this, 'DeliveryAlarm', {
      alarmName: SENDER_UNDELIVERED_ALARM_NAME,
      alarmDescription: 'keywatch: events this sender could not deliver to the central security bus wait in its dead-letter queue',
      metric: this.deadLetterQueue.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    Tags.of(this).add(COMPONENT_TAG, 'sender');
  }
}
