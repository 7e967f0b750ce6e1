import { Match, Template } from 'aws-cdk-lib/assertions';
import { aws_events as events, aws_logs as logs, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { deliveryFailureEmailTemplate, senderDeliveryCentralRule } from '@keywatch/shared';
import { SenderDeliveryRule } from '@keywatch/central';
import { newTestStack } from '../../helpers/synth';

function build(withLog: boolean) {
  const stack = newTestStack();
  const logGroup = new logs.LogGroup(stack, 'HeartbeatLog', { logGroupName: '/keywatch/heartbeats' });
  const r = new SenderDeliveryRule(stack, 'SenderDelivery', {
    bus: new events.EventBus(stack, 'Bus', { eventBusName: 'keywatch-receiver' }),
    emailTopic: new sns.Topic(stack, 'Topic'),
    emailDeadLetterQueue: new sqs.Queue(stack, 'EmailDlq'),
    rule: senderDeliveryCentralRule(),
    email: deliveryFailureEmailTemplate({ locale: 'en' }),
    ...(withLog ? { log: { logGroup, deadLetterQueue: new sqs.Queue(stack, 'LogDlq') } } : {}),
  });
  return { t: Template.fromStack(stack), r };
}

describe('SenderDeliveryRule', () => {
  test('with a log, each forwarded delivery alarm is also written to the log group, with its own DLQ and no role', () => {
    const { t } = build(true);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] },
      Targets: [
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('^Topic') },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EmailDlq'), 'Arn'] } },
        }),
        Match.objectLike({
          Arn: { 'Fn::Join': ['', ['arn:aws:logs:us-east-1:111111111111:log-group:', { Ref: Match.stringLikeRegexp('^HeartbeatLog') }]] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogDlq'), 'Arn'] } },
          RetryPolicy: Match.anyValue(),
          RoleArn: Match.absent(),
          InputTransformer: Match.absent(),
        }),
      ],
    });
  });

  test('a metric filter counts the ALARM events as keywatch/SenderDeliveryFailures per account and region', () => {
    const { t } = build(true);
    t.resourceCountIs('AWS::Logs::MetricFilter', 1);
    // The fields of a "CloudWatch Alarm State Change" event (AWS docs sample): source aws.cloudwatch, account, region,
    // detail.alarmName, detail.state.value; forwarded across accounts, account and region stay the member's.
    t.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: Match.stringLikeRegexp('^HeartbeatLog') },
      FilterName: 'keywatch-sender-delivery-failures',
      FilterPattern: '{ ($.source = "aws.cloudwatch") && ($.detail.alarmName = "keywatch-sender-undelivered") && ($.detail.state.value = "ALARM") }',
      MetricTransformations: [
        {
          MetricNamespace: 'keywatch',
          MetricName: 'SenderDeliveryFailures',
          MetricValue: '1',
          Unit: 'Count',
          Dimensions: [
            { Key: 'account', Value: '$.account' },
            { Key: 'region', Value: '$.region' },
          ],
          DefaultValue: Match.absent(),
        },
      ],
    });
  });

  test('without a log there is one target (e-mail) and no metric filter', () => {
    const { t, r } = build(false);
    t.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Topic') } })] });
    t.resourceCountIs('AWS::Logs::MetricFilter', 0);
    expect(r.filter).toBeUndefined();
  });
});
