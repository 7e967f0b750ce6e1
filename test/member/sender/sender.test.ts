import { Match, Template } from 'aws-cdk-lib/assertions';
import { Sender } from '@keywatch/member';
import { newTestStack, senderRule } from '../../helpers/synth';

const centralBus = { account: '222222222222', region: 'eu-west-1', busName: 'keywatch-receiver' };
const busArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:222222222222:event-bus/keywatch-receiver']] };

describe('Sender', () => {
  test('creates one default-bus rule per sender rule with the pattern verbatim and read-only events on', () => {
    // GIVEN
    const stack = newTestStack();
    const rules = [senderRule('Sender1', '0.0.0.0/1'), senderRule('Sender2', '2001:db8::/33')];
    // WHEN
    new Sender(stack, 'Sender', { rules, centralBus });
    // THEN
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Events::Rule', 2);
    for (const r of rules) {
      t.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: r.pattern,
        Description: r.description,
        State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
        EventBusName: Match.absent(),
      });
    }
  });

  test('uses state ENABLED when read-only events are not watched', () => {
    const stack = newTestStack();
    new Sender(stack, 'Sender', { rules: [senderRule()], centralBus, readOnlyEvents: false });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { State: 'ENABLED' });
  });

  test('targets the central bus by ARN through the role, with DLQ and the 24 h / 185 retry policy', () => {
    const stack = newTestStack();
    new Sender(stack, 'Sender', { rules: [senderRule()], centralBus });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        {
          Arn: busArn,
          RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SenderForwardRole'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SenderDeadLetterQueue'), 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
          InputTransformer: Match.absent(),
          Input: Match.absent(),
        },
      ],
    });
  });

  test('the unnamed role trusts EventBridge of this account only and may only PutEvents on the central bus', () => {
    const stack = newTestStack();
    new Sender(stack, 'Sender', { rules: [senderRule()], centralBus });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.resourceCountIs('AWS::IAM::Policy', 0);
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: Match.absent(),
      // the path the receiver bus policy admits (aws:PrincipalArn role/keywatch/*); the name stays CloudFormation's, unique per region
      Path: '/keywatch/',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
      Policies: [{ PolicyName: 'PutEventsOnCentralBus', PolicyDocument: { Statement: [{ Action: 'events:PutEvents', Effect: 'Allow', Resource: busArn }] } }],
    });
  });

  test('the DLQ is SQS-encrypted, TLS-only and accepts EventBridge messages only from the sender rules', () => {
    const stack = newTestStack();
    new Sender(stack, 'Sender', { rules: [senderRule('Sender1'), senderRule('Sender2')], centralBus });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Sid: 'AllowEventBridgeDeadLetters',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Resource: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
            Condition: {
              ArnLike: {
                // every keywatch rule of the default bus, by the fixed name prefix
                'aws:SourceArn': [
                  {
                    'Fn::Join': [
                      '',
                      ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':rule/keywatch-*'],
                    ],
                  },
                ],
              },
            },
          },
        ]),
      },
    });
  });

  test('tags its resources keywatch:component=sender', () => {
    const stack = newTestStack();
    new Sender(stack, 'Sender', { rules: [senderRule()], centralBus });
    const tag = Match.arrayWith([{ Key: 'keywatch:component', Value: 'sender' }]);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::IAM::Role', { Tags: tag });
    t.hasResourceProperties('AWS::SQS::Queue', { Tags: tag });
  });

  test('additional rules forward through the same role, DLQ and retry, always with all management events, and may use the DLQ', () => {
    // GIVEN a rule that names its events, and read-only events turned off for the sender rules
    const stack = newTestStack();
    const extra = senderRule('Extra', '10.0.0.0/8');
    // WHEN
    const sender = new Sender(stack, 'Sender', { rules: [senderRule()], centralBus, readOnlyEvents: false, additionalRules: [extra] });
    // THEN
    expect(sender.rules).toHaveLength(1);
    expect(sender.additionalRules).toHaveLength(1);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Events::Rule', 2);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.resourceCountIs('AWS::SQS::Queue', 1);
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: senderRule().pattern, State: 'ENABLED' });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: extra.pattern,
      Description: extra.description,
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      Targets: [
        Match.objectLike({
          Arn: busArn,
          RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SenderForwardRole'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SenderDeadLetterQueue'), 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        }),
      ],
    });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowEventBridgeDeadLetters',
            Condition: {
              ArnLike: {
                'aws:SourceArn': [
                  {
                    'Fn::Join': [
                      '',
                      ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':rule/keywatch-*'],
                    ],
                  },
                ],
              },
            },
          }),
        ]),
      },
    });
  });

  test('throws when an additional rule reuses a rule id', () => {
    const stack = newTestStack();
    expect(() => new Sender(stack, 'Sender', { rules: [senderRule('Sender1')], centralBus, additionalRules: [senderRule('Sender1')] })).toThrow(
      "'additionalRules' must not reuse a rule id; got 'Sender1' twice",
    );
  });

  test('throws without sender rules', () => {
    const stack = newTestStack();
    expect(() => new Sender(stack, 'Sender', { rules: [], centralBus })).toThrow("'rules' must contain at least one sender rule; got '[]'");
  });
});
