import { Duration, aws_events as events, aws_sqs as sqs } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ALERT_RETRY, DeadLetterQueue, DeliveryTarget, FORWARD_RETRY, ruleState } from '@keywatch/member';
import { newTestStack } from '../../helpers/synth';

describe('DeliveryTarget', () => {
  test('passes an input transformer through verbatim (no re-quoting)', () => {
    // GIVEN
    const stack = newTestStack();
    const queue = new sqs.Queue(stack, 'Q');
    const rule = new events.Rule(stack, 'R', { eventPattern: { source: ['aws.sts'] } });
    const inputTemplate = '"Key: <key>"\n"IP: <ip>"';
    // WHEN
    rule.addTarget(
      new DeliveryTarget({
        arn: 'arn:aws:sns:us-east-1:111111111111:t',
        deadLetterQueue: queue,
        retry: ALERT_RETRY,
        input: { inputPathsMap: { key: '$.detail.k', ip: '$.detail.ip' }, inputTemplate },
      }),
    );
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        {
          Arn: 'arn:aws:sns:us-east-1:111111111111:t',
          InputTransformer: { InputPathsMap: { key: '$.detail.k', ip: '$.detail.ip' }, InputTemplate: inputTemplate },
          RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 185 },
          Id: 'Target0',
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as sqs.CfnQueue), 'Arn'] } },
        },
      ],
    });
  });

  test.each([
    [Duration.seconds(59), 185, "'retry.maxEventAge' must be between 60 and 86400 seconds; got '59'"],
    [Duration.hours(25), 185, "'retry.maxEventAge' must be between 60 and 86400 seconds; got '90000'"],
    [Duration.hours(1), 186, "'retry.retryAttempts' must be an integer from 0 to 185; got '186'"],
    [Duration.hours(1), -1, "'retry.retryAttempts' must be an integer from 0 to 185; got '-1'"],
  ])('rejects retry %s / %s', (maxEventAge, retryAttempts, message) => {
    const stack = newTestStack();
    const queue = new sqs.Queue(stack, 'Q');
    expect(() => new DeliveryTarget({ arn: 'arn', deadLetterQueue: queue, retry: { maxEventAge, retryAttempts } })).toThrow(message);
  });

  test('the retry policies are within the service limits', () => {
    expect(FORWARD_RETRY.maxEventAge.toSeconds()).toBe(86400);
    expect(ALERT_RETRY.maxEventAge.toSeconds()).toBe(7200);
  });
});

describe('DeadLetterQueue', () => {
  test('throws without source ARNs', () => {
    expect(() => new DeadLetterQueue(newTestStack(), 'D', { sourceArns: [] })).toThrow("'sourceArns' must list at least one rule ARN; got '[]'");
  });
});

describe('ruleState', () => {
  test('maps readOnlyEvents to the CloudFormation state', () => {
    expect(ruleState(true)).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(ruleState(false)).toBe('ENABLED');
  });
});
