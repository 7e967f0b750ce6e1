import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MAX_OR_CONDITIONS, Sender, ShardRouting } from '@keywatch/member';
import { newTestApp, senderRule } from '../../helpers/synth';
const { accountIds } = require('../../../scripts/bench/scale-org') as { accountIds: (n: number, seed?: number) => string[] };

const primary = { account: '222222222222', region: 'eu-west-1', busName: 'keywatch-receiver' };

type Json = unknown;

/**
 * An independent evaluator of the CloudFormation intrinsics the routing uses (Fn::Equals, Fn::Or, Condition, Fn::If,
 * Fn::Join, Ref of AWS::AccountId and AWS::Partition), as CloudFormation documents them, for one account.
 */
function evaluate(template: { Conditions?: Record<string, Json> }, value: Json, accountId: string): Json {
  const conditions = template.Conditions ?? {};
  const cond = (name: string): boolean => evaluate(template, conditions[name], accountId) as boolean;
  if (Array.isArray(value)) return value.map((v) => evaluate(template, v, accountId));
  if (typeof value !== 'object' || value === null) return value;
  const [key, arg] = Object.entries(value)[0] as [string, Json[] & string];
  switch (key) {
    case 'Ref':
      return arg === 'AWS::AccountId' ? accountId : arg === 'AWS::Partition' ? 'aws' : `<${arg}>`;
    case 'Condition':
      return cond(arg);
    case 'Fn::Equals':
      return evaluate(template, arg[0], accountId) === evaluate(template, arg[1], accountId);
    case 'Fn::Or':
      if (arg.length < 2 || arg.length > 10) throw new Error(`Fn::Or takes 2 to 10 conditions; got ${arg.length}`);
      return arg.some((c) => evaluate(template, c, accountId) === true);
    case 'Fn::If':
      return cond(arg[0] as string) ? evaluate(template, arg[1], accountId) : evaluate(template, arg[2], accountId);
    case 'Fn::Join':
      return (evaluate(template, arg[1], accountId) as string[]).join(arg[0] as string);
    default:
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(template, v, accountId)]));
  }
}

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
  const rule = Object.values(template.Resources).find((r) => r.Type === 'AWS::Events::Rule') as { Properties: { Targets: { Arn: Json }[] } };
  const role = Object.values(template.Resources).find((r) => r.Type === 'AWS::IAM::Role') as {
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
      expect(evaluate(template, rule.Properties.Targets[0].Arn, account)).toBe(arn(bus));
      expect(evaluate(template, role.Properties.Policies[0].PolicyDocument.Statement[0].Resource, account)).toBe(arn(bus));
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
  });
});
