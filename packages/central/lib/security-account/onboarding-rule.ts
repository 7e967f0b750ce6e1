import { aws_events as events, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { OnboardingPlan } from '@keywatch/shared';
import { ALERT_RETRY, DeliveryRetry, DeliveryTarget, ruleFromCompiled, ruleState } from '@keywatch/member';

/** Properties of an OnboardingRule. */
export interface OnboardingRuleProps {
  /** The receiver bus the rule lives on. */
  readonly bus: events.IEventBus;
  /** The account lifecycle plan (`plan.onboarding`): its receiver rule (the management account's events only) and texts. */
  readonly plan: OnboardingPlan;
  /** Topic of the security team's e-mail alerts. */
  readonly emailTopic: sns.ITopic;
  /** DLQ of the e-mail target. */
  readonly emailDeadLetterQueue: sqs.IQueue;
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
 * The receiver bus rule that tells the security team when an AWS account is created in, invited to, joins, moves
 * within, is removed from, is closed in or departs the organization (AWS Organizations events of the management
 * account, forwarded by its us-east-1 stack). Targets: the e-mail topic and, when configured, the chat topic, with the
 * account lifecycle templates, a DLQ each and a retry policy (default ALERT_RETRY), without RoleArn; not the alert log,
 * which holds access-key alerts only (the archive keeps the events). State ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS,
 * so no lifecycle event is ever filtered as read-only.
 */
export class OnboardingRule extends Construct {
  /** The rule. */
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: OnboardingRuleProps) {
    super(scope, id);
    if (props.chatTopic && !props.chatDeadLetterQueue) {
      throw new Error(`'chatDeadLetterQueue' must be set when 'chatTopic' is set; got 'undefined'`);
    }
    if (!props.chatTopic && props.chatDeadLetterQueue) {
      throw new Error(`'chatDeadLetterQueue' must only be set together with 'chatTopic'; got a queue without a chat topic`);
    }
    const retry = props.retry ?? ALERT_RETRY;
    this.rule = ruleFromCompiled(this, props.plan.central, { id: 'Rule', eventBus: props.bus, state: ruleState(true) });
    this.rule.addTarget(DeliveryTarget.topic(props.emailTopic, { deadLetterQueue: props.emailDeadLetterQueue, retry, input: props.plan.email }));
    if (props.chatTopic && props.chatDeadLetterQueue) {
      this.rule.addTarget(DeliveryTarget.topic(props.chatTopic, { deadLetterQueue: props.chatDeadLetterQueue, retry, input: props.plan.chat }));
    }
  }
}
