import { paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { DescribeRuleCommand, ListRulesCommand, ListTargetsByRuleCommand, type Rule, type Target } from '@aws-sdk/client-eventbridge';
import type { AwsClients } from '../aws/clients';
import { mapWithConcurrency } from '../aws/concurrency';
import { awsErrorName, explainAwsError, withAwsErrors } from '../aws/errors';
import type { DeployedRule } from './drift';
import type { PhysicalResource } from './expected';

/** Where the read-back calls go, for error messages. */
export interface ReadBackContext {
  readonly region: string;
  /**
   * The --profile in use, for error messages.
   * @default - the default credential chain
   */
  readonly profile?: string;
}

/** The resources of a deployed stack by logical ID (ListStackResources); undefined when the stack does not exist. */
export async function readStackResources(clients: AwsClients, stackName: string, ctx: ReadBackContext): Promise<Map<string, PhysicalResource> | undefined> {
  const out = new Map<string, PhysicalResource>();
  try {
    for await (const page of paginateListStackResources({ client: clients.cloudFormation(ctx.region) }, { StackName: stackName })) {
      for (const r of page.StackResourceSummaries ?? []) {
        if (r.LogicalResourceId && r.PhysicalResourceId && r.ResourceType && r.ResourceStatus !== 'DELETE_COMPLETE') {
          out.set(r.LogicalResourceId, { type: r.ResourceType, physicalId: r.PhysicalResourceId });
        }
      }
    }
  } catch (err) {
    // CloudFormation reports a stack that does not exist as ValidationError "Stack with id <name> does not exist".
    if (awsErrorName(err) === 'ValidationError' && /does not exist/.test(err instanceof Error ? err.message : '')) return undefined;
    throw explainAwsError(err, { operation: 'cloudformation:ListStackResources', region: ctx.region, profile: ctx.profile });
  }
  return out;
}

/**
 * Reads back the rules of `busName` whose names start with `namePrefix` (ListRules, every page), each with
 * DescribeRule and its targets (ListTargetsByRule, every page), `concurrency` rules at a time; undefined when the bus
 * does not exist. `onRule` is called after each rule.
 */
export async function readBusRules(
  clients: AwsClients,
  busName: string,
  namePrefix: string,
  ctx: ReadBackContext & { readonly concurrency: number; readonly onRules?: (n: number) => void; readonly onRule?: () => void },
): Promise<DeployedRule[] | undefined> {
  const eb = clients.eventBridge(ctx.region);
  const listed: Rule[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await eb.send(new ListRulesCommand({ EventBusName: busName, NamePrefix: namePrefix, NextToken: token, Limit: 100 }));
      listed.push(...(page.Rules ?? []));
      token = page.NextToken || undefined;
    } while (token);
  } catch (err) {
    if (awsErrorName(err) === 'ResourceNotFoundException') return undefined;
    throw explainAwsError(err, { operation: 'events:ListRules', region: ctx.region, profile: ctx.profile });
  }
  ctx.onRules?.(listed.length);
  const names = [...new Set(listed.map((r) => r.Name).filter((n): n is string => !!n))].sort();
  return mapWithConcurrency(
    names,
    async (name) => {
      const errCtx = { region: ctx.region, profile: ctx.profile };
      const rule = await withAwsErrors({ ...errCtx, operation: 'events:DescribeRule' }, () =>
        eb.send(new DescribeRuleCommand({ Name: name, EventBusName: busName })),
      );
      const targets: Target[] = [];
      let next: string | undefined;
      await withAwsErrors({ ...errCtx, operation: 'events:ListTargetsByRule' }, async () => {
        do {
          const page = await eb.send(new ListTargetsByRuleCommand({ Rule: name, EventBusName: busName, NextToken: next, Limit: 100 }));
          targets.push(...(page.Targets ?? []));
          next = page.NextToken || undefined;
        } while (next);
      });
      ctx.onRule?.();
      return {
        name,
        ...(rule.Description !== undefined ? { description: rule.Description } : {}),
        ...(rule.EventPattern !== undefined ? { eventPattern: rule.EventPattern } : {}),
        ...(rule.State !== undefined ? { state: rule.State } : {}),
        targets,
      };
    },
    ctx.concurrency,
  );
}
