import { KeywatchError } from '@keywatch/shared';
import { MANAGEMENT_STACK_PREFIX } from '@keywatch/central';
import { resolveText, resourcesOfType, type CfnResource, type CfnTemplate, type PseudoParameters } from '../simulate/rules/cfn';
import { readAssemblyStacks, ruleBusOf, type AssemblyStack } from '../simulate/rules/load-cdk-out';

/** One target of a synthesized rule, its values as the template holds them (resolved later against the stack's resources). */
export interface ExpectedTarget {
  readonly id: string;
  readonly arn: unknown;
  /** DeadLetterConfig.Arn. @default - no dead-letter queue */
  readonly deadLetterArn?: unknown;
  /** RetryPolicy. @default - no retry policy */
  readonly retryPolicy?: { readonly maximumEventAgeInSeconds?: number; readonly maximumRetryAttempts?: number };
}

/** One AWS::Events::Rule of a synthesized stack. */
export interface ExpectedRule {
  readonly logicalId: string;
  /** The rule's Description (keywatch gives every rule a distinct one). @default - none */
  readonly description?: string;
  /** The EventPattern as an object. */
  readonly pattern: unknown;
  /** State; CloudFormation's default is ENABLED. */
  readonly state: string;
  readonly targets: readonly ExpectedTarget[];
}

/** The synthesized rules of one bus of one stack. */
export interface ExpectedBus {
  /** The stack that holds the rules. */
  readonly stack: AssemblyStack;
  /** 'default' or the custom bus name. */
  readonly busName: string;
  /** The stack's account. */
  readonly account: string;
  /** The stack's region. */
  readonly region: string;
  readonly rules: readonly ExpectedRule[];
}

/** What verify compares a deployment with: the central stack's receiver bus and each management stack's default bus. */
export interface ExpectedDeployment {
  readonly central: ExpectedBus;
  /** One per management stack, in assembly order. */
  readonly management: readonly ExpectedBus[];
}

/**
 * Reads the rules verify compares with from a cloud assembly written by `keywatch synth`: the stack with a custom
 * AWS::Events::EventBus is the central stack (its rules on that bus), and every `keywatch-management-<region>` stack
 * contributes its rules on the default bus. Throws KeywatchError when there is no central stack or a stack has no
 * concrete account and region.
 */
export function loadExpectedDeployment(cdkOut: string): ExpectedDeployment {
  const stacks = readAssemblyStacks(cdkOut);
  const centralStack = stacks.find((s) => resourcesOfType(s.template, 'AWS::Events::EventBus').length > 0);
  if (centralStack === undefined) {
    throw new KeywatchError(`${cdkOut} holds no central stack (a stack with an AWS::Events::EventBus); run \`keywatch synth\` again`);
  }
  const [busId, bus] = resourcesOfType(centralStack.template, 'AWS::Events::EventBus')[0];
  const busName = resolveText(bus.Properties?.Name, centralStack.pseudo) ?? busId;
  const central = expectedBus(centralStack, busName);
  const management = stacks.filter((s) => s.stackName.startsWith(MANAGEMENT_STACK_PREFIX)).map((s) => expectedBus(s, 'default'));
  return { central, management };
}

function expectedBus(stack: AssemblyStack, busName: string): ExpectedBus {
  const { account, region } = stack.pseudo;
  if (account === undefined || region === undefined) {
    throw new KeywatchError(`stack ${stack.stackName} in the cloud assembly has no concrete account and region; run \`keywatch synth\` again`);
  }
  const rules = resourcesOfType(stack.template, 'AWS::Events::Rule')
    .filter(([, r]) => ruleBusOf(stack, r) === busName)
    .map(([id, r]) => expectedRule(id, r));
  return { stack, busName, account, region, rules };
}

function expectedRule(logicalId: string, resource: CfnResource): ExpectedRule {
  const p = resource.Properties ?? {};
  const pattern = typeof p.EventPattern === 'string' ? (JSON.parse(p.EventPattern) as unknown) : (p.EventPattern ?? {});
  const targets = Array.isArray(p.Targets)
    ? (p.Targets as Array<Record<string, unknown>>).map((t): ExpectedTarget => {
        const dlc = t.DeadLetterConfig as { Arn?: unknown } | undefined;
        const rp = t.RetryPolicy as { MaximumEventAgeInSeconds?: number; MaximumRetryAttempts?: number } | undefined;
        return {
          id: String(t.Id),
          arn: t.Arn,
          ...(dlc?.Arn !== undefined ? { deadLetterArn: dlc.Arn } : {}),
          ...(rp ? { retryPolicy: { maximumEventAgeInSeconds: rp.MaximumEventAgeInSeconds, maximumRetryAttempts: rp.MaximumRetryAttempts } } : {}),
        };
      })
    : [];
  return {
    logicalId,
    ...(typeof p.Description === 'string' ? { description: p.Description } : {}),
    pattern,
    state: typeof p.State === 'string' ? p.State : 'ENABLED',
    targets,
  };
}

/** A deployed resource of a stack (ListStackResources). */
export interface PhysicalResource {
  readonly type: string;
  readonly physicalId: string;
}

/**
 * Resolves a template value that names a resource (a target or DLQ ARN) to the deployed value: the pseudo parameters
 * of the stack, `Ref`/`Fn::GetAtt` of the stack's SNS topics (their ARN), SQS queues (URL; `Arn` built from the URL),
 * event buses, log groups, through `physical` (logical ID → resource). Undefined when a part cannot be resolved.
 */
export function resolveDeployedValue(value: unknown, pseudo: PseudoParameters, physical: ReadonlyMap<string, PhysicalResource>): string | undefined {
  const text = resolveText(value, pseudo);
  if (text === undefined) return undefined;
  let unresolved = false;
  const out = text.replace(/\{\{(Ref|GetAtt):([^}.]+)(?:\.([^}]+))?\}\}/g, (all, kind: string, id: string, attr: string | undefined) => {
    const v = physicalValue(kind === 'Ref' ? 'Ref' : (attr ?? ''), physical.get(id), pseudo);
    if (v === undefined) unresolved = true;
    return v ?? all;
  });
  return unresolved ? undefined : out;
}

function physicalValue(attr: string, r: PhysicalResource | undefined, pseudo: PseudoParameters): string | undefined {
  if (r === undefined) return undefined;
  const partition = 'aws';
  switch (r.type) {
    case 'AWS::SNS::Topic':
      return attr === 'Ref' || attr === 'TopicArn' ? r.physicalId : undefined;
    case 'AWS::SQS::Queue':
      if (attr === 'Ref' || attr === 'QueueUrl') return r.physicalId;
      if (attr === 'Arn') return queueArnFromUrl(r.physicalId, pseudo.region);
      if (attr === 'QueueName') return queueNameFromUrl(r.physicalId);
      return undefined;
    case 'AWS::Events::EventBus':
      if (attr === 'Ref' || attr === 'Name') return r.physicalId;
      return attr === 'Arn' && pseudo.account && pseudo.region
        ? `arn:${partition}:events:${pseudo.region}:${pseudo.account}:event-bus/${r.physicalId}`
        : undefined;
    case 'AWS::Logs::LogGroup':
      if (attr === 'Ref') return r.physicalId;
      return attr === 'Arn' && pseudo.account && pseudo.region
        ? `arn:${partition}:logs:${pseudo.region}:${pseudo.account}:log-group:${r.physicalId}:*`
        : undefined;
    default:
      return attr === 'Ref' ? r.physicalId : undefined;
  }
}

/** The queue name of an SQS queue URL (its last path segment). */
export function queueNameFromUrl(url: string): string | undefined {
  const m = /\/(\d{12})\/([^/?#]+)\/?$/.exec(url);
  return m?.[2];
}

/** The ARN of an SQS queue from its URL (https://sqs.<region>.amazonaws.com/<account>/<name>); the region from the URL host, else `region`. */
export function queueArnFromUrl(url: string, region?: string): string | undefined {
  const m = /\/(\d{12})\/([^/?#]+)\/?$/.exec(url);
  const host = /^https?:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(url)?.[1];
  const r = host ?? region;
  return m && r ? `arn:aws:sqs:${r}:${m[1]}:${m[2]}` : undefined;
}

/** The e-mail subscriptions of the stack's SNS topics: topic logical ID → endpoints. */
export function emailSubscriptions(template: CfnTemplate): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [, s] of resourcesOfType(template, 'AWS::SNS::Subscription')) {
    const p = s.Properties ?? {};
    const topic = p.TopicArn as { Ref?: unknown } | undefined;
    if (p.Protocol !== 'email' || typeof topic?.Ref !== 'string' || typeof p.Endpoint !== 'string') continue;
    out.set(topic.Ref, [...(out.get(topic.Ref) ?? []), p.Endpoint]);
  }
  return out;
}
