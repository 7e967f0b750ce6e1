import { aws_events as events, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { TamperPlan } from '@keywatch/shared';
import { ALERT_RETRY, DeliveryRetry, DeliveryTarget, ruleFromCompiled, ruleState } from '@keywatch/member';

/** Properties of TamperRules. */
export interface TamperRulesProps {
  /** The tamper plan (`plan.tamper`): its rules (one at the default pattern quota) and the input of each target. */
  readonly plan: TamperPlan;
  /** The receiver bus the rule lives on. */
  readonly bus: events.IEventBus;
  /** Topic of the security team's e-mail alerts. */
  readonly emailTopic: sns.ITopic;
  /** DLQ of the e-mail target. */
  readonly emailDeadLetterQueue: sqs.IQueue;
  /** Name of the alert log group (this account and region). */
  readonly alertLogGroupName: string;
  /** DLQ of the alert log target. */
  readonly alertLogDeadLetterQueue: sqs.IQueue;
  /**
   * Topic of the chat channel.
   * @default - no chat target
   */
  readonly chatTopic?: sns.ITopic;
  /**
   * DLQ of the chat target; required with `chatTopic`.
   * @default - none (only allowed without chatTopic)
   */
  readonly chatDeadLetterQueue?: sqs.IQueue;
  /**
   * Retry policy of every target.
   * @default ALERT_RETRY (2 h, 185 attempts)
   */
  readonly retry?: DeliveryRetry;
}

/**
 * The receiver bus rules that turn a forwarded tamper call (a change to keywatch's rules, heartbeat schedules, stack
 * instances, receiver bus or an account's trails) into the "coverage tampered" notification: e-mail, alert log entry and,
 * when configured, chat, each with a DLQ and a retry policy (default ALERT_RETRY), without RoleArn. State
 * ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (the calls are writes, so nothing is lost either way).
 */
export class TamperRules extends Construct {
  /** The rules, in plan order. */
  public readonly rules: events.Rule[];

  constructor(scope: Construct, id: string, props: TamperRulesProps) {
    super(scope, id);
    if (props.chatTopic && !props.chatDeadLetterQueue) {
      throw new Error(`'chatDeadLetterQueue' must be set when 'chatTopic' is set; got 'undefined'`);
    }
    if (!props.chatTopic && props.chatDeadLetterQueue) {
      throw new Error(`'chatDeadLetterQueue' must only be set together with 'chatTopic'; got a queue without a chat topic`);
    }
    const retry = props.retry ?? ALERT_RETRY;
    if (props.plan.rules.length === 0) {
      throw new Error(`'rules' must contain at least one tamper rule; got '[]'`);
    }
    this.rules = props.plan.rules.map((compiled) => {
      const rule = ruleFromCompiled(this, compiled, { eventBus: props.bus, state: ruleState(true) });
      rule.addTarget(DeliveryTarget.topic(props.emailTopic, { deadLetterQueue: props.emailDeadLetterQueue, retry, input: props.plan.email }));
      rule.addTarget(DeliveryTarget.logGroup(props.alertLogGroupName, { deadLetterQueue: props.alertLogDeadLetterQueue, retry, input: props.plan.log }));
      if (props.chatTopic && props.chatDeadLetterQueue) {
        rule.addTarget(DeliveryTarget.topic(props.chatTopic, { deadLetterQueue: props.chatDeadLetterQueue, retry, input: props.plan.chat }));
      }
      return rule;
    });
  }
}
