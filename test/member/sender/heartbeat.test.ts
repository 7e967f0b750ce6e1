import { Match, Template } from 'aws-cdk-lib/assertions';
import { Heartbeat, Sender } from '@keywatch/member';
import { buildExample, newTestStack, senderRule, stackSetTemplate } from '../../helpers/synth';

const centralBus = { account: '222222222222', region: 'eu-west-1', busName: 'keywatch-receiver' };
const defaultBus = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':event-bus/default']],
};

describe('Heartbeat', () => {
  test('one schedule per forwarding rule puts a keywatch.heartbeat event naming the rule on the default bus every N minutes', () => {
    // GIVEN
    const stack = newTestStack();
    // WHEN
    new Heartbeat(stack, 'Heartbeat', { ruleIds: ['Sender1', 'Tamper'], intervalMinutes: 15 });
    // THEN
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Scheduler::Schedule', 2);
    for (const rule of ['Sender1', 'Tamper']) {
      t.hasResourceProperties('AWS::Scheduler::Schedule', {
        Name: `keywatch-heartbeat-${rule}`,
        ScheduleExpression: 'rate(15 minutes)',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        GroupName: Match.absent(),
        Target: {
          Arn: defaultBus,
          RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HeartbeatRole'), 'Arn'] },
          Input: JSON.stringify({ rule, intervalMinutes: 15 }),
          EventBridgeParameters: { Source: 'keywatch.heartbeat', DetailType: 'keywatch heartbeat' },
          RetryPolicy: { MaximumEventAgeInSeconds: 900, MaximumRetryAttempts: 3 },
        },
      });
    }
  });

  test('the unnamed role trusts EventBridge Scheduler of this account only and may only PutEvents on the default bus', () => {
    const stack = newTestStack();
    new Heartbeat(stack, 'Heartbeat', { ruleIds: ['Sender1'], intervalMinutes: 5 });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: Match.absent(),
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
      Policies: [
        { PolicyName: 'PutHeartbeatsOnDefaultBus', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: defaultBus }] } },
      ],
    });
    t.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)' });
  });

  test('bad props throw with the prop name', () => {
    expect(() => new Heartbeat(newTestStack(), 'H', { ruleIds: ['Sender1'], intervalMinutes: 0 })).toThrow(
      /'intervalMinutes' must be a whole number from 1 to 60; got '0'/,
    );
    expect(() => new Heartbeat(newTestStack(), 'H', { ruleIds: ['Sender1'], intervalMinutes: 61 })).toThrow(/'intervalMinutes' must be/);
    expect(() => new Heartbeat(newTestStack(), 'H', { ruleIds: [], intervalMinutes: 15 })).toThrow(/'ruleIds' must name at least one forwarding rule/);
  });
});

describe('Sender with heartbeats', () => {
  test('names its rules keywatch-<id> and adds one schedule per rule of `rules` (not per additional rule)', () => {
    const stack = newTestStack();
    new Sender(stack, 'Sender', {
      rules: [senderRule('Sender1'), senderRule('Tamper')],
      centralBus,
      heartbeatIntervalMinutes: 15,
      additionalRules: [senderRule('Onboarding')],
    });
    const t = Template.fromStack(stack);
    for (const name of ['keywatch-Sender1', 'keywatch-Tamper', 'keywatch-Onboarding']) {
      t.hasResourceProperties('AWS::Events::Rule', { Name: name });
    }
    t.resourceCountIs('AWS::Scheduler::Schedule', 2);
  });

  test('without heartbeatIntervalMinutes there is no schedule', () => {
    const stack = newTestStack();
    new Sender(stack, 'Sender', { rules: [senderRule()], centralBus });
    Template.fromStack(stack).resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  test('the example StackSet template: one schedule per forwarding rule, every IAM resource unnamed (cdk-nag: test/central/app)', () => {
    const built = buildExample();
    const t = stackSetTemplate(built.stackSet.template);
    // The sender rules (the tamper rule included) and the delivery alarm's forward rule: every forwarding rule beats.
    const forwarding = [...built.plan.sender, built.plan.senderDelivery.forward];
    t.resourceCountIs('AWS::Scheduler::Schedule', forwarding.length);
    expect(forwarding.map((r) => r.id)).toContain('SenderDeliveryFailing');
    for (const r of forwarding) {
      t.hasResourceProperties('AWS::Events::Rule', { Name: `keywatch-${r.id}`, EventPattern: r.pattern });
      t.hasResourceProperties('AWS::Scheduler::Schedule', { Name: `keywatch-heartbeat-${r.id}`, ScheduleExpression: 'rate(15 minutes)' });
    }
    for (const type of ['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::InstanceProfile']) {
      for (const r of Object.values(t.findResources(type))) {
        const p = (r.Properties ?? {}) as Record<string, unknown>;
        expect([p.RoleName, p.ManagedPolicyName, p.UserName, p.GroupName, p.InstanceProfileName]).toEqual([
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
        ]);
      }
    }
  });
});
