import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { emailTemplate, chatTemplate, alertLogTemplate } from '@keywatch/shared';
import type { OrganizationPlan } from '@keywatch/shared';
import { CentralStack } from '@keywatch/central';
import { makeConfig } from '../../helpers/config';
import { centralRule, newTestApp } from '../../helpers/synth';
import { notifyPlanFor, plan as handPlan } from '../../helpers/central-plan';

const shop = { id: '444444444444', name: 'shop-prod' };
const plan = (central = [centralRule('Account444444444444', shop, ['shop-team@example.com']), centralRule('UnknownAccounts1')]): OrganizationPlan =>
  handPlan(central);
const slack = { slack: { workspaceId: 'T0123ABCDEF', channelId: 'C0123ABCDEF' } };

function synth(overrides: Parameters<typeof makeConfig>[0] = {}, p: OrganizationPlan = plan()): Template {
  const stack = new CentralStack(newTestApp(), 'Central', { config: makeConfig(overrides), plan: p });
  return Template.fromStack(stack);
}

describe('CentralStack', () => {
  test('is named keywatch-central in the central account and region', () => {
    const stack = new CentralStack(newTestApp(), 'Central', { config: makeConfig(), plan: plan() });
    expect(stack.stackName).toBe('keywatch-central');
    expect(stack.account).toBe('222222222222');
    expect(stack.region).toBe('eu-west-1');
  });

  test('the receiver bus allows PutEvents only to keywatch forwarding roles (role path /keywatch/) of the organization, in one statement', () => {
    synth().hasResourceProperties('AWS::Events::EventBus', {
      Name: 'keywatch-receiver',
      Policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowPutEventsFromKeywatchSenders',
            Effect: 'Allow',
            Principal: '*',
            Action: 'events:PutEvents',
            Resource: 'arn:aws:events:eu-west-1:222222222222:event-bus/keywatch-receiver',
            Condition: {
              StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' },
              ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/keywatch/*' },
            },
          },
        ],
      },
    });
  });

  test('creates no separate EventBusPolicy resources', () => {
    synth().resourceCountIs('AWS::Events::EventBusPolicy', 0);
  });

  test('archives everything the bus receives, for the configured retention (0 = forever)', () => {
    synth().hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: [{ prefix: '' }] },
      RetentionDays: 90,
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReceiverBus'), 'Arn'] },
    });
    synth({ central: { archiveRetentionDays: 0 } }).hasResourceProperties('AWS::Events::Archive', { RetentionDays: 0 });
  });

  test('one rule per central plan entry on the receiver bus, pattern and description verbatim', () => {
    const p = plan();
    const t = synth({}, p);
    t.resourceCountIs('AWS::Events::Rule', p.central.length + 4); // + the onboarding, tamper, heartbeat and sender delivery rules
    for (const r of p.central) {
      t.hasResourceProperties('AWS::Events::Rule', {
        EventBusName: { Ref: Match.stringLikeRegexp('^ReceiverBus') },
        EventPattern: r.pattern,
        Description: r.description,
        State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      });
    }
    const readOnlyOff = synth({ watch: { readOnlyEvents: false } }, p);
    for (const r of p.central) {
      readOnlyOff.hasResourceProperties('AWS::Events::Rule', { EventPattern: r.pattern, State: 'ENABLED' });
    }
  });

  test('each rule targets e-mail and the log with the shared templates, DLQ and retry, and no RoleArn (notify.mode every)', () => {
    const t = synth({ notify: { mode: 'every' } }, plan([centralRule('UnknownAccounts1')]));
    const email = emailTemplate({ locale: 'en' });
    const log = alertLogTemplate({});
    const target = (arn: unknown, tmpl: { inputPathsMap: Record<string, string>; inputTemplate: string }, dlq: string) => ({
      Arn: arn,
      Id: Match.anyValue(),
      RoleArn: Match.absent(),
      InputTransformer: { InputPathsMap: tmpl.inputPathsMap, InputTemplate: tmpl.inputTemplate },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^AlertRules${dlq}DeadLetterQueue`), 'Arn'] } },
      RetryPolicy: { MaximumEventAgeInSeconds: 7200, MaximumRetryAttempts: 185 },
    });
    t.hasResourceProperties('AWS::Events::Rule', {
      Targets: [
        target({ Ref: Match.stringLikeRegexp('^EmailTopic') }, email, 'Email'),
        target('arn:aws:logs:eu-west-1:222222222222:log-group:/keywatch/alerts', log, 'Log'),
      ],
    });
  });

  test('an account rule bakes the account into its templates and adds the chat and recipients targets (notify.mode every)', () => {
    const p = plan();
    const t = synth({ notify: { chat: slack, mode: 'every' } }, p);
    const account = p.central[0].account;
    const targets = new Capture();
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: p.central[0].pattern, Targets: targets });
    const list = targets.asArray() as { Arn: unknown; InputTransformer: { InputTemplate: string } }[];
    expect(list).toHaveLength(4);
    expect(list[0].InputTransformer.InputTemplate).toBe(emailTemplate({ locale: 'en', account }).inputTemplate);
    expect(list[2].InputTransformer.InputTemplate).toBe(chatTemplate({ locale: 'en', account }).inputTemplate);
    expect(list[3].InputTransformer.InputTemplate).toBe(emailTemplate({ locale: 'en', account }).inputTemplate);
    expect(list[3].Arn).toEqual({ Ref: expect.stringMatching(/^AlertRulesRecipients444444444444/) });
    // the fallback rule has no extra recipients: 3 targets
    const fallback = new Capture();
    t.hasResourceProperties('AWS::Events::Rule', { EventPattern: p.central[1].pattern, Targets: fallback });
    expect(fallback.asArray()).toHaveLength(3);
  });

  test('the per-account topic subscribes the extra recipients', () => {
    synth().hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'shop-team@example.com',
      TopicArn: { Ref: Match.stringLikeRegexp('^AlertRulesRecipients444444444444') },
    });
  });

  test('DLQs accept EventBridge messages only from rules of the receiver bus', () => {
    const t = synth();
    t.resourceCountIs('AWS::SQS::Queue', 4); // Email, Log, AccountRecipients, Heartbeat (no chat configured)
    t.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    t.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: {
              ArnLike: {
                'aws:SourceArn': [
                  {
                    'Fn::Join': [
                      '',
                      ['arn:', { Ref: 'AWS::Partition' }, ':events:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':rule/keywatch-receiver/*'],
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

  test('one owner holds the DLQs: every queue in the template is one of its queues, and each has a delivery alarm', () => {
    // GIVEN chat configured, so every construct of the stack that has targets takes queues from the owner
    const stack = new CentralStack(newTestApp(), 'Central', { config: makeConfig({ notify: { chat: slack } }), plan: plan() });
    const t = Template.fromStack(stack);
    // THEN
    const queues = Object.keys(t.findResources('AWS::SQS::Queue')).sort();
    const owned = Object.values(stack.deadLetterQueues.queues).map((q) => stack.resolve(q.queueArn)['Fn::GetAtt'][0]);
    expect(owned.sort()).toEqual(queues);
    expect(Object.keys(stack.deadLetterQueues.queues).sort()).toEqual(['AccountRecipients', 'Chat', 'Email', 'Heartbeat', 'Log']);
    for (const queue of queues) {
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
      });
    }
  });

  test('the topics are encrypted with one rotating CMK that EventBridge and CloudWatch may use without source conditions', () => {
    const t = synth();
    t.resourceCountIs('AWS::KMS::Key', 1);
    for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      t.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            { Sid: Match.anyValue(), Effect: 'Allow', Principal: { Service: service }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*' },
          ]),
        },
      });
    }
    t.allResourcesProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertKey'), 'Arn'] } });
  });

  test('topic policies enforce TLS and allow Publish to EventBridge and CloudWatch alarms of this account only', () => {
    synth().allResourcesProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  test('subscribes every notify.email address to the e-mail topic', () => {
    const t = synth({ notify: { email: ['a@example.com', 'b@example.com'] } });
    for (const e of ['a@example.com', 'b@example.com']) {
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: e, TopicArn: { Ref: Match.stringLikeRegexp('^EmailTopic') } });
    }
  });

  test('the alert log is retained except when its first create fails, has the configured retention and is encrypted with the alert CMK', () => {
    const t = synth({ central: { alertLogRetentionDays: 731 } });
    // RetainExceptOnCreate: a failed first create removes it (a re-deploy would otherwise fail on "already exists");
    // a named, retained group can be adopted again with `cdk deploy --import-existing-resources`, which needs this policy.
    t.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
      Properties: { LogGroupName: '/keywatch/alerts', RetentionInDays: 731, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertKey'), 'Arn'] } },
    });
  });

  test('the alert CMK lets CloudWatch Logs of this region use it only for the alert log (encryption context condition)', () => {
    const policy = new Capture();
    synth().hasResourceProperties('AWS::KMS::Key', { KeyPolicy: policy });
    const statements = (policy.asObject() as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual({
      Sid: 'AllowCloudWatchLogsToEncryptTheAlertLog',
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:222222222222:log-group:/keywatch/alerts' } },
    });
  });

  test('the alert CMK is removed when its first create fails, retained otherwise, and has the alias alias/keywatch/alerts', () => {
    const t = synth();
    t.hasResource('AWS::KMS::Key', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
    t.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/keywatch/alerts',
      TargetKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AlertKey'), 'Arn'] },
    });
  });

  test('the alert log resource policy lets only EventBridge rules of the receiver bus of this account write, without a Lambda', () => {
    const t = synth();
    const doc = new Capture();
    t.hasResourceProperties('AWS::Logs::ResourcePolicy', { PolicyDocument: doc });
    expect(JSON.parse(doc.asString())).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowEventBridgeToWriteAlerts',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: 'arn:aws:logs:eu-west-1:222222222222:log-group:/keywatch/alerts:*',
          // IfExists: EventBridge documents both keys for its deliveries and CloudWatch Logs supports them; should a
          // delivery ever arrive without them, alerts are still written rather than silently refused.
          Condition: {
            StringEqualsIfExists: { 'aws:SourceAccount': '222222222222' },
            ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:222222222222:rule/keywatch-receiver/*' },
          },
        },
      ],
    });
    expect(Object.keys(t.findResources('AWS::Lambda::Function'))).toEqual([]);
    expect(Object.keys(t.findResources('Custom::CloudwatchLogResourcePolicy'))).toEqual([]);
  });

  test('alarms on every DLQ and on failed invocations of the bus rules notify the e-mail topic, missing data not breaching (notify.mode every)', () => {
    const t = synth({ notify: { chat: slack, mode: 'every' } });
    // 5 DLQs (Email, Log, Chat, AccountRecipients, Heartbeat) + FailedInvocations + InvocationsFailedToBeSentToDlq, 4 liveness alarms, the storm alarm
    t.resourceCountIs('AWS::CloudWatch::Alarm', 12);
    t.resourcePropertiesCountIs(
      'AWS::CloudWatch::Alarm',
      {
        TreatMissingData: 'notBreaching',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^EmailTopic') }],
      },
      7,
    );
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Statistic: 'Maximum' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [
        Match.objectLike({
          Expression: `SELECT SUM(FailedInvocations) FROM SCHEMA("AWS/Events", EventBusName, RuleName) WHERE EventBusName = 'keywatch-receiver'`,
          Period: 300,
          ReturnData: true,
        }),
      ],
    });
  });

  test('the storm alarm counts access-key alerts in the alert log, not rule matches (nothing the bus holds besides them is counted)', () => {
    const t = synth();
    const storm = Object.values(t.findResources('AWS::CloudWatch::Alarm')).find((a) => /alert storm/.test(String(a.Properties.AlarmDescription)))!;
    expect(storm.Properties).toMatchObject({ Namespace: 'keywatch', MetricName: 'AccessKeyAlerts', Statistic: 'Sum' });
    expect(JSON.stringify(storm.Properties)).not.toContain('MatchedEvents');
    const filters = t.findResources('AWS::Logs::MetricFilter', { Properties: { FilterPattern: '{ $.kind NOT EXISTS }' } });
    const [id] = Object.keys(filters);
    expect(filters[id].Properties.LogGroupName).toBe('/keywatch/alerts');
    // created after the alert log group it filters
    const logGroup = Object.keys(t.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: '/keywatch/alerts' } }))[0];
    expect(filters[id].DependsOn).toContain(logGroup);
  });

  test('the alarm count does not grow with the number of rules', () => {
    const many = Array.from({ length: 40 }, (_, i) => centralRule(`Account${String(100000000000 + i)}`, { id: String(100000000000 + i), name: `a${i}` }));
    // Email, Log, Heartbeat DLQs + 2 invocation alarms + the 4 liveness alarms of the plan (2 accounts × 2 regions) + the storm alarm
    synth({ notify: { mode: 'every' } }, plan(many)).resourceCountIs('AWS::CloudWatch::Alarm', 10);
    // deduplicated (default, with plan.notify as compiled): one more DLQ (Notify; the onboarding, tamper and delivery rules still use the
    // Email DLQ) and 4 notify gate alarms (failed / timed out × gate / summary)
    const config = makeConfig();
    const stack = new CentralStack(newTestApp(), 'Central', { config, plan: { ...plan(many), notify: notifyPlanFor(many, config) } });
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 15);
  });

  test('a Slack channel gets a Chatbot configuration with a permission-less role and the AWSDenyAll guardrail', () => {
    // mode every: no notify gate, so the Chatbot role is the only role and no IAM::Policy exists at all
    const t = synth({ notify: { chat: slack, mode: 'every' } });
    t.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123ABCDEF',
      SlackChannelId: 'C0123ABCDEF',
      SnsTopicArns: [{ Ref: Match.stringLikeRegexp('^ChatTopic') }],
      GuardrailPolicies: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSDenyAll']] }],
      UserRoleRequired: false,
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: Match.absent(),
      ManagedPolicyArns: Match.absent(),
      Policies: Match.absent(),
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'chatbot.amazonaws.com' } })] },
    });
    t.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('a Teams channel gets a Teams configuration, the channel ID URL-encoded as Chatbot requires', () => {
    const teams = {
      teams: { tenantId: '11111111-2222-4333-8444-555555555555', teamId: '66666666-7777-4888-9999-000000000000', channelId: '19:abc@thread.tacv2' },
    };
    synth({ notify: { chat: teams } }).hasResourceProperties('AWS::Chatbot::MicrosoftTeamsChannelConfiguration', {
      TeamsTenantId: teams.teams.tenantId,
      TeamId: teams.teams.teamId,
      TeamsChannelId: '19%3Aabc%40thread.tacv2',
    });
  });

  test('without chat there is no chat topic and no Chatbot', () => {
    const t = synth();
    t.resourceCountIs('AWS::SNS::Topic', 2); // e-mail + shop-prod recipients
    t.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
  });

  test('rejects an empty or duplicated central plan', () => {
    expect(() => synth({}, plan([]))).toThrow("'rules' must contain at least one central rule; got '[]'");
    expect(() => synth({}, plan([centralRule('X'), centralRule('X')]))).toThrow("'rules' must have unique ids; got 'X' twice");
  });

  test('a sender delivery alarm forwarded from any member account and region is e-mailed as "delivery failing", naming account and region', () => {
    const t = synth({ notify: { chat: slack } });
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: Match.stringLikeRegexp('^ReceiverBus') },
      EventPattern: {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        detail: { alarmName: ['keywatch-sender-undelivered'], state: { value: ['ALARM'] } },
      },
      Targets: Match.arrayWith([
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('^EmailTopic') },
          InputTransformer: Match.objectLike({ InputPathsMap: Match.objectLike({ account: '$.account', region: '$.region' }) }),
          DeadLetterConfig: Match.anyValue(),
          RetryPolicy: Match.anyValue(),
        }),
      ]),
    });
  });

  test('sender delivery alarms are also written to the heartbeat log and counted per account × region for `keywatch audit --liveness`', () => {
    const t = synth();
    const logGroups = t.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: '/keywatch/heartbeats' } });
    const heartbeatLog = Object.keys(logGroups)[0];
    expect(heartbeatLog).toBeDefined();
    t.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { alarmName: ['keywatch-sender-undelivered'], state: { value: ['ALARM'] } } }),
      Targets: Match.arrayWith([
        Match.objectLike({ Arn: { 'Fn::Join': ['', [Match.stringLikeRegexp(':log-group:$'), { Ref: heartbeatLog }]] }, RoleArn: Match.absent() }),
      ]),
    });
    t.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: heartbeatLog },
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'keywatch', MetricName: 'SenderDeliveryFailures' })],
    });
  });
});
