import { cloudTrailToEventBridge, renderInputTransformer, tamperEmailTemplate } from '@keywatch/shared';
import { loadSimulationRules, notificationFor, Router, type SimulationRules } from '../../packages/cli/lib/simulate';
import { heartbeatEvent } from '../helpers/heartbeat';
import { buildExample } from '../helpers/synth';

/** An address of the example's allowed office network: administrators make most changes from there. */
const OFFICE = '192.0.2.10';

/** An assumed-role session as CloudTrail records it (shape of the AWS CloudTrail User Guide's userIdentity samples). */
function assumedRole(account: string, role: string, key = 'ASIAEXAMPLEKEY0ROLE1') {
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEROLEID0001:${role}-session`,
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${role}-session`,
    accountId: account,
    accessKeyId: key,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLEID0001', arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role },
      attributes: { creationDate: '2026-12-03T17:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

/**
 * A CloudTrail record of a management call, in the shape of the samples of the EventBridge ("Logging Amazon EventBridge
 * API calls using AWS CloudTrail": PutRule with requestParameters name/eventPattern/state), CloudTrail ("CloudTrail log
 * file examples": StopLogging with requestParameters.name the trail ARN), CloudFormation ("Logging AWS CloudFormation API
 * calls": requestParameters.stackName) and EventBridge Scheduler user guides.
 */
function record(o: {
  account: string;
  region: string;
  eventSource: string;
  eventName: string;
  requestParameters: Record<string, unknown>;
  userIdentity?: Record<string, unknown>;
  sourceIPAddress?: string;
  errorCode?: string;
  id: string;
}) {
  return {
    eventVersion: '1.09',
    userIdentity: o.userIdentity ?? assumedRole(o.account, 'Admin'),
    eventTime: '2026-12-03T18:00:00Z',
    eventSource: o.eventSource,
    eventName: o.eventName,
    awsRegion: o.region,
    sourceIPAddress: o.sourceIPAddress ?? OFFICE,
    userAgent: 'aws-cli/2.17.0 Python/3.11.6 Linux/6.1',
    ...(o.errorCode ? { errorCode: o.errorCode, errorMessage: 'denied by a service control policy' } : {}),
    requestParameters: o.requestParameters,
    responseElements: null,
    requestID: 'f4e0c3b1-0000-4000-8000-000000000001',
    eventID: o.id,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: o.account,
    eventCategory: 'Management',
  };
}

describe('coverage that cannot be switched off quietly: the example organization through the synthesized templates', () => {
  let rules: SimulationRules;
  let router: Router;
  let senderIds: string[];
  beforeAll(() => {
    const built = buildExample();
    senderIds = built.plan.sender.map((r) => r.id);
    rules = loadSimulationRules(built.app.synth().directory);
    router = new Router(rules);
  });

  const notifications = (r: ReturnType<typeof record>) => {
    const event = cloudTrailToEventBridge(r);
    const result = router.route(event);
    return result.alerts.flatMap((rule) => Array.from({ length: result.copies }, () => ({ rule, n: notificationFor(event, rule, rules.bus), event })));
  };

  describe('heartbeat', () => {
    test.each([
      ['a member account (StackSet)', '444444444444', 'eu-central-1'],
      ['the management account (its own stack)', '111111111111', 'us-east-1'],
      ['the security account', '222222222222', 'ap-northeast-1'],
    ])(
      "in %s every rule's heartbeat passes exactly that sender rule, then only the central heartbeat rule, whose one target is the heartbeat log",
      (_, account, region) => {
        const senders = router.sendersFor(account, region)!;
        for (const id of senderIds) {
          const event = heartbeatEvent(id, account, region);
          const passing = senders.filter((s) => s.matcher.matches(event)).map((s) => s.name);
          expect(passing).toEqual([`keywatch-${id}`]);
          const result = router.route(event);
          expect(result.copies).toBe(1);
          expect(result.alerts).toHaveLength(1);
          const [rule] = result.alerts;
          expect(rule.targets.map((t) => [t.kind, t.arn])).toEqual([['log', expect.stringMatching(/:log-group:\/keywatch\/heartbeats$/)]]);
          expect(rule.targets[0].inputTransformer).toBeUndefined(); // the whole event is logged, so the metric filter reads $.account and $.region
        }
      },
    );

    test('a region outside deployment.regions has no sender, so no heartbeat is forwarded (and no alarm expects one)', () => {
      expect(router.route(heartbeatEvent('Sender1', '444444444444', 'sa-east-1')).covered).toBe(false);
    });
  });

  describe('tamper calls → "coverage tampered" notification', () => {
    const cases: [string, Parameters<typeof record>[0]][] = [
      [
        'DeleteRule of a sender rule',
        {
          account: '444444444444',
          region: 'eu-central-1',
          eventSource: 'events.amazonaws.com',
          eventName: 'DeleteRule',
          requestParameters: { name: 'keywatch-Sender1', force: false },
          id: 't-1',
        },
      ],
      [
        'DisableRule of the tamper rule itself',
        {
          account: '555555555555',
          region: 'us-east-1',
          eventSource: 'events.amazonaws.com',
          eventName: 'DisableRule',
          requestParameters: { name: 'keywatch-Tamper' },
          id: 't-2',
        },
      ],
      [
        'PutRule narrowing a sender rule',
        {
          account: '444444444444',
          region: 'eu-west-1',
          eventSource: 'events.amazonaws.com',
          eventName: 'PutRule',
          requestParameters: { name: 'keywatch-Sender2', eventPattern: '{"source":["none"]}', state: 'ENABLED', description: '' },
          id: 't-3',
        },
      ],
      [
        'RemoveTargets of a sender rule',
        {
          account: '333333333333',
          region: 'ap-northeast-1',
          eventSource: 'events.amazonaws.com',
          eventName: 'RemoveTargets',
          requestParameters: { rule: 'keywatch-Sender1', ids: ['Target0'] },
          id: 't-4',
        },
      ],
      [
        'StopLogging of the account trail',
        {
          account: '444444444444',
          region: 'us-east-1',
          eventSource: 'cloudtrail.amazonaws.com',
          eventName: 'StopLogging',
          requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:444444444444:trail/management-events' },
          id: 't-5',
        },
      ],
      [
        'DeleteTrail',
        {
          account: '666666666666',
          region: 'eu-west-1',
          eventSource: 'cloudtrail.amazonaws.com',
          eventName: 'DeleteTrail',
          requestParameters: { name: 'management-events' },
          id: 't-6',
        },
      ],
      [
        'PutEventSelectors that drops management events',
        {
          account: '444444444444',
          region: 'eu-west-1',
          eventSource: 'cloudtrail.amazonaws.com',
          eventName: 'PutEventSelectors',
          requestParameters: { trailName: 'management-events', eventSelectors: [{ readWriteType: 'WriteOnly', includeManagementEvents: false }] },
          id: 't-7',
        },
      ],
      [
        'DeleteStack of a stack instance by a member administrator',
        {
          account: '444444444444',
          region: 'eu-central-1',
          eventSource: 'cloudformation.amazonaws.com',
          eventName: 'DeleteStack',
          requestParameters: { stackName: 'StackSet-keywatch-sender-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' },
          id: 't-8',
        },
      ],
      [
        'UpdateStack of a stack instance by stack ID, by an IAM user',
        {
          account: '444444444444',
          region: 'eu-central-1',
          eventSource: 'cloudformation.amazonaws.com',
          eventName: 'UpdateStack',
          userIdentity: {
            type: 'IAMUser',
            principalId: 'AIDAEXAMPLEUSER00001',
            arn: 'arn:aws:iam::444444444444:user/alice',
            accountId: '444444444444',
            accessKeyId: 'ASIAEXAMPLECONSOLE01',
            userName: 'alice',
            // A temporary key always comes with a session context (CloudTrail userIdentity element; console sample of
            // the CloudTrail log event reference).
            sessionContext: { sessionIssuer: {}, webIdFederationData: {}, attributes: { creationDate: '2026-12-03T17:30:00Z', mfaAuthenticated: 'true' } },
          },
          requestParameters: {
            stackName:
              'arn:aws:cloudformation:eu-central-1:444444444444:stack/StackSet-keywatch-sender-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/11112222-3333-4444-5555-666677778888',
            usePreviousTemplate: true,
          },
          id: 't-9',
        },
      ],
      [
        'DeleteSchedule of a heartbeat schedule',
        {
          account: '555555555555',
          region: 'eu-west-1',
          eventSource: 'scheduler.amazonaws.com',
          eventName: 'DeleteSchedule',
          requestParameters: { name: 'keywatch-heartbeat-Sender1', groupName: 'default' },
          id: 't-10',
        },
      ],
      [
        'PutPermission on the receiver bus (security account)',
        {
          account: '222222222222',
          region: 'eu-west-1',
          eventSource: 'events.amazonaws.com',
          eventName: 'PutPermission',
          requestParameters: { eventBusName: 'keywatch-receiver', policy: '{"Version":"2012-10-17","Statement":[]}' },
          id: 't-11',
        },
      ],
      [
        'DeleteEventBus of the receiver bus, refused by an SCP',
        {
          account: '222222222222',
          region: 'eu-west-1',
          eventSource: 'events.amazonaws.com',
          eventName: 'DeleteEventBus',
          requestParameters: { name: 'keywatch-receiver' },
          errorCode: 'AccessDenied',
          id: 't-12',
        },
      ],
      [
        'Unsubscribe of an e-mail subscription to a keywatch topic, signed by a security-account administrator (through its own sender)',
        {
          account: '222222222222',
          region: 'eu-west-1',
          eventSource: 'sns.amazonaws.com',
          eventName: 'Unsubscribe',
          requestParameters: {
            subscriptionArn: 'arn:aws:sns:eu-west-1:222222222222:keywatch-central-EmailTopicTopic5B2F2D2A-Q8F1ZX0LQ2NM:6b0e71bd-7e97-4d97-80ce-4a0994e55286',
          },
          id: 't-14',
        },
      ],
      [
        'DeleteRule in the management account',
        {
          account: '111111111111',
          region: 'us-east-1',
          eventSource: 'events.amazonaws.com',
          eventName: 'DeleteRule',
          requestParameters: { name: 'keywatch-Onboarding' },
          id: 't-13',
        },
      ],
    ];

    test.each(cases)('%s: one "coverage tampered" notification naming account, region, principal and call', (_, r) => {
      const got = notifications(record(r)).filter((g) => /^TamperRule/.test(g.rule.name));
      expect(got).toHaveLength(1);
      const [{ rule, n, event }] = got;
      expect(rule.targets.map((t) => t.kind)).toEqual(['email', 'log', 'chat']);
      const principal = (r.userIdentity?.arn as string | undefined) ?? `arn:aws:sts::${r.account}:assumed-role/Admin/Admin-session`;
      expect(n.message.split('\n').slice(0, 8)).toEqual([
        `"keywatch: COVERAGE TAMPERED. A call changed or switched off keywatch's detection in this account and region."`,
        `"Account: ${r.account}"`,
        `"Region: ${r.region}"`,
        `"Principal: ${principal} (${r.userIdentity?.type ?? 'AssumedRole'})"`,
        `"Role of the session: ${r.userIdentity ? '' : `arn:aws:iam::${r.account}:role/Admin`}"`,
        `"Access key: ${r.userIdentity?.accessKeyId ?? 'ASIAEXAMPLEKEY0ROLE1'}"`,
        `"Call: ${r.eventName} on ${r.eventSource}"`,
        // EventBridge writes an object inserted inside a string as escaped JSON text
        `"Request parameters: ${JSON.stringify(JSON.stringify(r.requestParameters)).slice(1, -1)}"`,
      ]);
      expect(n.message).toContain(`"Error code: ${r.errorCode ?? ''} (empty: the call succeeded)"`);
      // The alert log entry is one JSON object in the message string, marked as a tamper entry.
      const log = rule.targets.find((t) => t.kind === 'log')!;
      const entry = JSON.parse(renderInputTransformer(log.inputTransformer!, event, { ruleName: rule.name }));
      expect(JSON.parse(entry.message)).toMatchObject({
        kind: 'coverage-tampered',
        account: r.account,
        region: r.region,
        arn: principal,
        eventName: r.eventName,
      });
      // The chat message is valid JSON for AWS Chatbot, with the call in its title.
      const chat = rule.targets.find((t) => t.kind === 'chat')!;
      const message = JSON.parse(renderInputTransformer(chat.inputTransformer!, event, { ruleName: rule.name }));
      expect(message.content.title).toBe(`keywatch coverage tampered: ${r.eventName} ${r.account} ${r.region}`);
    });

    test('the Japanese e-mail names the same account, region, principal and call', () => {
      const r = record(cases[0][1]);
      const event = cloudTrailToEventBridge(r);
      const [{ rule }] = notifications(r).filter((g) => /^TamperRule/.test(g.rule.name));
      const ja = tamperEmailTemplate({ locale: 'ja' });
      const text = renderInputTransformer(ja, event, { ruleName: rule.name });
      expect(text.split('\n').slice(0, 3)).toEqual([
        '"【keywatch】監視の改ざんを検知しました。このアカウントとリージョンで keywatch の検知が変更または停止されました。"',
        '"アカウント: 444444444444"',
        '"リージョン: eu-central-1"',
      ]);
      expect(text).toContain('"実行者: arn:aws:sts::444444444444:assumed-role/Admin/Admin-session（AssumedRole）"');
      expect(text).toContain('"操作: DeleteRule / events.amazonaws.com"');
    });

    // The central rules re-check the key family: a call with a session context was signed with a temporary key, and its key
    // must then start with AKIA; so a tamper call forwarded from a role session or an IAM user's console session raises only
    // the tamper notice.
    test.each(cases)('%s raises no access-key alert (an administrator with a temporary key, from the office)', (_, r) => {
      expect(notifications(record(r)).map((g) => g.rule.name)).toEqual([expect.stringMatching(/^TamperRule/)]);
    });

    test.each([
      ['in another region', 'arn:aws:sns:us-east-1:222222222222:keywatch-central-EmailTopicTopic5B2F2D2A-Q8F1ZX0LQ2NM:6b0e71bd', 'us-east-1'],
      ['of another account', 'arn:aws:sns:eu-west-1:444444444444:team-topic:6b0e71bd', 'eu-west-1'],
    ])('an Unsubscribe from a topic %s is not tamper', (_, subscriptionArn, region) => {
      const r = record({
        account: '222222222222',
        region,
        eventSource: 'sns.amazonaws.com',
        eventName: 'Unsubscribe',
        requestParameters: { subscriptionArn },
        id: 'n-2',
      });
      expect(notifications(r)).toEqual([]);
    });

    test.each([
      [
        'the StackSet execution role updating its stack instance',
        { eventName: 'UpdateStack', who: assumedRole('444444444444', 'stacksets-exec-0123456789abcdef0123456789abcdef') },
      ],
      ['CloudFormation replacing a sender rule during a StackSet update', { eventName: 'PutRule', via: 'cloudformation.amazonaws.com' }],
      ['a change to some other rule', { eventName: 'DeleteRule', name: 'team-rule' }],
      ['a read of a trail', { eventName: 'GetTrailStatus' }],
    ] as const)('%s is not tamper', (_, c) => {
      const cfn = c.eventName === 'UpdateStack';
      const trail = c.eventName === 'GetTrailStatus';
      const r = record({
        account: '444444444444',
        region: 'eu-central-1',
        eventSource: cfn ? 'cloudformation.amazonaws.com' : trail ? 'cloudtrail.amazonaws.com' : 'events.amazonaws.com',
        eventName: c.eventName,
        userIdentity: 'who' in c ? c.who : undefined,
        sourceIPAddress: 'via' in c ? c.via : undefined,
        requestParameters: cfn
          ? { stackName: 'StackSet-keywatch-sender-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b' }
          : { name: 'name' in c ? c.name : 'keywatch-Sender1' },
        id: 'n-1',
      });
      expect(notifications(r)).toEqual([]);
    });

    test('a tamper call made with a watched AKIA key from an unlisted address is forwarded by both rules: two access-key alerts and two tamper notices (README, "Limits")', () => {
      const r = record({
        account: '444444444444',
        region: 'eu-central-1',
        eventSource: 'events.amazonaws.com',
        eventName: 'DeleteRule',
        requestParameters: { name: 'keywatch-Sender1' },
        userIdentity: {
          type: 'IAMUser',
          principalId: 'AIDA1',
          arn: 'arn:aws:iam::444444444444:user/x',
          accountId: '444444444444',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          userName: 'x',
        },
        sourceIPAddress: '198.51.100.77',
        id: 't-20',
      });
      const names = notifications(r).map((g) => g.rule.name);
      expect(names.filter((n) => /Tamper/.test(n))).toHaveLength(2);
      expect(names.filter((n) => /Account444444444444/.test(n))).toHaveLength(2);
    });

    test('a tamper call made with a watched long-term key from an allowed network also raises an access-key alert: the central rules do not re-check the organization-wide networks (README, "Limits")', () => {
      const r = record({
        account: '333333333333',
        region: 'eu-central-1',
        eventSource: 'events.amazonaws.com',
        eventName: 'DisableRule',
        requestParameters: { name: 'keywatch-Sender1' },
        userIdentity: {
          type: 'IAMUser',
          principalId: 'AIDA1',
          arn: 'arn:aws:iam::333333333333:user/x',
          accountId: '333333333333',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          userName: 'x',
        },
        id: 't-21',
      });
      // 333333333333 shares the default policy's rule (Accounts<policy>, #15 item 2)
      expect(notifications(r).map((g) => g.rule.name)).toEqual([expect.stringMatching(/^AlertRulesAccounts[0-9A-F]{8}/), expect.stringMatching(/^TamperRule/)]);
    });
  });
});
