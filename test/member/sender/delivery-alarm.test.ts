import { Match, Template } from 'aws-cdk-lib/assertions';
import { Sender } from '@keywatch/member';
import { SENDER_UNDELIVERED_ALARM_NAME, senderDeliveryForwardRule } from '@keywatch/shared';
import { newTestStack, senderRule } from '../../helpers/synth';

const centralBus = { account: '222222222222', region: 'eu-west-1', busName: 'keywatch-receiver' };

describe('Sender delivery alarm', () => {
  test('a named alarm (regional, so one per account and region) fires when the sender DLQ holds a message', () => {
    const stack = newTestStack();
    new Sender(stack, 'Sender', { rules: [senderRule()], centralBus });
    const t = Template.fromStack(stack);
    expect(SENDER_UNDELIVERED_ALARM_NAME).toBe('keywatch-sender-undelivered');
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'keywatch-sender-undelivered',
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SenderDeadLetterQueue'), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      TreatMissingData: 'notBreaching',
    });
    // no named IAM anywhere in the template
    expect(Object.values(t.findResources('AWS::IAM::Role')).every((r) => r.Properties.RoleName === undefined)).toBe(true);
  });

  test('its ALARM state change is forwarded to the central bus through the same role and DLQ', () => {
    const stack = newTestStack();
    new Sender(stack, 'Sender', { rules: [senderRule()], centralBus, deliveryAlarmRule: senderDeliveryForwardRule() });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      State: 'ENABLED',
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: ['keywatch-sender-undelivered'], state: { value: ['ALARM'] } },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:222222222222:event-bus/keywatch-receiver']] },
          RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SenderForwardRole'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SenderDeadLetterQueue'), 'Arn'] } },
        }),
      ],
    });
  });
});
