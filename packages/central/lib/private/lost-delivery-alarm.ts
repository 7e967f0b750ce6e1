import { aws_cloudwatch as cloudwatch, aws_cloudwatch_actions as actions } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * An alarm on anything that means a notification may be lost: it fires when `metric` is above 0 in one period (missing
 * data is not breaching) and notifies `action`'s topic (no default). Shared by DeliveryAlarms and the notify gate.
 */
export function lostDeliveryAlarm(scope: Construct, id: string, description: string, metric: cloudwatch.IMetric, action: actions.SnsAction): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: description,
    metric,
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(action);
  return alarm;
}
