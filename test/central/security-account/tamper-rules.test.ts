import { Match, Template } from 'aws-cdk-lib/assertions';
import { aws_events as events, aws_sns as sns, aws_sqs as sqs } from 'aws-cdk-lib';
import { tamperCentralRules, tamperChatTemplate, tamperEmailTemplate, tamperLogTemplate } from '@keywatch/shared';
import { TamperRules } from '@keywatch/central';
import { newTestStack } from '../../helpers/synth';

function setup(chat: boolean) {
  const stack = newTestStack();
  const q = (id: string) => new sqs.Queue(stack, id);
  new TamperRules(stack, 'Tamper', {
    plan: {
      rules: tamperCentralRules({ busName: 'keywatch-receiver', stackSetName: 'keywatch-sender' }),
      email: tamperEmailTemplate({ locale: 'en' }),
      chat: tamperChatTemplate({ locale: 'en' }),
      log: tamperLogTemplate(),
    },
    bus: new events.EventBus(stack, 'Bus', { eventBusName: 'keywatch-receiver' }),
    emailTopic: new sns.Topic(stack, 'Email'),
    emailDeadLetterQueue: q('EmailDlq'),
    alertLogGroupName: '/keywatch/alerts',
    alertLogDeadLetterQueue: q('LogDlq'),
    chatTopic: chat ? new sns.Topic(stack, 'Chat') : undefined,
    chatDeadLetterQueue: chat ? q('ChatDlq') : undefined,
  });
  return Template.fromStack(stack);
}

describe('TamperRules', () => {
  test('one receiver bus rule with the tamper pattern sends the "coverage tampered" e-mail, log entry and chat message', () => {
    const t = setup(true);
    const [rule] = tamperCentralRules({ busName: 'keywatch-receiver', stackSetName: 'keywatch-sender' });
    const spec = (s: { inputPathsMap: Record<string, string>; inputTemplate: string }) => ({ InputPathsMap: s.inputPathsMap, InputTemplate: s.inputTemplate });
    t.resourceCountIs('AWS::Events::Rule', 1);
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^Bus') },
      EventPattern: rule.pattern,
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      Targets: [
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('^Email') },
          InputTransformer: spec(tamperEmailTemplate({ locale: 'en' })),
          RoleArn: Match.absent(),
        }),
        Match.objectLike({
          Arn: 'arn:aws:logs:us-east-1:111111111111:log-group:/keywatch/alerts',
          InputTransformer: spec(tamperLogTemplate()),
        }),
        Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^Chat') }, InputTransformer: spec(tamperChatTemplate({ locale: 'en' })) }),
      ],
    });
  });

  test('without chat: two targets, each with its DLQ', () => {
    const t = setup(false);
    t.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        Match.objectLike({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EmailDlq'), 'Arn'] } } }),
        Match.objectLike({ DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogDlq'), 'Arn'] } } }),
      ],
    });
  });

  test('below the default pattern quota the tamper conditions are split over several rules, each with every target', () => {
    const rules = tamperCentralRules({ busName: 'keywatch-receiver', stackSetName: 'keywatch-sender' }, 700);
    expect(rules.map((r) => r.id)).toEqual(rules.map((_, i) => `Tamper${i + 1}`));
    expect(rules.length).toBeGreaterThan(1);
    for (const r of rules) expect(r.patternChars).toBeLessThanOrEqual(700);
  });

  test('a chat topic without its DLQ (or the reverse) throws naming both props', () => {
    const stack = newTestStack();
    const base = {
      plan: {
        rules: tamperCentralRules({ busName: 'b', stackSetName: 'keywatch-sender' }),
        email: tamperEmailTemplate({ locale: 'en' }),
        chat: tamperChatTemplate({ locale: 'en' }),
        log: tamperLogTemplate(),
      },
      bus: new events.EventBus(stack, 'Bus', { eventBusName: 'b' }),
      emailTopic: new sns.Topic(stack, 'Email'),
      emailDeadLetterQueue: new sqs.Queue(stack, 'E'),
      alertLogGroupName: '/keywatch/alerts',
      alertLogDeadLetterQueue: new sqs.Queue(stack, 'L'),
    };
    expect(() => new TamperRules(stack, 'T1', { ...base, chatTopic: new sns.Topic(stack, 'C') })).toThrow(
      /'chatDeadLetterQueue' must be set when 'chatTopic' is set/,
    );
    expect(() => new TamperRules(stack, 'T2', { ...base, chatDeadLetterQueue: new sqs.Queue(stack, 'CQ') })).toThrow(
      /'chatDeadLetterQueue' must only be set together with 'chatTopic'/,
    );
  });
});
