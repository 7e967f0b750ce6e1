import { Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MAX_OR_CONDITIONS, MAX_TEMPLATE_CONDITIONS, Sender, ShardRouting } from '@keywatch/member';
import { newTestApp, senderRule } from '../../helpers/synth';
import { evaluateIntrinsics, Json } from '../../helpers/cfn-intrinsics';
import { accountIds } from '../../helpers/scale-org';

const primary = { account: '222222222222', region: 'eu-west-1', busName: 'keywatch-receiver' };

describe('ShardRouting', () => {
  const ids = accountIds(1500, 5);
  const shards = [
    { busName: 'keywatch-receiver-shard1', accounts: ids.slice(0, 700) },
    { busName: 'keywatch-receiver-shard2', accounts: ids.slice(700, 701) },
    { busName: 'keywatch-receiver-shard3', accounts: ids.slice(701, 1200) },
  ];
  const stack = new Stack(newTestApp(), 'Member');
  new Sender(stack, 'Sender', { rules: [senderRule()], centralBus: primary, shards });
  const template = Template.fromStack(stack).toJSON() as {
    Conditions: Record<string, Json>;
    Resources: Record<string, { Type: string; Properties: Record<string, Json> }>;
  };
  const rule = Object.values(template.Resources).find((r) => r.Type === 'AWS::Events::Rule') as unknown as { Properties: { Targets: { Arn: Json }[] } };
  const role = Object.values(template.Resources).find((r) => r.Type === 'AWS::IAM::Role') as unknown as {
    Properties: { Policies: { PolicyDocument: { Statement: { Resource: Json }[] } }[] };
  };

  test('each listed account forwards to its shard bus, every other account to the primary bus (rule target and role policy)', () => {
    const arn = (bus: string) => `arn:aws:events:eu-west-1:222222222222:event-bus/${bus}`;
    const cases: [string, string][] = [
      ...shards.flatMap((s) => s.accounts.filter((_, i) => i % 37 === 0).map((id) => [id, s.busName] as [string, string])),
      ...ids.slice(1200, 1260).map((id) => [id, primary.busName] as [string, string]), // in no list: unknown to the plan
      ['111111111111', primary.busName],
    ];
    for (const [account, bus] of cases) {
      expect(evaluateIntrinsics(template, rule.Properties.Targets[0].Arn, account)).toBe(arn(bus));
      expect(evaluateIntrinsics(template, role.Properties.Policies[0].PolicyDocument.Statement[0].Resource, account)).toBe(arn(bus));
    }
  });

  test('uses plain intrinsics: Fn::Or of 2 to 10 operands, no transform', () => {
    const json = JSON.stringify(template);
    expect(json).not.toContain('Transform');
    expect(json).not.toContain('Fn::FindInMap');
    for (const c of Object.values(template.Conditions) as { 'Fn::Or'?: Json[] }[]) {
      if (c['Fn::Or']) {
        expect(c['Fn::Or'].length).toBeGreaterThanOrEqual(2);
        expect(c['Fn::Or'].length).toBeLessThanOrEqual(MAX_OR_CONDITIONS);
      }
    }
    expect(Object.keys(template.Conditions)).toEqual(expect.arrayContaining(['InShard1', 'InShard2', 'InShard3']));
  });

  test('declares at most 200 conditions for 5,000 accounts on 44 buses (inline Fn::Or operands are not declared)', () => {
    const many = accountIds(5000, 8);
    const buses = Array.from({ length: 44 }, (_, k) => ({ busName: `keywatch-receiver-shard${k + 1}`, accounts: many.filter((_, i) => i % 44 === k) }));
    const big = new Stack(newTestApp(), 'Big');
    new Sender(big, 'Sender', { rules: [senderRule()], centralBus: primary, shards: buses });
    const t = Template.fromStack(big).toJSON() as { Conditions: Record<string, Json> };
    expect(Object.keys(t.Conditions).length).toBeLessThanOrEqual(MAX_TEMPLATE_CONDITIONS);
    expect(Object.keys(t.Conditions).filter((c) => c.startsWith('InShard'))).toHaveLength(44);
    for (const id of many.filter((_, i) => i % 97 === 0)) {
      expect(evaluateIntrinsics(t, { 'Fn::If': [`InShard${(many.indexOf(id) % 44) + 1}`, 'yes', 'no'] }, id)).toBe('yes');
    }
  });

  test('refuses a routing that would need more than 200 declared conditions', () => {
    const many = Array.from({ length: 25_000 }, (_, i) => String(100_000_000_000 + i * 7));
    expect(
      () => new ShardRouting(new Stack(newTestApp(), 'Huge'), 'R', { primary, shards: [{ busName: 'keywatch-receiver-shard1', accounts: many }] }),
    ).toThrow(/'shards' need \d+ template conditions to route 25000 accounts but a template may declare 200/);
  });

  test('without shards the template has no conditions and targets the primary bus directly', () => {
    const plain = new Stack(newTestApp(), 'Plain');
    new Sender(plain, 'Sender', { rules: [senderRule()], centralBus: primary, shards: [] });
    const t = Template.fromStack(plain).toJSON();
    expect(t.Conditions).toBeUndefined();
    expect(JSON.stringify(t)).toContain(':events:eu-west-1:222222222222:event-bus/keywatch-receiver"');
  });

  test('rejects an account placed twice, a bus name not extending the primary one, an empty shard and a bad ID', () => {
    const s = () => new Stack(newTestApp(), 'S');
    expect(() => new ShardRouting(s(), 'R', { primary, shards: [{ busName: 'other', accounts: ['123456789012'] }] })).toThrow(
      /'shards' bus names must extend the primary bus name 'keywatch-receiver'; got 'other'/,
    );
    expect(
      () =>
        new ShardRouting(s(), 'R', {
          primary,
          shards: [
            { busName: 'keywatch-receiver-shard1', accounts: ['123456789012'] },
            { busName: 'keywatch-receiver-shard2', accounts: ['123456789012'] },
          ],
        }),
    ).toThrow(/'shards' must place each account once; got '123456789012' twice/);
    expect(() => new ShardRouting(s(), 'R', { primary, shards: [{ busName: 'keywatch-receiver-shard1', accounts: [] }] })).toThrow(/at least one account/);
    expect(() => new ShardRouting(s(), 'R', { primary, shards: [{ busName: 'keywatch-receiver-shard1', accounts: ['12'] }] })).toThrow(
      /'shards' accounts must be 12-digit account IDs; got '12'/,
    );
    // Deploy-time values are left to CloudFormation.
    const token = (value: string): string => Lazy.string({ produce: () => value });
    expect(() => new ShardRouting(s(), 'R', { primary, shards: [{ busName: token('other'), accounts: [token('12')] }] })).not.toThrow();
  });
});
