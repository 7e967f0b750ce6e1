import { Stack, Tags } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { KeywatchConfig, OrganizationPlan } from '@keywatch/shared';
import { COMPONENT_TAG } from '@keywatch/member';
import { CENTRAL_STACK_NAME } from '../names';
import { AlertKey } from './alert-key';
import { AlertLog } from './alert-log';
import { AlertRules } from './alert-rules';
import { AlertTopic } from './alert-topic';
import { ChatChannel } from './chat-channel';
import { DeadLetterQueues } from './dead-letter-queues';
import { DeliveryAlarms } from './delivery-alarms';
import { HeartbeatMonitor } from './heartbeat-monitor';
import { OnboardingRule } from './onboarding-rule';
import { ReceiverBus } from './receiver-bus';
import { StormGuard } from './storm-guard';
import { TamperRules } from './tamper-rules';
import { SenderDeliveryRule } from './sender-delivery-rule';
import type { PrimaryTargets } from './shard-stack';

/** Properties of a CentralStack. */
export interface CentralStackProps {
  /** The validated configuration. */
  readonly config: KeywatchConfig;
  /** The compiled organization plan (its `central` rules go on the receiver bus). */
  readonly plan: OrganizationPlan;
  /**
   * CloudFormation stack name.
   * @default CENTRAL_STACK_NAME ('keywatch-central')
   */
  readonly stackName?: string;
}

/**
 * The security account's stack (default name 'keywatch-central', env = central account and region):
 * receiver bus + archive, alert rules, account lifecycle (onboarding) rule, encrypted alert topics, chat channel,
 * alert log, delivery alarms.
 */
export class CentralStack extends Stack {
  /** The receiver bus and its archive. */
  public readonly receiver: ReceiverBus;
  /** The alert rules. */
  public readonly alertRules: AlertRules;
  /** The security team's e-mail topic. */
  public readonly emailTopic: AlertTopic;
  /** The chat topic, when notify.chat is set. */
  public readonly chatTopic?: AlertTopic;
  /** The alert log. */
  public readonly alertLog: AlertLog;
  /** The account lifecycle rule (AWS Organizations events of the management account). */
  public readonly onboarding: OnboardingRule;
  /** The delivery alarms. */
  public readonly alarms: DeliveryAlarms;
  /** The "coverage tampered" rule. */
  public readonly tamper: TamperRules;
  /** The heartbeat log, metric filters and liveness alarms. */
  public readonly heartbeat: HeartbeatMonitor;
  /** The alert storm alarm. */
  public readonly storm: StormGuard;
  /** The key of the alert topics and log (shard stacks' per-account topics use it too). */
  public readonly alertKey: AlertKey;
  /** The dead-letter queues of the receiver bus's targets. */
  public readonly deadLetterQueues: DeadLetterQueues;

  constructor(scope: Construct, id: string, props: CentralStackProps) {
    const { config, plan } = props;
    super(scope, id, {
      stackName: props.stackName ?? CENTRAL_STACK_NAME,
      description: 'keywatch central: alerts when IAM access keys are used from outside their allowed networks, across the organization',
      env: { account: config.central.account, region: config.central.region },
    });
    this.receiver = new ReceiverBus(this, 'Receiver', {
      busName: config.central.busName,
      organizationId: config.organization.id,
      archiveRetentionDays: config.central.archiveRetentionDays,
    });
    const key = new AlertKey(this, 'AlertKey');
    this.alertKey = key;
    const sharded = plan.shards.length > 1;
    this.emailTopic = new AlertTopic(this, 'EmailTopic', { key: key.key, emails: config.notify.email });
    if (config.notify.chat) {
      this.chatTopic = new AlertTopic(this, 'ChatTopic', { key: key.key, displayName: 'keywatch chat' });
      new ChatChannel(this, 'ChatChannel', { destination: config.notify.chat, topic: this.chatTopic.topic });
    }
    this.alertLog = new AlertLog(this, 'AlertLog', {
      retentionDays: config.central.alertLogRetentionDays,
      key: key.key,
      busName: config.central.busName,
      shardBuses: sharded,
    });
    // The queues keep the logical IDs they had when AlertRules created them (a new ID would replace them and lose their messages).
    const dlq = new DeadLetterQueues(this, 'DeadLetterQueues', { busName: config.central.busName, logicalIdPath: 'AlertRules' });
    this.deadLetterQueues = dlq;
    this.alertRules = new AlertRules(this, 'AlertRules', {
      // A plan without shards (made by hand) puts every central rule on the primary bus.
      rules: plan.shards.length > 0 ? plan.shards[0].rules : plan.central,
      bus: this.receiver.bus,
      emailTopic: this.emailTopic.topic,
      chatTopic: this.chatTopic?.topic,
      alertLogGroupName: this.alertLog.logGroupName,
      deadLetterQueues: dlq,
      key: key.key,
      locale: config.notify.locale,
      readOnlyEvents: config.watch.readOnlyEvents,
      notify: plan.notify ? { plan: plan.notify, alarmTopic: this.emailTopic.topic } : undefined,
    });
    this.onboarding = new OnboardingRule(this, 'OnboardingRule', {
      bus: this.receiver.bus,
      plan: plan.onboarding,
      emailTopic: this.emailTopic.topic,
      emailDeadLetterQueue: dlq.queue('Email'),
      chatTopic: this.chatTopic?.topic,
      chatDeadLetterQueue: this.chatTopic ? dlq.queue('Chat') : undefined,
    });
    this.tamper = new TamperRules(this, 'TamperRules', {
      plan: plan.tamper,
      bus: this.receiver.bus,
      emailTopic: this.emailTopic.topic,
      emailDeadLetterQueue: dlq.queue('Email'),
      alertLogGroupName: this.alertLog.logGroupName,
      alertLogDeadLetterQueue: dlq.queue('Log'),
      chatTopic: this.chatTopic?.topic,
      chatDeadLetterQueue: this.chatTopic ? dlq.queue('Chat') : undefined,
    });
    this.heartbeat = new HeartbeatMonitor(this, 'Heartbeat', {
      plan: plan.heartbeat,
      bus: this.receiver.bus,
      deadLetterQueue: dlq.queue('Heartbeat'),
      topic: this.emailTopic.topic,
      resourcePolicy: sharded ? 'every-heartbeat-log-group' : 'own',
    });
    new SenderDeliveryRule(this, 'SenderDeliveryRule', {
      bus: this.receiver.bus,
      emailTopic: this.emailTopic.topic,
      emailDeadLetterQueue: dlq.queue('Email'),
      rule: plan.senderDelivery.central,
      email: plan.senderDelivery.email,
      log: { logGroup: this.heartbeat.logGroup, deadLetterQueue: dlq.queue('Heartbeat') },
    });
    this.storm = new StormGuard(this, 'StormGuard', { alertLogGroupName: this.alertLog.logGroupName, topic: this.emailTopic.topic });
    // The metric filter needs its log group.
    this.storm.filter.node.addDependency(this.alertLog.logGroup);
    this.alarms = new DeliveryAlarms(this, 'DeliveryAlarms', {
      busName: config.central.busName,
      topic: this.emailTopic.topic,
      deadLetterQueues: dlq.queues,
    });
    Tags.of(this).add(COMPONENT_TAG, 'central');
  }

  /** The topics, alert log and key a shard stack's rules deliver to (ShardStack's `primary`). */
  public primaryTargets(): PrimaryTargets {
    return {
      stackName: this.stackName,
      emailTopic: this.emailTopic.topic,
      chatTopic: this.chatTopic?.topic,
      alertLogGroupName: this.alertLog.logGroupName,
      key: this.alertKey.key,
    };
  }
}
