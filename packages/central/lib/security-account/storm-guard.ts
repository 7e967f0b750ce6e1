import { Duration, aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions, aws_logs as logs, aws_sns as sns } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Properties of a StormGuard. */
export interface StormGuardProps {
  /** Name of the alert log group (this account and region), which every receiver bus's alert rules write to. */
  readonly alertLogGroupName: string;
  /** Topic the alarm notifies. */
  readonly topic: sns.ITopic;
  /**
   * Access-key alerts in one period above which the alarm fires.
   * @default 100
   */
  readonly threshold?: number;
  /**
   * Evaluation period.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/** Namespace and name of the metric counting access-key alerts in the alert log. */
export const ALERT_COUNT_METRIC = { namespace: 'keywatch', name: 'AccessKeyAlerts' } as const;

/**
 * One alarm on the volume of access-key alerts (default: more than 100 in 5 minutes), counted where every alert is
 * written once: a metric filter on the alert log selects the entries without `kind` (access-key alerts; tamper entries
 * carry `kind`). Counting EventBridge's per-rule MatchedEvents instead would also count any rule the bus holds that
 * keywatch does not name (the archive's managed rule matches every event, heartbeats included), and it works the same
 * with any number of receiver buses. It fires once per storm (alarms notify on state changes) and says that SNS
 * suspends an e-mail subscription receiving more than 10 messages a second; the alert log keeps every alert.
 */
export class StormGuard extends Construct {
  /** The alarm. */
  public readonly alarm: cloudwatch.Alarm;
  /** The metric filter counting access-key alerts. */
  public readonly filter: logs.MetricFilter;

  constructor(scope: Construct, id: string, props: StormGuardProps) {
    super(scope, id);
    const threshold = props.threshold ?? 100;
    if (!Number.isInteger(threshold) || threshold < 1) {
      throw new Error(`'threshold' must be a whole number of at least 1; got '${threshold}'`);
    }
    const period = props.period ?? Duration.minutes(5);
    this.filter = new logs.MetricFilter(this, 'AlertCount', {
      logGroup: logs.LogGroup.fromLogGroupName(this, 'AlertLog', props.alertLogGroupName),
      filterName: 'keywatch-access-key-alerts',
      filterPattern: logs.FilterPattern.notExists('$.kind'),
      metricNamespace: ALERT_COUNT_METRIC.namespace,
      metricName: ALERT_COUNT_METRIC.name,
      metricValue: '1',
    });
    this.alarm = new cloudwatch.Alarm(this, 'Alarm', {
      alarmDescription:
        `keywatch: alert storm, more than ${threshold} access-key alerts in ${period.toMinutes()} minutes. SNS suspends an e-mail subscription that ` +
        'receives more than 10 messages a second (and deletes it after 48 hours): check the subscriptions of the alert topic and re-confirm them; ' +
        'every alert is in the alert log (keywatch report).',
      metric: this.filter.metric({ statistic: cloudwatch.Stats.SUM, period }),
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const action = new actions.SnsAction(props.topic);
    this.alarm.addAlarmAction(action);
    this.alarm.addOkAction(action);
  }
}
