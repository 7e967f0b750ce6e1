import { Template } from 'aws-cdk-lib/assertions';
import { cloudTrailToEventBridge, matchesEventPattern } from '@keywatch/shared';
import { makeConfig, makeDirectory } from '../helpers/config';
import { buildOrganization, stackSetTemplate } from '../helpers/synth';

/**
 * With central.shards above 1, the shard buses are keywatch's receiver buses as much as the primary one: a call that
 * deletes one, changes its policy or a rule on it, or retargets a sender away from it, must be flagged by the member
 * tamper rule (StackSet template) and by the central tamper rule (on every bus) exactly as for the primary bus. Patterns
 * are read from the synthesized templates; events are CloudTrail records (shape of the EventBridge user guide's
 * "Logging Amazon EventBridge API calls using AWS CloudTrail" samples) put in their EventBridge envelope.
 */
const SECURITY = '222222222222';
const MEMBER = '333333333333';

function record(account: string, eventName: string, requestParameters: Record<string, unknown>) {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEROLEID0001:admin',
      arn: `arn:aws:sts::${account}:assumed-role/Admin/admin`,
      accountId: account,
      accessKeyId: 'ASIAEXAMPLEKEY0ROLE1',
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLEID0001', arn: `arn:aws:iam::${account}:role/Admin`, accountId: account, userName: 'Admin' },
      },
    },
    eventTime: '2026-12-03T18:00:00Z',
    eventSource: 'events.amazonaws.com',
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '192.0.2.10',
    userAgent: 'aws-cli/2.17.0',
    requestParameters,
    responseElements: null,
    requestID: 'f4e0c3b1-0000-4000-8000-000000000001',
    eventID: `e-${eventName}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
}

type Rule = { Properties: { Description?: string; EventPattern: object; EventBusName?: unknown } };
const tamperPatterns = (t: Template, description: RegExp): object[] =>
  Object.values(t.findResources('AWS::Events::Rule') as Record<string, Rule>)
    .filter((r) => description.test(r.Properties.Description ?? ''))
    .map((r) => r.Properties.EventPattern);

function patterns(shards: number) {
  const built = buildOrganization(makeConfig({ central: { shards } }), makeDirectory());
  const member = tamperPatterns(stackSetTemplate(built.stackSet.template), /^keywatch: forward changes to keywatch's rules/);
  const central = [built.central, ...built.shards].map((s) =>
    tamperPatterns(Template.fromStack(s), /^keywatch: tell the security team when keywatch's coverage/),
  );
  return { member, central };
}

const flagged = (ps: readonly object[], r: ReturnType<typeof record>) => ps.some((p) => matchesEventPattern(p, cloudTrailToEventBridge(r)));

describe('tamper patterns with central.shards 3', () => {
  const { member, central } = patterns(3);
  const arn = (bus: string) => `arn:aws:events:eu-west-1:${SECURITY}:event-bus/${bus}`;

  test('each of the three buses carries one tamper rule, and the member template one', () => {
    // one rule each at the default pattern quota, as with one bus (no extra rule, heartbeat or wildcard rule per bus)
    expect(central.map((c) => c.length)).toEqual([1, 1, 1]);
    expect(member.length).toBe(1);
  });

  test.each([
    ['DeleteEventBus of shard bus 2', record(SECURITY, 'DeleteEventBus', { name: 'keywatch-receiver-shard2' })],
    ['PutPermission on shard bus 1 by name', record(SECURITY, 'PutPermission', { eventBusName: 'keywatch-receiver-shard1', policy: '{}' })],
    [
      'RemovePermission on shard bus 1 by ARN',
      record(SECURITY, 'RemovePermission', { eventBusName: arn('keywatch-receiver-shard1'), removeAllPermissions: true }),
    ],
    [
      'DisableRule of an alert rule on shard bus 2',
      record(SECURITY, 'DisableRule', { name: 'AlertRulesAccount3333-1A2B3C4D', eventBusName: 'keywatch-receiver-shard2' }),
    ],
    ['DeleteEventBus of the primary bus', record(SECURITY, 'DeleteEventBus', { name: 'keywatch-receiver' })],
    // A sender retargeted: PutTargets/RemoveTargets name the sender rule, whichever bus it forwarded to.
    [
      'PutTargets retargeting a sender from its shard bus to another bus',
      record(MEMBER, 'PutTargets', { rule: 'keywatch-Sender1', targets: [{ id: 'Bus', arn: 'arn:aws:events:eu-west-1:444444444444:event-bus/elsewhere' }] }),
    ],
    ['RemoveTargets of a sender', record(MEMBER, 'RemoveTargets', { rule: 'keywatch-Sender1', ids: ['CentralBus'] })],
  ])('%s is flagged by the member tamper rule and by the tamper rule of every bus', (_, r) => {
    expect(flagged(member, r)).toBe(true);
    expect(central.map((ps) => flagged(ps, r))).toEqual([true, true, true]);
  });

  test.each([
    ['DeleteEventBus of a bus of another name', record(SECURITY, 'DeleteEventBus', { name: 'team-bus' })],
    ['RemovePermission on a bus of another name, by ARN', record(SECURITY, 'RemovePermission', { eventBusName: arn('team-bus'), removeAllPermissions: true })],
    ['PutRule of an unrelated rule on the default bus', record(MEMBER, 'PutRule', { name: 'team-rule', eventBusName: 'default' })],
  ])('%s is not tamper', (_, r) => {
    expect(flagged(member, r)).toBe(false);
    expect(central.map((ps) => flagged(ps, r))).toEqual([false, false, false]);
  });
});

test('with shards, a bus whose name merely starts with the receiver bus name is reported too (the price of fitting the pattern quota)', () => {
  const { member, central } = patterns(2);
  const r = record(SECURITY, 'DeleteEventBus', { name: 'keywatch-receiver-test' });
  expect(flagged(member, r)).toBe(true);
  expect(central.map((ps) => flagged(ps, r))).toEqual([true, true]);
});

describe('tamper patterns with one receiver bus', () => {
  test('name no shard bus: a bus called like a shard is just another bus', () => {
    const { member, central } = patterns(1);
    expect(JSON.stringify([member, central])).not.toContain('-shard');
    const r = record(SECURITY, 'DeleteEventBus', { name: 'keywatch-receiver-shard2' });
    expect(flagged(member, r)).toBe(false);
    expect(flagged(central[0], r)).toBe(false);
    expect(flagged(member, record(SECURITY, 'DeleteEventBus', { name: 'keywatch-receiver' }))).toBe(true);
  });
});
