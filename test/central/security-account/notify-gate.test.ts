import { App, aws_sns as sns } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  alertLogTemplate,
  chatTemplate,
  emailTemplate,
  renderInputTransformer,
  notifyGateDefinition,
  notifyGateTemplate,
  notifySummaryDefinition,
} from '@keywatch/shared';
import { AlertKey, CentralStack, NotifyGate } from '@keywatch/central';
import { makeConfig } from '../../helpers/config';
import { buildOrganization, centralRule, newTestApp, newTestStack } from '../../helpers/synth';
import { plan } from '../../helpers/central-plan';
import { apiCallEvent } from '../../helpers/cloudtrail';

const shop = { id: '444444444444', name: 'shop-prod' };
const slack = { slack: { workspaceId: 'T0123ABCDEF', channelId: 'C0123ABCDEF' } };
type Overrides = Parameters<typeof makeConfig>[0];

function synth(overrides: Overrides = {}, central = [centralRule('Account444444444444', shop, ['shop-team@example.com']), centralRule('UnknownAccounts1')]) {
  const config = makeConfig(overrides);
  const stack = new CentralStack(newTestApp(), 'Central', { config, plan: plan(central, config) });
  return { stack, t: Template.fromStack(stack) };
}

/** The state machines' DefinitionString, with the CloudFormation Fn::Join resolved enough to compare: literal parts only. */
function definitionOf(t: Template, type: 'EXPRESS' | 'STANDARD'): { asl: string; substitutions: Record<string, unknown> } {
  const machines = t.findResources('AWS::StepFunctions::StateMachine', { Properties: { StateMachineType: type } });
  const [m] = Object.values(machines) as { Properties: { DefinitionString: unknown; DefinitionSubstitutions: Record<string, unknown> } }[];
  const def = m.Properties.DefinitionString;
  return { asl: typeof def === 'string' ? def : JSON.stringify(def), substitutions: m.Properties.DefinitionSubstitutions };
}

describe('NotifyGate in the central stack', () => {
  test('mode every: no state machine and no window table; the rules target the e-mail topic directly', () => {
    const { t } = synth({ notify: { mode: 'every' } });
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
    t.resourceCountIs('AWS::DynamoDB::Table', 0);
    t.hasResourceProperties('AWS::Events::Rule', { Targets: Match.arrayWith([Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^EmailTopic') } })]) });
  });

  test.each(['deduplicated', 'digest'] as const)('mode %s: the gate (EXPRESS) and the summary (STANDARD) deploy the shared ASL verbatim', (mode) => {
    const { t } = synth({ notify: { mode, windowMinutes: 30, chat: slack } });
    t.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    const options = { mode, windowMinutes: 30, locale: 'en' as const, chat: true, recipientAccounts: ['444444444444'] };
    const gate = definitionOf(t, 'EXPRESS');
    const summary = definitionOf(t, 'STANDARD');
    expect(gate.asl).toBe(JSON.stringify(notifyGateDefinition(options)));
    expect(summary.asl).toBe(JSON.stringify(notifySummaryDefinition(options)));
    expect(JSON.parse(gate.asl).QueryLanguage).toBe('JSONata');
    // every ${…} placeholder of the ASL has a substitution
    for (const { asl, substitutions } of [gate, summary]) {
      const names = [...asl.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]);
      expect(Object.keys(substitutions).sort()).toEqual([...new Set(names)].sort());
    }
    const topics = ['ChatTopicArn', 'EmailTopicArn', 'RecipientsTopic444444444444'];
    expect(Object.keys(summary.substitutions).sort()).toEqual([...topics, 'TableName']);
    // digest publishes nothing from the gate
    expect(Object.keys(gate.substitutions).sort()).toEqual(
      mode === 'digest' ? ['SummaryStateMachineArn', 'TableName'] : [...topics, 'SummaryStateMachineArn', 'TableName'],
    );
    expect(gate.substitutions.TableName).toEqual({ Ref: expect.stringMatching(/^AlertRulesNotifyGateWindows/) });
  });

  test('the window is windowMinutes long in the gate (epoch ms) and 60 minutes by default', () => {
    expect(definitionOf(synth({ notify: { windowMinutes: 30 } }).t, 'EXPRESS').asl).toContain('$at + 1800000');
    expect(definitionOf(synth().t, 'EXPRESS').asl).toContain('$at + 3600000');
  });

  test('digest sends nothing immediately: the gate has no Publish state; deduplicated publishes the alert in full', () => {
    const states = (mode: 'digest' | 'deduplicated') =>
      Object.values(JSON.parse(definitionOf(synth({ notify: { mode } }).t, 'EXPRESS').asl).States as Record<string, { Resource?: string }>).map(
        (s) => s.Resource,
      );
    expect(states('digest')).not.toContain('arn:aws:states:::sns:publish');
    expect(states('deduplicated')).toContain('arn:aws:states:::sns:publish');
  });

  test('each rule targets the gate (with a role, the Notify DLQ, the alert retry and the gate input) and the alert log', () => {
    const { t } = synth({ notify: { chat: slack } });
    const account = { ...shop, ouPath: 'Workloads/Prod', owner: 'owner@example.com' };
    const gateInput = notifyGateTemplate({ locale: 'en', account, chat: true, recipients: true });
    const targets = new Capture();
    t.hasResourceProperties('AWS::Events::Rule', { Name: Match.absent(), Description: 'keywatch alert Account444444444444', Targets: targets });
    expect(targets.asArray()).toEqual([
      {
        Arn: { Ref: expect.stringMatching(/^AlertRulesNotifyGateGateStateMachine[0-9A-F]{8}$/) },
        Id: expect.any(String),
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^AlertRulesNotifyGateEventsRole/), 'Arn'] },
        InputTransformer: { InputPathsMap: gateInput.inputPathsMap, InputTemplate: gateInput.inputTemplate },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^AlertRulesNotifyDeadLetterQueue/), 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 185 },
      },
      expect.objectContaining({
        Arn: 'arn:aws:logs:eu-west-1:222222222222:log-group:/keywatch/alerts',
        InputTransformer: { InputPathsMap: alertLogTemplate({ account }).inputPathsMap, InputTemplate: alertLogTemplate({ account }).inputTemplate },
      }),
    ]);
    // rendered by the local EventBridge engine: the gate input is JSON carrying the dedup key and exactly the e-mail and chat texts the
    // direct targets would deliver
    const event = apiCallEvent({ sourceIp: '198.51.100.7' });
    const ctx = { ruleName: 'R', ruleArn: 'arn:aws:events:eu-west-1:222222222222:rule/keywatch-receiver/R' };
    const input = JSON.parse(renderInputTransformer(gateInput, event, ctx));
    expect(input).toMatchObject({ gate: '444444444444|AKIAIOSFODNN7EXAMPLE|198.51.100.7', recipients: '444444444444', eventTime: '2026-11-20T08:15:30Z' });
    expect(input.email).toBe(renderInputTransformer(emailTemplate({ locale: 'en', account }), event, ctx));
    expect(input.chat).toEqual(JSON.parse(renderInputTransformer(chatTemplate({ locale: 'en', account }), event, ctx)));
  });

  test('the events role may only start the gate, and trusts EventBridge of this account', () => {
    const { t } = synth();
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } } })],
      },
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AlertRulesNotifyGateEventsRole') }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: Match.stringLikeRegexp('^AlertRulesNotifyGateGateStateMachine[0-9A-F]{8}$') } },
        ],
      },
    });
  });

  test('the window table: on demand, TTL on expiresAt, point-in-time recovery, encrypted with the alert key', () => {
    const { t } = synth();
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertKey'), 'Arn'] } },
    });
  });

  test('both state machines log every event (without execution data) and trace; the gate may publish, count and start the summary', () => {
    const { t } = synth({ notify: { chat: slack } });
    t.resourcePropertiesCountIs(
      'AWS::StepFunctions::StateMachine',
      { LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [Match.anyValue()] }, TracingConfiguration: { Enabled: true } },
      2,
    );
    const gatePolicy = Object.values(t.findResources('AWS::IAM::Policy')).find((p) =>
      JSON.stringify(p).includes('AlertRulesNotifyGateGateStateMachineRole'),
    ) as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } };
    const actions = gatePolicy.Properties.PolicyDocument.Statement.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem', 'states:StartExecution', 'sns:Publish', 'kms:Decrypt']),
    );
    expect(actions).not.toContain('dynamodb:Scan');
    const publish = gatePolicy.Properties.PolicyDocument.Statement.find((s) => s.Action === 'sns:Publish');
    expect(publish?.Resource).toHaveLength(3);
    expect(publish?.Resource).toEqual(
      expect.arrayContaining([
        { Ref: expect.stringMatching(/^EmailTopic/) },
        { Ref: expect.stringMatching(/^ChatTopic/) },
        { Ref: expect.stringMatching(/^AlertRulesRecipients444444444444/) },
      ]),
    );
  });

  test('failed or timed-out executions of either state machine alarm to the e-mail topic', () => {
    const { t } = synth();
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      t.resourcePropertiesCountIs(
        'AWS::CloudWatch::Alarm',
        {
          Namespace: 'AWS/States',
          MetricName: metric,
          Statistic: 'Sum',
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [{ Ref: Match.stringLikeRegexp('^EmailTopic') }],
        },
        2,
      );
    }
  });

  test.each([
    ['deduplicated', {}],
    ['digest with chat', { notify: { mode: 'digest', chat: slack } }],
    ['every', { notify: { mode: 'every' } }],
  ] as [string, Overrides][])('cdk-nag AwsSolutions: no unacknowledged finding (%s)', (_name, overrides) => {
    const built = buildOrganization(makeConfig(overrides));
    expect(new AwsSolutionsChecks().validateScope(built.app).violations).toEqual([]);
  });

  test('rejects mode every and a window outside 5 to 1440 minutes', () => {
    const stack = newTestStack(new App());
    const key = new AlertKey(stack, 'Key').key;
    const topic = new sns.Topic(stack, 'T');
    const base = { locale: 'en' as const, emailTopic: topic, key, alarmTopic: topic };
    expect(() => new NotifyGate(stack, 'A', { ...base, mode: 'every' as never })).toThrow(/'mode' must be 'deduplicated' or 'digest'/);
    expect(() => new NotifyGate(stack, 'B', { ...base, mode: 'digest', windowMinutes: 4 })).toThrow(
      /'windowMinutes' must be a whole number from 5 to 1440; got '4'/,
    );
    expect(() => new NotifyGate(stack, 'C', { ...base, mode: 'digest', windowMinutes: 1441 })).toThrow(/got '1441'/);
    expect(() => makeConfig({ notify: { windowMinutes: 4 } })).toThrow(/must be 5 to 1440 minutes/);
    expect(() => makeConfig({ notify: { mode: 'sometimes' as never } })).toThrow(/must be "every", "deduplicated" or "digest"/);
  });
});
