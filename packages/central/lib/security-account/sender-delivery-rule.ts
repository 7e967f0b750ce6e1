import { aws_events as events, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { CompiledRule, InputTransformerSpec } from '@keywatch/shared';
import { ALERT_RETRY, DeliveryRetry, DeliveryTarget, ruleFromCompiled, ruleState } from '@keywatch/member';

/** Properties of a SenderDeliveryRule. */
export interface SenderDeliveryRuleProps {
  /** The receiver bus the rule lives on. */
  readonly bus: events.IEventBus;
  /** Topic of the security team's e-mail alerts. */
  readonly emailTopic: sns.ITopic;
  /** DLQ of the e-mail target. */
  readonly emailDeadLetterQueue: sqs.IQueue;
  /** The receiver rule (plan.senderDelivery.central). */
  readonly rule: CompiledRule;
  /** The "delivery failing" e-mail (plan.senderDelivery.email). */
  readonly email: InputTransformerSpec;
  /**
   * Retry policy of the target.
   * @default ALERT_RETRY (2 h, 185 attempts)
   */
  readonly retry?: DeliveryRetry;
}

/**
 * The receiver bus rule that makes sender-side delivery failure visible centrally: every sender stack (one per member
 * account × region, and the management stacks) raises the alarm `keywatch-sender-undelivered` when its DLQ holds a
 * message and forwards the ALARM state change; this rule e-mails a "delivery failing" notice naming the account and
 * region (state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS like every receiver rule; default retry ALERT_RETRY). Not the alert log, which holds access-key alerts only.
 */
export class SenderDeliveryRule extends Construct {
  /** The rule. */
  public readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: SenderDeliveryRuleProps) {
    super(scope, id);
    // Alarm events are not CloudTrail events, so the state filters nothing; like every receiver rule it reads all.
    this.rule = ruleFromCompiled(this, props.rule, { id: 'Rule', eventBus: props.bus, state: ruleState(true) });
    this.rule.addTarget(
      DeliveryTarget.topic(props.emailTopic, { deadLetterQueue: props.emailDeadLetterQueue, retry: props.retry ?? ALERT_RETRY, input: props.email }),
    );
  }
}
