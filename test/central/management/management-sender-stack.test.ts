import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { onboardingForwardRule, organizationsLifecyclePattern } from '@keywatch/shared';
import { ManagementSenderStack } from '@keywatch/central';
import { makeConfig } from '../../helpers/config';
import { buildOrganization, newTestApp, senderRule } from '../../helpers/synth';

const centralBus = { account: '222222222222', region: 'eu-west-1', busName: 'keywatch-receiver' };
const busArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:222222222222:event-bus/keywatch-receiver']] };
const ORGANIZATIONS_SOURCE = { EventPattern: Match.objectLike({ source: ['aws.organizations'] }) };

describe('ManagementSenderStack', () => {
  test('is keywatch-management-<region> in the management account, without the Organizations rule by default', () => {
    const stack = new ManagementSenderStack(newTestApp(), 'M', {
      managementAccount: '111111111111',
      region: 'eu-west-1',
      sender: { rules: [senderRule()], centralBus },
    });
    expect(stack.stackName).toBe('keywatch-management-eu-west-1');
    expect([stack.account, stack.region]).toEqual(['111111111111', 'eu-west-1']);
    expect(stack.onboardingRule).toBeUndefined();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Events::Rule', 1);
    expect(Object.keys(t.findResources('AWS::Events::Rule', { Properties: ORGANIZATIONS_SOURCE }))).toEqual([]);
  });

  test('organizationsEventsRule adds the lifecycle rule on the default bus, forwarding like the sender rules', () => {
    // GIVEN / WHEN
    const stack = new ManagementSenderStack(newTestApp(), 'M', {
      managementAccount: '111111111111',
      region: 'us-east-1',
      sender: { rules: [senderRule()], centralBus, readOnlyEvents: false },
      organizationsEventsRule: onboardingForwardRule(),
    });
    // THEN
    expect(stack.onboardingRule).toBeDefined();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Events::Rule', 2);
    t.resourceCountIs('AWS::IAM::Role', 1);
    t.resourceCountIs('AWS::SQS::Queue', 1);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.absent(),
      EventPattern: organizationsLifecyclePattern(),
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      Description: Match.stringLikeRegexp('^keywatch: forward AWS Organizations account lifecycle events'),
      Targets: [
        {
          Id: Match.anyValue(),
          Arn: busArn,
          RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SenderForwardRole'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SenderDeadLetterQueue'), 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        },
      ],
    });
    t.hasResourceProperties('AWS::Events::Rule', { Name: 'keywatch-Onboarding' });
    // the sender rule keeps the configured state
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: senderRule().pattern, State: 'ENABLED' });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            // the onboarding rule is named keywatch-Onboarding, so the keywatch-* prefix lets it use the DLQ
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
});

describe('management stacks of an organization', () => {
  test('only the us-east-1 stack forwards Organizations events, wherever us-east-1 is listed', () => {
    const built = buildOrganization(makeConfig({ deployment: { regions: ['eu-west-1', 'us-east-1', 'ap-northeast-1'] } }));
    expect(built.onboardingStack?.stackName).toBe('keywatch-management-us-east-1');
    expect(built.onboardingWarning).toBeUndefined();
    for (const m of built.management) {
      const t = Template.fromStack(m);
      const lifecycle = Object.keys(t.findResources('AWS::Events::Rule', { Properties: ORGANIZATIONS_SOURCE }));
      expect([m.region, lifecycle.length]).toEqual([m.region, m.region === 'us-east-1' ? 1 : 0]);
      t.resourceCountIs('AWS::Events::Rule', built.plan.sender.length + 1 + (m.region === 'us-east-1' ? 1 : 0)); // + the delivery alarm rule
    }
    expect(Annotations.fromStack(built.central).findWarning('*', Match.stringLikeRegexp('AWS Organizations'))).toEqual([]);
  });

  test('without us-east-1 no stack gets the rule (it could never match elsewhere) and the central and first management stacks warn', () => {
    const built = buildOrganization(makeConfig({ deployment: { regions: ['eu-west-1', 'eu-central-1'] } }));
    expect(built.onboardingStack).toBeUndefined();
    expect(built.onboardingWarning).toMatch(/does not include us-east-1, where AWS Organizations records its CloudTrail events/);
    for (const m of built.management) {
      expect(Object.keys(Template.fromStack(m).findResources('AWS::Events::Rule', { Properties: ORGANIZATIONS_SOURCE }))).toEqual([]);
    }
    for (const stack of [built.central, built.management[0]]) {
      const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('does not include us-east-1'));
      expect(warnings).toHaveLength(1);
    }
    expect(Annotations.fromStack(built.management[1]).findWarning('*', Match.anyValue())).toEqual([]);
  });
});
