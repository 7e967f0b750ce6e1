import { Stack, Tags, aws_kms as kms, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { KeywatchConfig, OrganizationPlan, ShardPlan } from '@keywatch/shared';
import { COMPONENT_TAG } from '@keywatch/member';
import { HEARTBEAT_LOG_GROUP_NAME } from '../names';
import { AlertRules } from './alert-rules';
import { DeadLetterQueues } from './dead-letter-queues';
import { DeliveryAlarms } from './delivery-alarms';
import { HeartbeatMonitor } from './heartbeat-monitor';
import { ReceiverBus } from './receiver-bus';
import { SenderDeliveryRule } from './sender-delivery-rule';
import { TamperRules } from './tamper-rules';

/** Name of the central stack of shard bus `index` (≥ 1): `keywatch-central-shard<index>`. */
export function shardStackName(centralStackName: string, index: number): string {
  return `${centralStackName}-shard${index}`;
}

/** Heartbeat log group of shard bus `index` (≥ 1): `/keywatch/heartbeats-shard<index>`, covered by the primary's resource policy. */
export function shardHeartbeatLogGroupName(index: number): string {
  return `${HEARTBEAT_LOG_GROUP_NAME}-shard${index}`;
}

/** What a shard bus's rules deliver to: the primary central stack's topics, alert log and key (same account and region). */
export interface PrimaryTargets {
  /** Name of the primary central stack (a shard stack is named after it: `<name>-shard<k>`). */
  readonly stackName: string;
  /** Topic of the security team's e-mail alerts (also the shard's alarm topic). */
  readonly emailTopic: sns.ITopic;
  /**
   * Topic of the chat channel.
   * @default - no chat target
   */
  readonly chatTopic?: sns.ITopic;
  /** Name of the alert log group. */
  readonly alertLogGroupName: string;
  /** The alert key (the topics' and the notify gate's table key). */
  readonly key: kms.IKey;
}

/** Properties of a ShardStack. */
export interface ShardStackProps {
  /** The validated configuration. */
  readonly config: KeywatchConfig;
  /** The compiled organization plan. */
  readonly plan: OrganizationPlan;
  /** The shard this stack holds (an entry of plan.shards other than the first). */
  readonly shard: ShardPlan;
  /** The primary central stack's topics, alert log and key, which the shard's rules deliver to (CentralStack.primaryTargets()). */
  readonly primary: PrimaryTargets;
}

/**
 * One more receiver bus of the security account and the alert rules of the accounts placed on it (central.shards above
 * 1; stack `keywatch-central-shard<k>`, same account and region as the primary stack). The bus has everything the
 * primary bus has for its accounts' traffic: the policy admitting only keywatch's forwarding roles of the organization,
 * an archive, the alert rules (built by AlertRules, the same construct as the primary's), the heartbeat rule and its own
 * heartbeat log, metric filters and liveness alarms, the tamper and sender delivery rules, the delivery alarms (the
 * primary stack's storm alarm counts every bus's alerts in the one alert log). Its targets are the primary stack's e-mail and chat topics and alert log; only the dead-letter queues are its
 * own (their policies admit the rules of this bus). No onboarding rule: the management account forwards to the primary bus.
 */
export class ShardStack extends Stack {
  /** The shard's receiver bus and its archive. */
  public readonly receiver: ReceiverBus;
  /** The alert rules of the shard's accounts. */
  public readonly alertRules: AlertRules;
  /** The heartbeat rule, log, filters and liveness alarms of the shard's accounts. */
  public readonly heartbeat: HeartbeatMonitor;

  constructor(scope: Construct, id: string, props: ShardStackProps) {
    const { config, plan, shard, primary } = props;
    if (shard.index < 1) {
      throw new Error(`'shard' must be a shard bus (index 1 or more); got index '${shard.index}'`);
    }
    super(scope, id, {
      stackName: shardStackName(primary.stackName, shard.index),
      description: `keywatch central, receiver bus ${shard.busName}: alert rules of ${shard.accounts.length} accounts (shard ${shard.index} of ${plan.shards.length - 1})`,
      env: { account: config.central.account, region: config.central.region },
    });
    this.receiver = new ReceiverBus(this, 'Receiver', {
      busName: shard.busName,
      organizationId: config.organization.id,
      archiveRetentionDays: config.central.archiveRetentionDays,
    });
    const { emailTopic, chatTopic } = primary;
    // The queues keep the logical IDs they had when AlertRules created them (a new ID would replace them and lose their messages).
    const dlq = new DeadLetterQueues(this, 'DeadLetterQueues', { busName: shard.busName, logicalIdPath: 'AlertRules' });
    this.alertRules = new AlertRules(this, 'AlertRules', {
      rules: shard.rules,
      bus: this.receiver.bus,
      emailTopic,
      chatTopic,
      alertLogGroupName: primary.alertLogGroupName,
      deadLetterQueues: dlq,
      key: primary.key,
      locale: config.notify.locale,
      readOnlyEvents: config.watch.readOnlyEvents,
      // The same notify.mode as the primary bus: an account lives on one bus, so its (account, key, IP) windows do too.
      notify: plan.notify ? { plan: plan.notify, alarmTopic: emailTopic } : undefined,
    });
    new TamperRules(this, 'TamperRules', {
      plan: plan.tamper,
      bus: this.receiver.bus,
      emailTopic,
      emailDeadLetterQueue: dlq.queue('Email'),
      alertLogGroupName: primary.alertLogGroupName,
      alertLogDeadLetterQueue: dlq.queue('Log'),
      chatTopic,
      chatDeadLetterQueue: chatTopic ? dlq.queue('Chat') : undefined,
    });
    this.heartbeat = new HeartbeatMonitor(this, 'Heartbeat', {
      plan: shard.heartbeat,
      bus: this.receiver.bus,
      deadLetterQueue: dlq.queue('Heartbeat'),
      topic: emailTopic,
      logGroupName: shardHeartbeatLogGroupName(shard.index),
      resourcePolicy: 'none',
    });
    new SenderDeliveryRule(this, 'SenderDeliveryRule', {
      bus: this.receiver.bus,
      emailTopic,
      emailDeadLetterQueue: dlq.queue('Email'),
      rule: plan.senderDelivery.central,
      email: plan.senderDelivery.email,
      // Into this bus's heartbeat log, like the primary's (its accounts' delivery failures are counted there).
      log: { logGroup: this.heartbeat.logGroup, deadLetterQueue: dlq.queue('Heartbeat') },
    });
    new DeliveryAlarms(this, 'DeliveryAlarms', {
      busName: shard.busName,
      topic: emailTopic,
      deadLetterQueues: dlq.queues,
    });
    Tags.of(this).add(COMPONENT_TAG, 'central');
  }
}
