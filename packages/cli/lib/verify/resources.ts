import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeArchiveCommand } from '@aws-sdk/client-eventbridge';
import { paginateListSubscriptionsByTopic, type Subscription } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from '../aws/clients';
import { mapWithConcurrency } from '../aws/concurrency';
import { awsErrorName, explainAwsError, withAwsErrors } from '../aws/errors';
import { referencedId, resourcesOfType, resolveText, type CfnTemplate } from '../simulate/rules/cfn';
import { samePattern } from './drift';
import { emailSubscriptions, queueNameFromUrl, type PhysicalResource } from './expected';
import type { Finding, ResourceCheck } from './types';

/** What the resource checks of one stack read. */
export interface StackCheckInput {
  readonly stackName: string;
  readonly template: CfnTemplate;
  readonly region: string;
  /** The stack's deployed resources by logical ID. */
  readonly physical: ReadonlyMap<string, PhysicalResource>;
  readonly concurrency: number;
  /**
   * The --profile in use, for error messages.
   * @default - the default credential chain
   */
  readonly profile?: string;
  /**
   * Called after each check.
   * @default - nothing
   */
  readonly onCheck?: () => void;
}

/** The checks of one stack and their findings. */
export interface StackCheckResult {
  readonly checks: ResourceCheck[];
  readonly findings: Finding[];
}

/** The number of checks checkStackResources makes for `template` (for a progress bar). */
export function countStackChecks(template: CfnTemplate): number {
  return (
    emailSubscriptions(template).size +
    deadLetterQueueIds(template).length +
    resourcesOfType(template, 'AWS::Events::Archive').length +
    resourcesOfType(template, 'AWS::Logs::LogGroup').length
  );
}

/** Logical IDs of the SQS queues the stack's rules use as dead-letter queues, in template order. */
export function deadLetterQueueIds(template: CfnTemplate): string[] {
  const ids = new Set<string>();
  for (const [, rule] of resourcesOfType(template, 'AWS::Events::Rule')) {
    for (const t of (rule.Properties?.Targets ?? []) as Array<{ DeadLetterConfig?: { Arn?: unknown } }>) {
      const id = referencedId(t.DeadLetterConfig?.Arn);
      if (id !== undefined && template.Resources?.[id]?.Type === 'AWS::SQS::Queue') ids.add(id);
    }
  }
  return [...ids];
}

/**
 * Checks the deployed resources a stack's alerting depends on: every e-mail subscription of its SNS topics is confirmed
 * (ListSubscriptionsByTopic; `PendingConfirmation` or absent is a finding), every dead-letter queue of its rules is
 * empty (GetQueueAttributes ApproximateNumberOfMessages + ApproximateNumberOfMessagesNotVisible), its archive exists
 * and is ENABLED (DescribeArchive), its log group exists (DescribeLogGroups). Physical names come from the stack's
 * resources (ListStackResources).
 */
export async function checkStackResources(clients: AwsClients, input: StackCheckInput): Promise<StackCheckResult> {
  const { region, physical, template, stackName } = input;
  const where = `stack ${stackName} (${region})`;
  const checks: ResourceCheck[] = [];
  const findings: Finding[] = [];
  const done = () => input.onCheck?.();
  const missing = (kind: ResourceCheck['kind'], id: string) => {
    checks.push({ kind, name: id, region, status: 'not in the stack', ok: false });
    findings.push({ kind: 'resource-missing', where, subject: id, detail: `${id} is in cdk.out but not among the deployed resources of ${stackName}` });
  };

  // e-mail subscriptions
  const subscriptions = [...emailSubscriptions(template)];
  const topicResults = await mapWithConcurrency(
    subscriptions,
    async ([topicId, endpoints]) => {
      const arn = physical.get(topicId)?.physicalId;
      if (arn === undefined) return { topicId, endpoints, arn, subs: undefined };
      const subs: Subscription[] = [];
      await withAwsErrors({ operation: 'sns:ListSubscriptionsByTopic', region, profile: input.profile }, async () => {
        for await (const page of paginateListSubscriptionsByTopic({ client: clients.sns(region) }, { TopicArn: arn })) subs.push(...(page.Subscriptions ?? []));
      });
      return { topicId, endpoints, arn, subs };
    },
    input.concurrency,
  );
  for (const { topicId, endpoints, arn, subs } of topicResults) {
    if (arn === undefined || subs === undefined) {
      missing('subscription', topicId);
      done();
      continue;
    }
    const topicName = arn.slice(arn.lastIndexOf(':') + 1);
    for (const endpoint of endpoints) {
      const found = subs.filter((s) => s.Protocol === 'email' && (s.Endpoint ?? '').toLowerCase() === endpoint.toLowerCase());
      const confirmed = found.some((s) => s.SubscriptionArn?.startsWith('arn:'));
      const name = `${topicName} → ${endpoint}`;
      if (confirmed) {
        checks.push({ kind: 'subscription', name, region, status: 'confirmed', ok: true });
      } else if (found.some((s) => s.SubscriptionArn === 'PendingConfirmation')) {
        checks.push({ kind: 'subscription', name, region, status: 'PendingConfirmation', ok: false });
        findings.push({
          kind: 'subscription-pending',
          where,
          subject: name,
          detail: `${endpoint} has not confirmed the subscription to ${topicName}; alerts do not reach it until the link in the AWS Notification e-mail is clicked`,
        });
      } else {
        checks.push({ kind: 'subscription', name, region, status: 'missing', ok: false });
        findings.push({ kind: 'subscription-missing', where, subject: name, detail: `${topicName} has no e-mail subscription for ${endpoint}` });
      }
    }
    done();
  }

  // dead-letter queues
  const queues = await mapWithConcurrency(
    deadLetterQueueIds(template),
    async (id) => {
      const url = physical.get(id)?.physicalId;
      if (url === undefined) return { id, url };
      const out = await withAwsErrors({ operation: 'sqs:GetQueueAttributes', region, profile: input.profile }, () =>
        clients
          .sqs(region)
          .send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] })),
      );
      const visible = Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
      const inFlight = Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
      return { id, url, visible, inFlight };
    },
    input.concurrency,
  );
  for (const q of queues) {
    done();
    if (q.url === undefined) {
      missing('dead-letter-queue', q.id);
      continue;
    }
    const name = queueNameFromUrl(q.url) ?? q.url;
    const total = (q.visible ?? 0) + (q.inFlight ?? 0);
    checks.push({ kind: 'dead-letter-queue', name, region, status: `${total} messages`, ok: total === 0 });
    if (total > 0) {
      findings.push({
        kind: 'dlq-not-empty',
        where,
        subject: name,
        detail: `${total} events (${q.visible} visible, ${q.inFlight} in flight) could not be delivered and wait in ${name}; find the cause (alarm, target policy, key policy), then redrive them`,
      });
    }
  }

  // archive
  for (const [id, archive] of resourcesOfType(template, 'AWS::Events::Archive')) {
    done();
    const name = physical.get(id)?.physicalId;
    if (name === undefined) {
      checks.push({ kind: 'archive', name: id, region, status: 'missing', ok: false });
      findings.push({ kind: 'archive-missing', where, subject: id, detail: `the archive ${id} is not among the deployed resources of ${stackName}` });
      continue;
    }
    let state: string | undefined;
    let deployedPattern: string | undefined;
    try {
      const out = await clients.eventBridge(region).send(new DescribeArchiveCommand({ ArchiveName: name }));
      state = out.State ?? 'UNKNOWN';
      deployedPattern = out.EventPattern;
    } catch (err) {
      if (awsErrorName(err) !== 'ResourceNotFoundException')
        throw explainAwsError(err, { operation: 'events:DescribeArchive', region, profile: input.profile });
    }
    if (state === undefined) {
      checks.push({ kind: 'archive', name, region, status: 'missing', ok: false });
      findings.push({
        kind: 'archive-missing',
        where,
        subject: name,
        detail: `the archive ${name} does not exist (DescribeArchive: ResourceNotFoundException)`,
      });
    } else {
      checks.push({ kind: 'archive', name, region, status: state, ok: state === 'ENABLED' });
      if (state !== 'ENABLED') findings.push({ kind: 'archive-not-enabled', where, subject: name, detail: `the archive ${name} is ${state}, not ENABLED` });
      // The archive must keep every event the bus receives (its pattern as synthesized, a catch-all). Whether its managed
      // rule, which EventBridge creates in state ENABLED, also keeps read-only CloudTrail management events forwarded
      // from another bus is not documented (README, "Limits"); the alert log keeps every alert either way.
      const wanted = archive.Properties?.EventPattern;
      if (wanted !== undefined && (deployedPattern === undefined || !samePattern(wanted, deployedPattern))) {
        findings.push({
          kind: 'archive-pattern-drift',
          where,
          subject: name,
          detail: `the archive ${name} keeps only events matching ${deployedPattern ?? '(no pattern)'}, not every event the bus receives as synthesized (${JSON.stringify(wanted)}); redeploy ${stackName}`,
        });
      }
    }
  }

  // log group
  for (const [id, r] of resourcesOfType(template, 'AWS::Logs::LogGroup')) {
    done();
    const name = resolveText(r.Properties?.LogGroupName) ?? physical.get(id)?.physicalId;
    if (name === undefined) {
      missing('log-group', id);
      continue;
    }
    const exists = await withAwsErrors({ operation: 'logs:DescribeLogGroups', region, profile: input.profile }, async () => {
      let token: string | undefined;
      do {
        const page = await clients.logs(region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, nextToken: token }));
        if ((page.logGroups ?? []).some((g) => g.logGroupName === name)) return true;
        token = page.nextToken;
      } while (token);
      return false;
    });
    checks.push({ kind: 'log-group', name, region, status: exists ? 'exists' : 'missing', ok: exists });
    if (!exists) findings.push({ kind: 'log-group-missing', where, subject: name, detail: `the alert log group ${name} does not exist` });
  }
  return { checks, findings };
}
