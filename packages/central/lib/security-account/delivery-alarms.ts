import { Duration, Token, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EVENT_BUS_NAME_PATTERN } from '@keywatch/shared';
import { lostDeliveryAlarm } from '../private/lost-delivery-alarm';

/** Properties of DeliveryAlarms. */
export interface DeliveryAlarmsProps {
  /** Name of the receiver bus whose rules are watched. */
  readonly busName: string;
  /** Dead-letter queues whose depth is watched, by a short label. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** Topic the alarms notify. */
  readonly topic: sns.ITopic;
  /**
   * Evaluation period.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/**
 * Alarms that say when alerts are not delivered (missing data is not breaching):
 * - one per DLQ: ApproximateNumberOfMessagesVisible > 0;
 * - FailedInvocations and InvocationsFailedToBeSentToDlq summed over every rule of the receiver bus by a
 *   Metrics Insights query, so the alarm count stays constant however many rules the plan has
 *   (a metric-math alarm may reference only 10 metrics).
 */
export class DeliveryAlarms extends Construct {
  /** Every alarm created. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: DeliveryAlarmsProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(5);
    if (!Token.isUnresolved(props.busName) && !EVENT_BUS_NAME_PATTERN.test(props.busName)) {
      throw new Error(`'busName' must be 1-256 letters, digits, '.', '_' or '-'; got '${props.busName}'`);
    }
    const action = new actions.SnsAction(props.topic);
    const add = (alarmId: string, description: string, metric: cloudwatch.IMetric): void => {
      this.alarms.push(lostDeliveryAlarm(this, alarmId, description, metric, action));
    };
    for (const [label, queue] of Object.entries(props.deadLetterQueues)) {
      add(
        `${label}DeadLetters`,
        `keywatch: ${label} alerts could not be delivered and wait in the dead-letter queue; fix the cause, then redrive the queue.`,
        queue.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM }),
      );
    }
    for (const metricName of ['FailedInvocations', 'InvocationsFailedToBeSentToDlq']) {
      add(
        metricName,
        `keywatch: ${metricName} on the rules of event bus ${props.busName}: alerts were lost; check the targets and the DLQ policies.`,
        new cloudwatch.MathExpression({
          expression: `SELECT SUM(${metricName}) FROM SCHEMA("AWS/Events", EventBusName, RuleName) WHERE EventBusName = '${props.busName}'`,
          period,
          label: metricName,
        }),
      );
    }
  }
}
