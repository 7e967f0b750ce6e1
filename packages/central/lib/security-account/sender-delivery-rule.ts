import { aws_events as events, aws_logs as logs, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SENDER_DELIVERY_METRIC, senderDeliveryFilterPattern } from '@keywatch/shared';
import type { CompiledRule, InputTransformerSpec } from '@keywatch/shared';
import { ALERT_RETRY, DeliveryRetry, DeliveryTarget, ruleFromCompiled, ruleState } from '@keywatch/member';
import { accountRegionCountFilter } from '../private/account-region-count-filter';

/** Where a SenderDeliveryRule records each failure so that it can be counted (`keywatch audit --liveness`). */
export interface SenderDeliveryLog {
  /** The log group (the heartbeat log, whose resource policy already lets EventBridge write to it). */
  readonly logGroup: logs.ILogGroup;
  /** DLQ of the log target. */
  readonly deadLetterQueue: sqs.IQueue;
}

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
   * Also write every forwarded failure to this log group and count it there (metric SENDER_DELIVERY_METRIC, dimensions
   * account and region), so that `keywatch audit` can report failures per account × region.
   * @default - e-mail only; nothing counts the failures
   */
  readonly log?: SenderDeliveryLog;
  /**
   * Retry policy of the targets.
   * @default ALERT_RETRY (2 h, 185 attempts)
   */
  readonly retry?: DeliveryRetry;
}

/**
 * The receiver bus rule that makes sender-side delivery failure visible centrally: every sender stack (one per member
 * account × region, and the management stacks) raises the alarm `keywatch-sender-undelivered` when its DLQ holds a
 * message and forwards the ALARM state change; this rule e-mails a "delivery failing" notice naming the account and
 * region (state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS like every receiver rule; default retry ALERT_RETRY). Not the alert log, which holds access-key alerts only.
 * With `log`, the event is also written there and a metric filter counts it per account and region (keywatch/SenderDeliveryFailures).
 */
export class SenderDeliveryRule extends Construct {
  /** The rule. */
  public readonly rule: events.Rule;
  /** The metric filter counting failures (only with `log`). */
  public readonly filter?: logs.CfnMetricFilter;

  constructor(scope: Construct, id: string, props: SenderDeliveryRuleProps) {
    super(scope, id);
    // Alarm events are not CloudTrail events, so the state filters nothing; like every receiver rule it reads all.
    this.rule = ruleFromCompiled(this, props.rule, { id: 'Rule', eventBus: props.bus, state: ruleState(true) });
    const retry = props.retry ?? ALERT_RETRY;
    this.rule.addTarget(DeliveryTarget.topic(props.emailTopic, { deadLetterQueue: props.emailDeadLetterQueue, retry, input: props.email }));
    if (props.log) {
      const { logGroup } = props.log;
      this.rule.addTarget(DeliveryTarget.logGroup(logGroup.logGroupName, { deadLetterQueue: props.log.deadLetterQueue, retry }));
      // Why a metric filter and not a read of the log: the heartbeat log holds every heartbeat of every account × region
      // (about 130,000 events an hour at 1,000 accounts × 17 regions), so scanning it for the rare failure is slow;
      // GetMetricData reads one number per account × region.
      this.filter = accountRegionCountFilter(this, 'Filter', {
        logGroupName: logGroup.logGroupName,
        filterName: 'keywatch-sender-delivery-failures',
        filterPattern: senderDeliveryFilterPattern(),
        metric: SENDER_DELIVERY_METRIC,
      });
      this.filter.node.addDependency(logGroup);
    }
  }
}
