import { Duration, Lazy, aws_events as events, aws_iam as iam, aws_sns as sns, aws_sqs as sqs, aws_stepfunctions as sfn } from 'aws-cdk-lib';
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
      DeliveryTarget.topic(sns.Topic.fromTopicArn(stack, 'T', 'arn:aws:sns:us-east-1:111111111111:t'), {
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
    const topic = sns.Topic.fromTopicArn(stack, 'T', 'arn:aws:sns:us-east-1:111111111111:t');
    expect(() => DeliveryTarget.topic(topic, { deadLetterQueue: queue, retry: { maxEventAge, retryAttempts } })).toThrow(message);
  });

  /** The one Targets entry of a rule given `target`. */
  function targetOf(build: (stack: ReturnType<typeof newTestStack>, options: { deadLetterQueue: sqs.IQueue; retry: typeof ALERT_RETRY }) => DeliveryTarget) {
    const stack = newTestStack();
    const rule = new events.Rule(stack, 'R', { eventPattern: { source: ['aws.sts'] } });
    rule.addTarget(build(stack, { deadLetterQueue: new sqs.Queue(stack, 'Q'), retry: FORWARD_RETRY }));
    const rules = Template.fromStack(stack).findResources('AWS::Events::Rule');
    return Object.values(rules)[0].Properties.Targets[0];
  }

  test('eventBus: the bus ARN, through the given role', () => {
    const target = targetOf((stack, options) =>
      DeliveryTarget.eventBus(
        events.EventBus.fromEventBusArn(stack, 'B', 'arn:aws:events:eu-west-1:222222222222:event-bus/keywatch-receiver'),
        iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::111111111111:role/keywatch/forward'),
        options,
      ),
    );
    expect(target.Arn).toBe('arn:aws:events:eu-west-1:222222222222:event-bus/keywatch-receiver');
    expect(target.RoleArn).toBe('arn:aws:iam::111111111111:role/keywatch/forward');
    expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 });
  });

  test('topic: the topic ARN and no role (the topic policy authorizes EventBridge)', () => {
    const target = targetOf((stack, options) => DeliveryTarget.topic(sns.Topic.fromTopicArn(stack, 'T', 'arn:aws:sns:us-east-1:111111111111:t'), options));
    expect(target.Arn).toBe('arn:aws:sns:us-east-1:111111111111:t');
    expect(target.RoleArn).toBeUndefined();
  });

  test("logGroup: the log group's ARN in the rule's account and region, without ':*', and no role", () => {
    const target = targetOf((_stack, options) => DeliveryTarget.logGroup('/keywatch/alerts', options));
    expect(target.Arn).toEqual('arn:aws:logs:us-east-1:111111111111:log-group:/keywatch/alerts');
    expect(target.RoleArn).toBeUndefined();
  });

  test('stateMachine: the state machine ARN, through the given role', () => {
    const target = targetOf((stack, options) =>
      DeliveryTarget.stateMachine(
        sfn.StateMachine.fromStateMachineArn(stack, 'M', 'arn:aws:states:us-east-1:111111111111:stateMachine:keywatch-notify'),
        iam.Role.fromRoleArn(stack, 'Role', 'arn:aws:iam::111111111111:role/keywatch/notify'),
        options,
      ),
    );
    expect(target.Arn).toBe('arn:aws:states:us-east-1:111111111111:stateMachine:keywatch-notify');
    expect(target.RoleArn).toBe('arn:aws:iam::111111111111:role/keywatch/notify');
  });

  test('logGroup rejects a name CloudWatch Logs would refuse, and leaves tokens to deploy time', () => {
    const options = { deadLetterQueue: new sqs.Queue(newTestStack(), 'Q'), retry: ALERT_RETRY };
    expect(() => DeliveryTarget.logGroup('/keywatch/alerts log', options)).toThrow(
      "'logGroupName' must be 1 to 512 characters of letters, digits and . - _ / #; got '/keywatch/alerts log'",
    );
    expect(() => DeliveryTarget.logGroup('', options)).toThrow(/'logGroupName' must be 1 to 512 characters/);
    expect(() => DeliveryTarget.logGroup(Lazy.string({ produce: () => 'bad name' }), options)).not.toThrow();
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
