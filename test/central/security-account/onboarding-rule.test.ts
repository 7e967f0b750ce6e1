import { aws_events as events, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { onboardingChatTemplate, onboardingEmailTemplate, planOnboarding } from '@keywatch/shared';
import type { OrganizationPlan } from '@keywatch/shared';
import { CentralStack, OnboardingRule } from '@keywatch/central';
import { makeConfig } from '../../helpers/config';
import { plan as handPlan } from '../../helpers/central-plan';
import { centralRule, livenessPlanParts, newTestApp, newTestStack } from '../../helpers/synth';

const plan: OrganizationPlan = handPlan([centralRule('UnknownAccounts1')]);
const slack = { slack: { workspaceId: 'T0123ABCDEF', channelId: 'C0123ABCDEF' } };

/** The expected pattern, written out by hand rather than taken from the function under test. */
const PATTERN = {
  source: ['aws.organizations'],
  'detail-type': ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
  account: ['111111111111'],
  detail: {
    eventSource: ['organizations.amazonaws.com'],
    eventName: [
      'CreateAccountResult',
      'InviteAccountToOrganization',
      'AcceptHandshake',
      'MoveAccount',
      'RemoveAccountFromOrganization',
      'CloseAccount',
      'AccountJoinedOrganization',
      'AccountDepartedOrganization',
    ],
    errorCode: [{ exists: false }],
  },
};

function synth(overrides: Parameters<typeof makeConfig>[0] = {}): Template {
  const config = makeConfig(overrides);
  // The plan carries the texts in the configured language, as compileOrganization renders them.
  const localized: OrganizationPlan = { ...plan, onboarding: livenessPlanParts(config.notify.locale).onboarding };
  return Template.fromStack(new CentralStack(newTestApp(), 'Central', { config, plan: localized }));
}

/** The Targets of the onboarding rule. */
function onboardingTargets(t: Template): {
  Arn: unknown;
  RoleArn?: unknown;
  InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
  DeadLetterConfig: unknown;
  RetryPolicy: unknown;
}[] {
  const targets = new Capture();
  t.hasResourceProperties('AWS::Events::Rule', { EventPattern: PATTERN, Targets: targets });
  return targets.asArray() as never;
}

describe('OnboardingRule in the CentralStack', () => {
  test("one rule on the receiver bus for the management account's lifecycle events, with all management events", () => {
    const t = synth({ watch: { readOnlyEvents: false } });
    t.resourceCountIs('AWS::Events::Rule', plan.central.length + 4); // + onboarding, tamper, heartbeat and sender delivery rules
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^ReceiverBus') },
      EventPattern: PATTERN,
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      Description: Match.stringLikeRegexp('management account 111111111111'),
    });
  });

  test('targets the e-mail topic with the lifecycle template, the e-mail DLQ and the alert retry policy, without RoleArn or alert log', () => {
    const list = onboardingTargets(synth());
    const email = onboardingEmailTemplate({ locale: 'en' });
    expect(list).toEqual([
      {
        Id: expect.any(String),
        Arn: { Ref: expect.stringMatching(/^EmailTopic/) },
        InputTransformer: { InputPathsMap: email.inputPathsMap, InputTemplate: email.inputTemplate },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^AlertRulesEmailDeadLetterQueue/), 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 185 },
      },
    ]);
  });

  test('adds the chat topic with the chat template and the chat DLQ when chat is configured, in the configured locale', () => {
    const list = onboardingTargets(synth({ notify: { chat: slack, locale: 'ja' } }));
    expect(list).toHaveLength(2);
    expect(list[0].InputTransformer.InputTemplate).toBe(onboardingEmailTemplate({ locale: 'ja' }).inputTemplate);
    expect(list[1]).toEqual({
      Id: expect.any(String),
      Arn: { Ref: expect.stringMatching(/^ChatTopic/) },
      InputTransformer: {
        InputPathsMap: onboardingChatTemplate({ locale: 'ja' }).inputPathsMap,
        InputTemplate: onboardingChatTemplate({ locale: 'ja' }).inputTemplate,
      },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^AlertRulesChatDeadLetterQueue/), 'Arn'] } },
      RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 185 },
    });
  });

  test('shares the alert DLQs and alarms instead of adding its own', () => {
    const t = synth({ notify: { chat: slack } });
    t.resourceCountIs('AWS::SQS::Queue', 4); // Email, Log, Chat, Heartbeat (the tamper rule shares them too)
    // 4 DLQs + FailedInvocations + InvocationsFailedToBeSentToDlq, the 4 liveness alarms of the plan, the storm alarm
    t.resourceCountIs('AWS::CloudWatch::Alarm', 11);
  });
});

describe('OnboardingRule', () => {
  function props(stack: ReturnType<typeof newTestStack>) {
    return {
      bus: new events.EventBus(stack, 'Bus'),
      plan: livenessPlanParts().onboarding,
      emailTopic: new sns.Topic(stack, 'Email'),
      emailDeadLetterQueue: new sqs.Queue(stack, 'EmailDlq'),
    };
  }

  test('rejects a chat topic without its DLQ, and a chat DLQ without a topic', () => {
    const stack = newTestStack();
    const p = props(stack);
    expect(() => new OnboardingRule(stack, 'A', { ...p, chatTopic: new sns.Topic(stack, 'Chat') })).toThrow(
      "'chatDeadLetterQueue' must be set when 'chatTopic' is set; got 'undefined'",
    );
    expect(() => new OnboardingRule(stack, 'B', { ...p, chatDeadLetterQueue: new sqs.Queue(stack, 'ChatDlq') })).toThrow(
      /'chatDeadLetterQueue' must only be set together with 'chatTopic'/,
    );
  });

  test('its plan rejects a malformed management account', () => {
    expect(() => planOnboarding({ managementAccount: 'mgmt', locale: 'en', regions: ['us-east-1'], centralRegion: 'us-east-1' })).toThrow(
      "'managementAccount' must be a 12-digit AWS account ID; got 'mgmt'",
    );
  });
});
