import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, ListStackResourcesCommand, type StackResourceSummary } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeArchiveCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  TestEventPatternCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { ListSubscriptionsByTopicCommand, SNSClient, type Subscription } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { matchesEventPattern, type IpSemantics } from '@keywatch/shared';

/**
 * A fake AWS account (or several regions of one) "deployed" from a cloud assembly, independently of verify's own
 * template reading: this file reads manifest.json and the templates itself and resolves the intrinsics a deployment
 * would (Ref, Fn::GetAtt, Fn::Join, pseudo parameters), naming rules the way CloudFormation does
 * (<stack>-<logical id>-<suffix>, at most 64 characters).
 */

/** A deployed rule of the fake. */
export interface FakeRule {
  name: string;
  description?: string;
  eventPattern: string;
  state: string;
  targets: Target[];
  /** The template logical ID it was deployed from. */
  logicalId: string;
}

/** One region of the fake account. */
export interface FakeRegion {
  stacks: Map<string, StackResourceSummary[]>;
  /** bus name → rule name → rule. */
  buses: Map<string, Map<string, FakeRule>>;
  subscriptions: Map<string, Subscription[]>;
  queues: Map<string, { visible: number; inFlight: number }>;
  archives: Map<string, string>;
  /** Archive name → its EventPattern as DescribeArchive returns it (JSON text). */
  archivePatterns: Map<string, string>;
  logGroups: Set<string>;
}

/** The fake account: regions by name. */
export interface FakeAccount {
  account: string;
  regions: Map<string, FakeRegion>;
}

interface Manifest {
  artifacts: Record<string, { type: string; environment?: string; properties?: { templateFile?: string; stackName?: string } }>;
}

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

/** The stacks of an assembly: name, account, region, template. */
export function assemblyStacks(cdkOut: string): { stackName: string; account: string; region: string; template: Template }[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(cdkOut, 'manifest.json'), 'utf8')) as Manifest;
  return Object.entries(manifest.artifacts)
    .filter(([, a]) => a.type === 'aws:cloudformation:stack')
    .map(([id, a]) => {
      const [, account, region] = /^aws:\/\/(\d{12})\/(.+)$/.exec(a.environment ?? '') ?? [];
      return {
        stackName: a.properties?.stackName ?? id,
        account,
        region,
        template: JSON.parse(fs.readFileSync(path.join(cdkOut, a.properties!.templateFile!), 'utf8')) as Template,
      };
    });
}

function suffix(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12).toUpperCase();
}

/** CloudFormation's generated physical name: "<stack>-<logical id>-<suffix>", the middle part cut so the whole fits `max`. */
export function cfnName(stackName: string, logicalId: string, max = 64): string {
  const tail = `-${suffix(stackName + logicalId)}`;
  return `${`${stackName}-${logicalId}`.slice(0, max - tail.length)}${tail}`;
}

function emptyRegion(): FakeRegion {
  return {
    stacks: new Map(),
    buses: new Map([['default', new Map()]]),
    subscriptions: new Map(),
    queues: new Map(),
    archives: new Map(),
    archivePatterns: new Map(),
    logGroups: new Set(),
  };
}

/** Deploys the stacks of `cdkOut` whose names pass `which` into a fake account (default: every stack of `account`). */
export function deployFake(cdkOut: string, account: string, which: (stackName: string) => boolean = () => true): FakeAccount {
  const fake: FakeAccount = { account, regions: new Map() };
  for (const stack of assemblyStacks(cdkOut)) {
    if (stack.account !== account || !which(stack.stackName)) continue;
    const region = fake.regions.get(stack.region) ?? emptyRegion();
    fake.regions.set(stack.region, region);
    deployStack(region, stack.stackName, account, stack.region, stack.template);
  }
  return fake;
}

function deployStack(region: FakeRegion, stackName: string, account: string, regionName: string, template: Template): void {
  const physical = new Map<string, string>();
  const types = new Map(Object.entries(template.Resources).map(([id, r]) => [id, r.Type]));
  const arnOf = (id: string): string => {
    const p = physical.get(id)!;
    switch (types.get(id)) {
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${regionName}:${account}:${p.slice(p.lastIndexOf('/') + 1)}`;
      case 'AWS::Events::EventBus':
        return `arn:aws:events:${regionName}:${account}:event-bus/${p}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${account}:role/${p}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${regionName}:${account}:log-group:${p}:*`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${regionName}:${account}:key/${p}`;
      default:
        return p;
    }
  };
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (typeof o.Ref === 'string') {
      const pseudo: Record<string, string> = {
        'AWS::Partition': 'aws',
        'AWS::Region': regionName,
        'AWS::AccountId': account,
        'AWS::URLSuffix': 'amazonaws.com',
      };
      return pseudo[o.Ref] ?? physical.get(o.Ref) ?? `<unresolved ${o.Ref}>`;
    }
    if (Array.isArray(o['Fn::GetAtt'])) return arnOf(String((o['Fn::GetAtt'] as unknown[])[0]));
    if (Array.isArray(o['Fn::Join'])) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return (resolve(parts) as unknown[]).join(sep);
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
  };
  // physical IDs first (what Ref returns)
  for (const [id, r] of Object.entries(template.Resources)) {
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::SNS::Topic':
        physical.set(id, `arn:aws:sns:${regionName}:${account}:${cfnName(stackName, id, 256)}`);
        break;
      case 'AWS::SQS::Queue':
        physical.set(id, `https://sqs.${regionName}.amazonaws.com/${account}/${cfnName(stackName, id, 80)}`);
        break;
      case 'AWS::Events::EventBus':
        physical.set(id, String(p.Name));
        break;
      case 'AWS::Logs::LogGroup':
        physical.set(id, String(p.LogGroupName ?? cfnName(stackName, id, 512)));
        break;
      case 'AWS::Events::Archive':
        physical.set(id, typeof p.ArchiveName === 'string' ? p.ArchiveName : cfnName(stackName, id, 48));
        break;
      case 'AWS::Events::Rule':
        physical.set(id, typeof p.Name === 'string' ? p.Name : cfnName(stackName, id));
        break;
      default:
        physical.set(id, cfnName(stackName, id, 64));
    }
  }
  region.stacks.set(
    stackName,
    Object.entries(template.Resources).map(([id, r]) => ({
      LogicalResourceId: id,
      PhysicalResourceId: physical.get(id),
      ResourceType: r.Type,
      ResourceStatus: 'CREATE_COMPLETE',
      LastUpdatedTimestamp: new Date('2026-12-01T00:00:00Z'),
    })),
  );
  for (const [id, r] of Object.entries(template.Resources)) {
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::Events::EventBus':
        if (!region.buses.has(physical.get(id)!)) region.buses.set(physical.get(id)!, new Map());
        break;
      case 'AWS::SNS::Subscription': {
        const topic = String(resolve(p.TopicArn));
        const subs = region.subscriptions.get(topic) ?? [];
        subs.push({
          SubscriptionArn: `${topic}:${suffix(String(p.Endpoint)).toLowerCase()}`,
          Protocol: String(p.Protocol),
          Endpoint: String(p.Endpoint),
          TopicArn: topic,
          Owner: account,
        });
        region.subscriptions.set(topic, subs);
        break;
      }
      case 'AWS::SQS::Queue':
        region.queues.set(physical.get(id)!, { visible: 0, inFlight: 0 });
        break;
      case 'AWS::Events::Archive':
        region.archives.set(physical.get(id)!, 'ENABLED');
        region.archivePatterns.set(physical.get(id)!, JSON.stringify(r.Properties?.EventPattern));
        break;
      case 'AWS::Logs::LogGroup':
        region.logGroups.add(physical.get(id)!);
        break;
      default:
        break;
    }
  }
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::Events::Rule') continue;
    const p = r.Properties ?? {};
    const bus = p.EventBusName === undefined ? 'default' : String(resolve(p.EventBusName));
    const busName = bus.includes(':event-bus/') ? bus.slice(bus.lastIndexOf('/') + 1) : bus;
    const targets = ((p.Targets ?? []) as unknown[]).map((t) => resolve(t) as Target);
    const rules = region.buses.get(busName) ?? new Map<string, FakeRule>();
    region.buses.set(busName, rules);
    const name = physical.get(id)!;
    rules.set(name, {
      name,
      logicalId: id,
      ...(typeof p.Description === 'string' ? { description: p.Description } : {}),
      // the service keeps the pattern text CloudFormation sent; keys in another order than the template's on purpose
      eventPattern: JSON.stringify(reverseKeys(p.EventPattern)),
      state: typeof p.State === 'string' ? p.State : 'ENABLED',
      targets,
    });
  }
}

function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .reverse()
      .map(([k, x]) => [k, reverseKeys(x)]),
  );
}

/** Every rule of the fake, with its region and bus. */
export function fakeRules(fake: FakeAccount): { region: string; bus: string; rule: FakeRule }[] {
  return [...fake.regions].flatMap(([region, r]) => [...r.buses].flatMap(([bus, rules]) => [...rules.values()].map((rule) => ({ region, bus, rule }))));
}

/** How the fake EventBridge answers TestEventPattern. */
export interface FakeBehaviour {
  /** The IP semantics of TestEventPattern; 'unknown' answers true to every IP probe that is not a control. @default 'event-ruler' */
  semantics?: IpSemantics | 'weird';
  /** Page size of ListRules and ListTargetsByRule (small, so paging is exercised). @default 3 */
  pageSize?: number;
}

/** The installed mocks (restore them after the suite). */
export interface FakeMocks {
  readonly restore: () => void;
  readonly reset: () => void;
  /** TestEventPattern calls answered. */
  testCalls: () => number;
}

class ServiceError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * Points aws-sdk-client-mock's EventBridge, CloudFormation, SNS, SQS, CloudWatch Logs and STS at `fake()` (read on every
 * call, so a test may change the fake between runs). TestEventPattern answers with the local engine in the chosen IP
 * semantics.
 */
export function installFake(fake: () => FakeAccount, behaviour: () => FakeBehaviour = () => ({})): FakeMocks {
  const eb = mockClient(EventBridgeClient);
  const cfn = mockClient(CloudFormationClient);
  const sns = mockClient(SNSClient);
  const sqs = mockClient(SQSClient);
  const logs = mockClient(CloudWatchLogsClient);
  const sts = mockClient(STSClient);
  let tests = 0;
  const regionOf = async (getClient: () => { config: { region: unknown } }): Promise<FakeRegion> => {
    const r = getClient().config.region;
    const name = typeof r === 'function' ? await (r as () => Promise<string>)() : String(r);
    return fake().regions.get(name) ?? emptyRegion();
  };
  const page = <T>(items: T[], token: string | undefined, size: number): { items: T[]; next?: string } => {
    const start = token ? Number(token) : 0;
    const next = start + size < items.length ? String(start + size) : undefined;
    return { items: items.slice(start, start + size), ...(next ? { next } : {}) };
  };
  const install = () => {
    sts.on(GetCallerIdentityCommand).callsFake(() => ({ Account: fake().account, Arn: `arn:aws:iam::${fake().account}:user/x`, UserId: 'x' }));
    cfn.on(ListStackResourcesCommand).callsFake(async (input: { StackName: string; NextToken?: string }, getClient) => {
      const stack = (await regionOf(getClient as never)).stacks.get(input.StackName);
      if (!stack) throw new ServiceError('ValidationError', `Stack with id ${input.StackName} does not exist`);
      const p = page(stack, input.NextToken, 50);
      return { StackResourceSummaries: p.items, NextToken: p.next };
    });
    eb.on(ListRulesCommand).callsFake(async (input: { EventBusName?: string; NamePrefix?: string; NextToken?: string; Limit?: number }, getClient) => {
      const bus = (await regionOf(getClient as never)).buses.get(input.EventBusName ?? 'default');
      if (!bus) throw new ServiceError('ResourceNotFoundException', `Event bus ${input.EventBusName} does not exist.`);
      const all = [...bus.values()].filter((r) => r.name.startsWith(input.NamePrefix ?? '')).sort((a, b) => a.name.localeCompare(b.name));
      const p = page(all, input.NextToken, behaviour().pageSize ?? 3);
      return {
        Rules: p.items.map((r) => ({
          Name: r.name,
          Description: r.description,
          EventPattern: r.eventPattern,
          State: r.state,
          EventBusName: input.EventBusName,
        })),
        NextToken: p.next,
      };
    });
    eb.on(DescribeRuleCommand).callsFake(async (input: { Name: string; EventBusName?: string }, getClient) => {
      const r = (await regionOf(getClient as never)).buses.get(input.EventBusName ?? 'default')?.get(input.Name);
      if (!r) throw new ServiceError('ResourceNotFoundException', `Rule ${input.Name} does not exist.`);
      return { Name: r.name, Description: r.description, EventPattern: r.eventPattern, State: r.state, EventBusName: input.EventBusName };
    });
    eb.on(ListTargetsByRuleCommand).callsFake(async (input: { Rule: string; EventBusName?: string; NextToken?: string }, getClient) => {
      const r = (await regionOf(getClient as never)).buses.get(input.EventBusName ?? 'default')?.get(input.Rule);
      if (!r) throw new ServiceError('ResourceNotFoundException', `Rule ${input.Rule} does not exist.`);
      const p = page(r.targets, input.NextToken, Math.max(1, (behaviour().pageSize ?? 3) - 1));
      return { Targets: p.items, NextToken: p.next };
    });
    eb.on(TestEventPatternCommand).callsFake((input: { EventPattern: string; Event: string }) => {
      tests += 1;
      const event = JSON.parse(input.Event) as Record<string, unknown>;
      for (const f of ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type']) {
        if (!(f in event)) throw new ServiceError('ValidationException', `Parameter Event is not valid: missing ${f}`);
      }
      const semantics = behaviour().semantics ?? 'event-ruler';
      if (semantics === 'weird') {
        // neither model: matches every cross-family pair and misses the same-family controls
        return { Result: !matchesEventPattern(input.EventPattern, input.Event, { ipSemantics: 'strict' }) };
      }
      return { Result: matchesEventPattern(input.EventPattern, input.Event, { ipSemantics: semantics }) };
    });
    eb.on(DescribeArchiveCommand).callsFake(async (input: { ArchiveName: string }, getClient) => {
      const state = (await regionOf(getClient as never)).archives.get(input.ArchiveName);
      if (!state) throw new ServiceError('ResourceNotFoundException', `Archive ${input.ArchiveName} does not exist.`);
      const r = await regionOf(getClient as never);
      return { ArchiveName: input.ArchiveName, State: state, EventPattern: r.archivePatterns.get(input.ArchiveName) };
    });
    sns.on(ListSubscriptionsByTopicCommand).callsFake(async (input: { TopicArn: string; NextToken?: string }, getClient) => {
      const subs = (await regionOf(getClient as never)).subscriptions.get(input.TopicArn);
      if (!subs) throw new ServiceError('NotFound', 'Topic does not exist');
      const p = page(subs, input.NextToken, 1);
      return { Subscriptions: p.items, NextToken: p.next };
    });
    sqs.on(GetQueueAttributesCommand).callsFake(async (input: { QueueUrl: string }, getClient) => {
      const q = (await regionOf(getClient as never)).queues.get(input.QueueUrl);
      if (!q) throw new ServiceError('QueueDoesNotExist', 'The specified queue does not exist.');
      return { Attributes: { ApproximateNumberOfMessages: String(q.visible), ApproximateNumberOfMessagesNotVisible: String(q.inFlight) } };
    });
    logs.on(DescribeLogGroupsCommand).callsFake(async (input: { logGroupNamePrefix?: string }, getClient) => {
      const groups = [...(await regionOf(getClient as never)).logGroups].filter((g) => g.startsWith(input.logGroupNamePrefix ?? ''));
      return { logGroups: groups.map((logGroupName) => ({ logGroupName })) };
    });
  };
  install();
  const all = [eb, cfn, sns, sqs, logs, sts];
  return {
    restore: () => all.forEach((m) => m.restore()),
    reset: () => {
      all.forEach((m) => m.reset());
      tests = 0;
      install();
    },
    testCalls: () => tests,
  };
}
