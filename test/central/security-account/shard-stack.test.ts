import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HEARTBEAT_LOG_OTHER_FILTERS, shardOfAccount } from '@keywatch/shared';
import { shardHeartbeatLogGroupName, shardStackName, ShardStack } from '@keywatch/central';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { buildOrganization } from '../../helpers/synth';
import { accountIds } from '../../helpers/scale-org';

describe('ShardStack', () => {
  // GIVEN an organization of 40 accounts spread over 3 receiver buses, with a chat channel
  const ids = accountIds(40, 9);
  const config = makeConfig({
    central: { shards: 3 },
    notify: { chat: { slack: { workspaceId: 'T0123ABCDEF', channelId: 'C0123ABCDEF' } } },
  });
  const built = buildOrganization(config, makeDirectory([{ id: '111111111111', name: 'management' }, ...ids.map((id) => ({ id }))]));
  const shard = built.shards[0];
  const t = Template.fromStack(shard);
  const primary = Template.fromStack(built.central);
  const plan = built.plan.shards[1];

  test('is the stack keywatch-central-shard1 in the security account and region, with bus keywatch-receiver-shard1', () => {
    expect(built.shards.map((s) => s.stackName)).toEqual([shardStackName('keywatch-central', 1), 'keywatch-central-shard2']);
    expect(shard.account).toBe('222222222222');
    expect(shard.region).toBe('eu-west-1');
    t.hasResourceProperties('AWS::Events::EventBus', { Name: 'keywatch-receiver-shard1' });
  });

  test('its bus admits PutEvents only from keywatch forwarding roles of the organization, and archives everything', () => {
    t.hasResourceProperties('AWS::Events::EventBus', {
      Policy: {
        Statement: [
          Match.objectLike({
            Action: 'events:PutEvents',
            Condition: {
              StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorg1' },
              ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/keywatch/*' },
            },
          }),
        ],
      },
    });
    t.resourceCountIs('AWS::Events::Archive', 1);
  });

  test('holds exactly the alert rules of the accounts placed on it, plus heartbeat, tamper and sender delivery rules, no onboarding rule', () => {
    // The placement is checked independently: every account of every rule (an account's own, or one shared by the accounts
    // of a policy on this bus) hashes to shard 1.
    for (const rule of plan.rules) {
      expect(['account', 'group']).toContain(rule.kind);
      for (const id of rule.kind === 'group' ? rule.accounts!.map((a) => a.id) : [rule.account?.id as string]) expect(1 + shardOfAccount(id, 2)).toBe(1);
    }
    const rules = t.findResources('AWS::Events::Rule');
    const descriptions = Object.values(rules).map((r) => (r as { Properties: { Description: string } }).Properties.Description);
    for (const rule of plan.rules) expect(descriptions).toContain(rule.description);
    expect(Object.keys(rules)).toHaveLength(plan.rules.length + built.plan.tamper.rules.length + 2);
    expect(descriptions.some((d) => /account lifecycle|joined|onboard/i.test(d))).toBe(false);
    for (const r of Object.values(rules)) {
      expect(JSON.stringify((r as { Properties: { EventBusName: unknown } }).Properties.EventBusName)).toMatch(/^\{"Ref":"ReceiverBus[0-9A-F]{8}"\}$/);
    }
  });

  test("alert rules deliver to the primary stack's alert log and, through the shard's notify gate, its e-mail and chat topics, with the shard's own DLQs", () => {
    const rule = Object.values(t.findResources('AWS::Events::Rule')).find((r) =>
      plan.rules.some((p) => p.description === (r as { Properties: { Description: string } }).Properties.Description),
    ) as { Properties: { Targets: { Arn: unknown; DeadLetterConfig: { Arn: unknown } }[] } };
    const arns = JSON.stringify(rule.Properties.Targets.map((x) => x.Arn));
    // notify.mode deduplicated (the default): the alert log of keywatch-central and this shard's own notify gate, which
    // publishes to keywatch-central's e-mail and chat topics (outputs of that stack, read with Fn::GetStackOutput).
    expect(arns).toContain(':log-group:/keywatch/alerts');
    const machines = Object.keys(t.findResources('AWS::StepFunctions::StateMachine'));
    expect(machines.length).toBeGreaterThan(0);
    expect(rule.Properties.Targets.filter((x) => machines.some((m) => JSON.stringify(x.Arn).includes(`"${m}"`)))).toHaveLength(1);
    expect(JSON.stringify(t.findResources('AWS::StepFunctions::StateMachine')).match(/"StackName":"keywatch-central"/g)?.length).toBeGreaterThanOrEqual(2);
    for (const target of rule.Properties.Targets) expect(JSON.stringify(target.DeadLetterConfig.Arn)).not.toContain('keywatch-central');
  });

  test('has its own heartbeat log group, filters and alarms for its accounts; the primary resource policy covers it', () => {
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: shardHeartbeatLogGroupName(1) });
    t.resourceCountIs('AWS::Logs::ResourcePolicy', 0);
    t.resourceCountIs('AWS::Logs::MetricFilter', plan.heartbeat.filters.length + HEARTBEAT_LOG_OTHER_FILTERS); // + its sender delivery failure count
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => (a as { Properties: { AlarmName?: string } }).Properties.AlarmName ?? '',
    );
    for (const account of plan.accounts) expect(alarms).toContain(`keywatch-heartbeat-${account}-us-east-1`);
    const policies = JSON.stringify(primary.findResources('AWS::Logs::ResourcePolicy'));
    expect(policies).toContain(':log-group:/keywatch/heartbeats*:*');
  });

  test("the primary alert log admits the shard buses' rules", () => {
    const policies = JSON.stringify(primary.findResources('AWS::Logs::ResourcePolicy'));
    expect(policies).toContain('rule/keywatch-receiver/*');
    expect(policies).toContain('rule/keywatch-receiver-shard*/*');
  });

  test("the shard's notify gate and summary may use the primary stack's alert key: the key policy delegates to IAM in the account, and their role policies grant kms:GenerateDataKey* and kms:Decrypt on that key", () => {
    // SNS: a publisher to a topic with SSE needs kms:GenerateDataKey* and kms:Decrypt on the topic's key; a KMS key policy
    // statement for the account root (arn:aws:iam::<account>:root) lets IAM policies of that account grant use of the key.
    const keys = primary.findResources('AWS::KMS::Key');
    const [keyId] = Object.keys(keys);
    expect(Object.keys(keys)).toHaveLength(1);
    const keyPolicy = (keys[keyId].Properties.KeyPolicy as { Statement: { Principal?: { AWS?: unknown }; Action: unknown; Effect: string }[] }).Statement;
    expect(keyPolicy).toContainEqual(expect.objectContaining({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'kms:*' }));
    // The primary exports the key's ARN; the shard reads that output.
    const exported = Object.entries(primary.toJSON().Outputs as Record<string, { Value: unknown }>).filter(
      ([, o]) => JSON.stringify(o.Value) === JSON.stringify({ 'Fn::GetAtt': [keyId, 'Arn'] }),
    );
    expect(exported).toHaveLength(1);
    const keyRef = { 'Fn::GetStackOutput': { StackName: 'keywatch-central', Region: 'eu-west-1', OutputName: exported[0][0] } };
    const machines = Object.values(t.findResources('AWS::StepFunctions::StateMachine')).map(
      (m) => (m.Properties.RoleArn as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
    );
    expect(machines).toHaveLength(2); // the gate and the window summary
    const policies = Object.values(t.findResources('AWS::IAM::Policy'));
    for (const role of machines) {
      const statements = policies
        .filter((p) => JSON.stringify(p.Properties.Roles).includes(`"${role}"`))
        .flatMap((p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown; Effect: string }[] }).Statement);
      const onKey = statements
        .filter((st) => st.Effect === 'Allow' && JSON.stringify(st.Resource) === JSON.stringify(keyRef))
        .flatMap((st) => [st.Action].flat());
      expect({ role, onKey: onKey.filter((a) => a === 'kms:GenerateDataKey*' || a === 'kms:Decrypt').sort() }).toEqual({
        role,
        onKey: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      });
    }
  });

  test('is cdk-nag AwsSolutions clean', () => {
    expect(new AwsSolutionsChecks().validateScope(built.app).violations).toEqual([]);
  });

  test('refuses the primary shard', () => {
    expect(() => new ShardStack(built.app, 'Bad', { config, plan: built.plan, shard: built.plan.shards[0], primary: built.central.primaryTargets() })).toThrow(
      /'shard' must be a shard bus \(index 1 or more\); got index '0'/,
    );
  });
});
