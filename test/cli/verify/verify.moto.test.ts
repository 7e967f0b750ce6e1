import * as fs from 'node:fs';
import * as path from 'node:path';
import { CreateStackCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { PutRuleCommand, PutTargetsCommand, TestEventPatternCommand, type Target } from '@aws-sdk/client-eventbridge';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { KeywatchError } from '@keywatch/shared';
import { buildOrganization } from '../../helpers/synth';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { MOTO_ACCOUNT, motoAvailable, startMoto, type MotoServer } from '../../helpers/moto';
import type { AwsClients } from '../../../packages/cli/lib/aws/clients';
import { verifyDeployment } from '../../../packages/cli/lib/verify';
import { cfnName } from './fake-aws';

const run = motoAvailable() ? describe : describe.skip;
const REGION = 'eu-west-1';
const STACK = 'keywatch-central';

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

// moto 5.2.5 does not implement TestEventPattern (it answers without a Result), so the probes cannot be judged here;
// moto serves the read-back (ListRules with NamePrefix and paging, DescribeRule, ListTargetsByRule), CloudFormation
// ListStackResources, SNS subscriptions, SQS queue attributes and DescribeLogGroups. Its ListStackResources gives an
// AWS::Events::Archive (and EventBus) an empty PhysicalResourceId, where CloudFormation gives the archive's name, so
// verify cannot find the archive here and says so (one finding, asserted). The probes and the archive check are tested
// against the fake in verify.mock.test.ts.
run('verifyDeployment read-back against moto server (rules put with PutRule/PutTargets from the synthesized template)', () => {
  let moto: MotoServer;
  let cdkOut: string;
  let template: Template;
  const config = makeConfig({
    organization: { managementAccount: '111111111111' },
    central: { account: MOTO_ACCOUNT, region: REGION },
    watch: { excludeAccessKeys: ['AKIAEXAMPLEBACKUP001'] },
    // Direct targets: moto's PutTargets answers a state machine target (the notify gate of mode deduplicated) with an HTTP 500.
    notify: { mode: 'every' },
    allow: {
      networks: ['192.0.2.0/24', '2001:db8:1000::/48'],
      vpcEndpoints: ['vpce-0a1b2c3d4e5f67890'],
      organizationalUnits: [{ path: 'Workloads/Prod', mode: 'extend', networks: ['203.0.113.16/28'] }],
    },
    accounts: 'accounts.yml',
  });
  const directory = makeDirectory([
    { id: '111111111111', name: 'management' },
    { id: MOTO_ACCOUNT, name: 'security', organizationalUnit: 'Security' },
    { id: '444444444444', name: 'shop-prod', organizationalUnit: 'Workloads/Prod' },
  ]);
  const verify = (clients: AwsClients) => verifyDeployment(clients, { config, directory }, { cdkOut, skipProbes: true });

  beforeAll(async () => {
    moto = await startMoto();
    cdkOut = buildOrganization(config, directory).app.synth().directory;
    template = JSON.parse(fs.readFileSync(path.join(cdkOut, `${STACK}.template.json`), 'utf8')) as Template;
    await deployCentral(moto.clients(), template);
  });
  afterAll(async () => moto?.stop());

  test('moto answers TestEventPattern without a Result: verify says the semantics are unknown and names the unanswered rules', async () => {
    const out = await moto
      .clients()
      .eventBridge(REGION)
      .send(
        new TestEventPatternCommand({
          EventPattern: '{"source":["aws.sts"]}',
          Event: JSON.stringify({
            id: '1',
            account: MOTO_ACCOUNT,
            source: 'aws.sts',
            time: '2026-12-01T00:00:00Z',
            region: REGION,
            resources: [],
            'detail-type': 'x',
          }),
        }),
      );
    expect(out.Result).toBeUndefined();
    const report = await verifyDeployment(moto.clients(), { config, directory }, { cdkOut });
    expect(report.semantics.map((s) => s.verdict)).toEqual(['unknown']);
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'semantics-unknown' }));
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'probe-rejected', detail: expect.stringContaining('without a Result') }));
  });

  test('a deployment equal to cdk.out: no finding, every rule read back and matched, the API calls counted', async () => {
    // WHEN
    const clients = moto.clients();
    const report = await verify(clients);

    // THEN no drift and nothing else, except the archive moto lists without its name
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'archive-missing', detail: expect.stringContaining('is not among the deployed resources of keywatch-central') }),
    ]);
    const synthesizedRules = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Events::Rule').length;
    expect(report.rules).toHaveLength(synthesizedRules);
    expect(report.rules.every((r) => r.status === 'ok' && (r.name?.startsWith(`${STACK}-`) || r.name === 'keywatch-heartbeats'))).toBe(true);
    expect(report.resources.map((r) => `${r.kind} ${r.status}`).sort()).toEqual([
      'archive missing',
      'dead-letter-queue 0 messages',
      'dead-letter-queue 0 messages',
      'dead-letter-queue 0 messages', // the heartbeat log's
      'log-group exists',
      'log-group exists', // /keywatch/heartbeats
      'subscription confirmed',
    ]);
    expect(report.apiCalls).toBe(clients.counter.total);
    expect(report.apiCallsByOperation).toMatchObject({
      'STS.GetCallerIdentity': 1,
      'CloudFormation.ListStackResources': 1,
      'EventBridge.DescribeRule': synthesizedRules,
      'EventBridge.ListTargetsByRule': synthesizedRules,
      'SNS.ListSubscriptionsByTopic': 1,
      'SQS.GetQueueAttributes': 3, // + the heartbeat log's DLQ
    });
    // ListRules pages of at most 100: one page here
    expect(report.apiCallsByOperation['EventBridge.ListRules']).toBe(1);
  });

  test('a rule changed with PutRule and a message in a dead-letter queue are findings', async () => {
    // GIVEN one alert rule put again with another state and one matcher less, and an undeliverable event in a DLQ
    const clients = moto.clients();
    const [id, rule] = Object.entries(template.Resources).find(([k, r]) => r.Type === 'AWS::Events::Rule' && k.includes('Account444444444444'))!;
    const pattern = JSON.parse(JSON.stringify(rule.Properties!.EventPattern)) as { detail: { sourceIPAddress: unknown[] } };
    pattern.detail.sourceIPAddress.pop();
    const name = cfnName(STACK, id);
    await clients.eventBridge(REGION).send(
      new PutRuleCommand({
        Name: name,
        EventBusName: 'keywatch-receiver',
        EventPattern: JSON.stringify(pattern),
        State: 'ENABLED',
        Description: String(rule.Properties!.Description),
      }),
    );
    const physical = await stackResources(clients);
    const queueUrl = [...physical.entries()].find(([k, r]) => r.type === 'AWS::SQS::Queue' && k.includes('Email'))![1].physicalId;
    await clients.sqs(REGION).send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"undeliverable":true}' }));

    // WHEN
    const report = await verify(clients);

    // THEN
    expect(report.findings.map((f) => [f.kind, f.subject])).toEqual([
      ['pattern-drift', name],
      ['state-drift', name],
      ['dlq-not-empty', queueUrl.slice(queueUrl.lastIndexOf('/') + 1)],
      ['archive-missing', expect.stringContaining('Archive')],
    ]);
  });

  test('credentials of another account stop with one sentence', async () => {
    const other = makeConfig({ central: { account: '222222222222', region: REGION } });
    await expect(verifyDeployment(moto.clients(), { config: other }, { cdkOut, skipProbes: true })).rejects.toThrow(KeywatchError);
  });
});

/** Resources of the central stack by logical ID. */
async function stackResources(clients: AwsClients): Promise<Map<string, { type: string; physicalId: string }>> {
  const out = await clients.cloudFormation(REGION).send(new ListStackResourcesCommand({ StackName: STACK }));
  return new Map((out.StackResourceSummaries ?? []).map((r) => [r.LogicalResourceId!, { type: r.ResourceType!, physicalId: r.PhysicalResourceId! }]));
}

/**
 * "Deploys" the central stack into moto: a CloudFormation stack of the resources verify looks up (topics with their
 * e-mail subscriptions, queues, the bus, its archive (named: moto does not shorten generated names to the archive's 48 characters), the log group; moto's CloudFormation has no
 * AWS::SNS::Subscription, so the subscriptions go on the topics), then every rule with PutRule/PutTargets under
 * CloudFormation's kind of name, its targets resolved through the stack's resources.
 */
async function deployCentral(clients: AwsClients, template: Template): Promise<void> {
  const kept: Template = { Resources: {} };
  for (const [id, r] of Object.entries(template.Resources)) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::SNS::Topic') {
      const subscriptions = Object.values(template.Resources)
        .filter((s) => s.Type === 'AWS::SNS::Subscription' && (s.Properties?.TopicArn as { Ref?: string }).Ref === id)
        .map((s) => ({ Protocol: s.Properties!.Protocol, Endpoint: s.Properties!.Endpoint }));
      kept.Resources[id] = { Type: r.Type, Properties: { Subscription: subscriptions } };
    } else if (r.Type === 'AWS::SQS::Queue') kept.Resources[id] = { Type: r.Type, Properties: {} };
    else if (r.Type === 'AWS::Logs::LogGroup') kept.Resources[id] = { Type: r.Type, Properties: { LogGroupName: p.LogGroupName } };
    else if (r.Type === 'AWS::Events::EventBus') kept.Resources[id] = { Type: r.Type, Properties: { Name: p.Name } };
    else if (r.Type === 'AWS::Events::Archive')
      kept.Resources[id] = {
        Type: r.Type,
        Properties: { ArchiveName: 'keywatch-central-archive', SourceArn: p.SourceArn, EventPattern: JSON.stringify(p.EventPattern) },
      };
  }
  await clients.cloudFormation(REGION).send(new CreateStackCommand({ StackName: STACK, TemplateBody: JSON.stringify(kept) }));
  const physical = await stackResources(clients);
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === 'string') {
      const pseudo: Record<string, string> = {
        'AWS::Partition': 'aws',
        'AWS::Region': REGION,
        'AWS::AccountId': MOTO_ACCOUNT,
        'AWS::URLSuffix': 'amazonaws.com',
      };
      // moto lists the bus without a physical ID (CloudFormation's is its name)
      return pseudo[o.Ref] ?? (physical.get(o.Ref)?.physicalId || template.Resources[o.Ref]?.Properties?.Name);
    }
    if (Array.isArray(o['Fn::GetAtt'])) {
      const id = String((o['Fn::GetAtt'] as unknown[])[0]);
      const r = physical.get(id)!;
      if (r.type === 'AWS::SQS::Queue') return `arn:aws:sqs:${REGION}:${MOTO_ACCOUNT}:${r.physicalId.slice(r.physicalId.lastIndexOf('/') + 1)}`;
      if (r.type === 'AWS::Events::EventBus') return `arn:aws:events:${REGION}:${MOTO_ACCOUNT}:event-bus/${String(resolve({ Ref: id }))}`;
      return r.physicalId;
    }
    if (Array.isArray(o['Fn::Join'])) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return (resolve(parts) as unknown[]).join(sep);
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
  };
  const eb = clients.eventBridge(REGION);
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::Events::Rule') continue;
    const p = r.Properties!;
    const bus = String(resolve(p.EventBusName));
    const name = cfnName(STACK, id);
    await eb.send(
      new PutRuleCommand({
        Name: name,
        EventBusName: bus,
        EventPattern: JSON.stringify(p.EventPattern),
        State: p.State as 'ENABLED',
        Description: p.Description as string,
      }),
    );
    const targets = (p.Targets as unknown[]).map((t) => resolve(t) as Target);
    await eb.send(new PutTargetsCommand({ Rule: name, EventBusName: bus, Targets: targets }));
  }
}
