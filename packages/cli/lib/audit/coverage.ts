import {
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  DescribeStacksCommand,
  DetectStackSetDriftCommand,
  paginateListStackInstances,
  type CloudFormationClient,
  type Stack,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import { paginateListAccounts, type Account } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AccountsDirectory, KeywatchConfig } from '@keywatch/shared';
import { stackSetCallAs, stackSetHostRegion } from '@keywatch/shared';
import { MANAGEMENT_STACK_PREFIX, SENDER_STACKSET_NAME } from '@keywatch/central';
import { accountStatus } from '../accounts/sync';
import type { AwsClients } from '../aws/clients';
import { mapWithConcurrency } from '../aws/concurrency';
import { awsErrorName, explainAwsError, withAwsErrors } from '../aws/errors';
import { classifyStack, classifyStackInstance } from './classify';
import { summarizeCoverage, type AuditAccount, type AuditReport, type CoverageCell, type DirectoryDifference } from './types';

/** What the audit reads from a loaded configuration (the shape loadConfig returns). */
export interface AuditInput {
  readonly config: KeywatchConfig;
  readonly directory?: AccountsDirectory;
  readonly directoryFile?: string;
}

/** Options of auditCoverage. */
export interface AuditOptions {
  /**
   * Region the StackSet was created in (its administrator region).
   * @default - defaultStackSetRegion(config)
   */
  readonly stackSetRegion?: string;
  /**
   * StackSet name.
   * @default 'keywatch-sender'
   */
  readonly stackSetName?: string;
  /**
   * Clients with credentials of the management account, for its keywatch-management-<region> stacks when the
   * main credentials belong to another account (a delegated administrator).
   * @default - the main clients when they are the management account's, else those cells are 'unchecked'
   */
  readonly managementClients?: AwsClients;
  /**
   * Per-region calls in flight at once.
   * @default 8
   */
  readonly concurrency?: number;
  /**
   * Called after each unit of work (done of total), for a progress bar.
   * @default - no progress reporting
   */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Clock for generatedAt.
   * @default - the current time
   */
  readonly now?: () => Date;
  /**
   * Run drift detection on the StackSet first (DetectStackSetDrift) and wait for it, so DRIFTED is current.
   * @default - the drift status of the last detection, whenever it ran
   */
  readonly detectDrift?: DetectDriftOptions;
  /**
   * Profile name, for error messages only.
   * @default - the default credential chain
   */
  readonly profile?: string;
}

/** How `auditCoverage` runs StackSet drift detection. */
export interface DetectDriftOptions {
  /**
   * Milliseconds between DescribeStackSetOperation polls.
   * @default 5000
   */
  readonly pollMs?: number;
  /**
   * Longest wait for the operation, in milliseconds; then the audit goes on with a warning.
   * @default 1_800_000 (30 minutes)
   */
  readonly timeoutMs?: number;
  /**
   * Called on every poll with a line saying what the detection is doing.
   * @default - nothing
   */
  readonly onWait?: (message: string) => void;
}

/** Where buildKeywatchApp puts the StackSet: the central stack's region with a delegated administrator, else the management stack of central.region (or of the first deployment region). */
export function defaultStackSetRegion(config: KeywatchConfig): string {
  return stackSetHostRegion(config);
}

interface OrgAccount {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}

/**
 * Audits coverage: every ACTIVE account × configured region against the StackSet's stack instances (ListStackInstances per
 * region, CallAs from deployment.delegatedAdmin), the management account against its keywatch-management-<region> stacks,
 * and the accounts directory against the organization. Throws KeywatchError for credential, permission and missing-StackSet
 * problems; never exits.
 */
export async function auditCoverage(clients: AwsClients, input: AuditInput, options: AuditOptions = {}): Promise<AuditReport> {
  const { config } = input;
  const regions = [...config.deployment.regions];
  const region = options.stackSetRegion ?? defaultStackSetRegion(config);
  const stackSetName = options.stackSetName ?? SENDER_STACKSET_NAME;
  const callAs = stackSetCallAs(config);
  const concurrency = options.concurrency ?? 8;
  const managementId = config.organization.managementAccount;
  const warnings: string[] = [];
  const startCalls = clients.counter.total + (options.managementClients?.counter.total ?? 0);

  const total = 3 + regions.length * 2;
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);

  const cfn = clients.cloudFormation(region);
  const stackSetCtx = { operation: 'cloudformation:DescribeStackSet', region, callAs, stackSetName, profile: options.profile } as const;
  const stackSet = await withAwsErrors(stackSetCtx, () => cfn.send(new DescribeStackSetCommand({ StackSetName: stackSetName, CallAs: callAs })));
  if (stackSet.StackSet?.Status === 'DELETED') {
    throw explainAwsError(Object.assign(new Error('deleted'), { name: 'StackSetNotFoundException' }), stackSetCtx);
  }
  tick();

  if (options.detectDrift) {
    const warning = await detectStackSetDrift(cfn, stackSetName, callAs, options.detectDrift, (operation, fn) =>
      withAwsErrors({ ...stackSetCtx, operation: `cloudformation:${operation}` }, fn),
    );
    if (warning) warnings.push(warning);
  }

  const caller = await withAwsErrors({ operation: 'sts:GetCallerIdentity', profile: options.profile }, () =>
    clients.sts().send(new GetCallerIdentityCommand({})),
  );
  tick();

  const org = await listOrganizationAccounts(clients, input, warnings, options.profile);
  tick();
  if (org.organizationId && org.organizationId !== config.organization.id) {
    warnings.push(`The credentials see organization ${org.organizationId}, but organization.id is ${config.organization.id}.`);
  }

  const dirById = new Map((input.directory?.accounts ?? []).map((a) => [a.id, a]));
  const active = org.accounts.filter((a) => a.status === 'ACTIVE').sort((a, b) => a.id.localeCompare(b.id));
  const accounts: AuditAccount[] = active.map((a) => ({
    id: a.id,
    name: dirById.get(a.id)?.name ?? a.name,
    ouPath: dirById.get(a.id)?.organizationalUnit,
    management: a.id === managementId,
    inDirectory: dirById.has(a.id),
  }));
  const memberIds = new Set(accounts.filter((a) => !a.management).map((a) => a.id));

  // Stack instances, one listing per region (StackInstanceRegion), filtered again client-side.
  const instancesByRegion = await mapWithConcurrency(
    regions,
    async (r) => {
      const found = new Map<string, StackInstanceSummary>();
      await withAwsErrors({ ...stackSetCtx, operation: 'cloudformation:ListStackInstances' }, async () => {
        const pages = paginateListStackInstances({ client: cfn, pageSize: 100 }, { StackSetName: stackSetName, CallAs: callAs, StackInstanceRegion: r });
        for await (const page of pages) {
          for (const s of page.Summaries ?? []) {
            if (s.Region === r && s.Account && memberIds.has(s.Account)) found.set(s.Account, s);
          }
        }
      });
      tick();
      return found;
    },
    concurrency,
  );

  const cells: CoverageCell[] = [];
  regions.forEach((r, i) => {
    for (const id of memberIds) {
      const s = instancesByRegion[i].get(id);
      cells.push({
        account: id,
        region: r,
        state: classifyStackInstance(s),
        source: 'stackset',
        ...(s?.Status ? { status: s.Status } : {}),
        ...(s?.StackInstanceStatus?.DetailedStatus ? { detailedStatus: s.StackInstanceStatus.DetailedStatus } : {}),
        ...(s?.StatusReason ? { reason: s.StatusReason } : {}),
        ...(s?.DriftStatus ? { drift: s.DriftStatus } : {}),
      });
    }
  });

  if (accounts.some((a) => a.management)) {
    cells.push(...(await auditManagementStacks(clients, caller.Account, managementId, regions, options, warnings, tick)));
  } else {
    done += regions.length;
    options.onProgress?.(done, total);
  }
  cells.sort((a, b) => a.account.localeCompare(b.account) || regions.indexOf(a.region) - regions.indexOf(b.region));

  const differences = input.directory ? compareDirectory(org.accounts, input.directory) : [];
  if (!input.directory) {
    warnings.push('No accounts directory is configured, so names come from AWS Organizations; run `keywatch accounts sync`.');
  }

  const now = (options.now ?? (() => new Date()))();
  return {
    generatedAt: now.toISOString(),
    ...(org.organizationId ? { organizationId: org.organizationId } : {}),
    stackSet: { name: stackSetName, region, callAs, ...(stackSet.StackSet?.Status ? { status: stackSet.StackSet.Status } : {}) },
    regions,
    accounts,
    cells,
    directory: {
      ...(input.directoryFile ? { file: input.directoryFile } : {}),
      ...(input.directory?.syncedAt ? { syncedAt: input.directory.syncedAt } : {}),
      differences,
    },
    summary: summarizeCoverage(accounts.length, regions.length, cells, differences.length),
    warnings,
    apiCalls: clients.counter.total + (options.managementClients?.counter.total ?? 0) - startCalls,
  };
}

async function listOrganizationAccounts(
  clients: AwsClients,
  input: AuditInput,
  warnings: string[],
  profile: string | undefined,
): Promise<{ accounts: OrgAccount[]; organizationId?: string }> {
  const accounts: Account[] = [];
  try {
    for await (const page of paginateListAccounts({ client: clients.organizations() }, {})) {
      accounts.push(...(page.Accounts ?? []));
    }
  } catch (err) {
    const name = awsErrorName(err);
    if (input.directory && (name === 'AccessDeniedException' || name === 'AWSOrganizationsNotInUseException')) {
      warnings.push(
        `AWS Organizations is not readable with these credentials (${name}), so the accounts come from the directory file and its freshness is not checked.`,
      );
      return { accounts: input.directory.accounts.map((a) => ({ id: a.id, name: a.name, status: a.status })) };
    }
    throw explainAwsError(err, { operation: 'organizations:ListAccounts', profile });
  }
  const orgIds = new Set(accounts.map((a) => /:account\/(o-[a-z0-9]+)\//.exec(a.Arn ?? '')?.[1]).filter((x): x is string => !!x));
  return {
    accounts: accounts.filter((a) => a.Id).map((a) => ({ id: a.Id!, name: a.Name ?? a.Id!, status: accountStatus(a) })),
    ...(orgIds.size === 1 ? { organizationId: [...orgIds][0] } : {}),
  };
}

async function auditManagementStacks(
  clients: AwsClients,
  callerAccount: string | undefined,
  managementId: string,
  regions: readonly string[],
  options: AuditOptions,
  warnings: string[],
  tick: () => void,
): Promise<CoverageCell[]> {
  const mgmt = options.managementClients ?? (callerAccount === managementId ? clients : undefined);
  if (!mgmt) {
    warnings.push(
      `The credentials belong to account ${callerAccount ?? '?'}, not the management account ${managementId}, so its ${MANAGEMENT_STACK_PREFIX}<region> stacks are unchecked; pass --management-profile.`,
    );
    regions.forEach(() => tick());
    return regions.map((region) => ({ account: managementId, region, state: 'unchecked', source: 'stack' }));
  }
  return mapWithConcurrency(
    regions,
    async (region): Promise<CoverageCell> => {
      const stackName = `${MANAGEMENT_STACK_PREFIX}${region}`;
      let stack: Stack | undefined;
      try {
        const out = await mgmt.cloudFormation(region).send(new DescribeStacksCommand({ StackName: stackName }));
        stack = out.Stacks?.[0];
      } catch (err) {
        // DescribeStacks reports a stack that does not exist as ValidationError "Stack with id <name> does not exist".
        if (!(awsErrorName(err) === 'ValidationError' && /does not exist/.test(err instanceof Error ? err.message : ''))) {
          throw explainAwsError(err, { operation: 'cloudformation:DescribeStacks', region, profile: options.profile });
        }
      }
      tick();
      return {
        account: managementId,
        region,
        state: classifyStack(stack?.StackStatus, stack?.DriftInformation?.StackDriftStatus),
        source: 'stack',
        ...(stack?.StackStatus ? { status: stack.StackStatus } : {}),
        ...(stack?.StackStatusReason ? { reason: stack.StackStatusReason } : {}),
        ...(stack?.DriftInformation?.StackDriftStatus ? { drift: stack.DriftInformation.StackDriftStatus } : {}),
      };
    },
    options.concurrency ?? 8,
  );
}

/** Accounts in the organization but not in the directory, in the directory but not in the organization, or with another status there. */
export function compareDirectory(org: readonly OrgAccount[], directory: AccountsDirectory): DirectoryDifference[] {
  const inOrg = new Map(org.map((a) => [a.id, a]));
  const inDir = new Map(directory.accounts.map((a) => [a.id, a]));
  const out: DirectoryDifference[] = [];
  for (const a of org) {
    const d = inDir.get(a.id);
    if (!d) {
      out.push({ id: a.id, name: a.name, issue: 'missing-from-directory', detail: `${a.status} in the organization, not in the directory` });
    } else if (d.status !== a.status) {
      out.push({ id: a.id, name: d.name, issue: 'status-changed', detail: `${d.status} in the directory, ${a.status} in the organization` });
    }
  }
  for (const d of directory.accounts) {
    if (!inOrg.has(d.id)) out.push({ id: d.id, name: d.name, issue: 'not-in-organization', detail: 'in the directory, no longer in the organization' });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id) || a.issue.localeCompare(b.issue));
}

/**
 * Starts DetectStackSetDrift and polls DescribeStackSetOperation until it ends (or `timeoutMs`); a warning when it did not
 * succeed, else undefined. The stack instances' DriftStatus then reflects this detection.
 */
async function detectStackSetDrift(
  cfn: CloudFormationClient,
  stackSetName: string,
  callAs: 'SELF' | 'DELEGATED_ADMIN',
  options: DetectDriftOptions,
  call: <T>(operation: string, fn: () => Promise<T>) => Promise<T>,
): Promise<string | undefined> {
  const started = Date.now();
  const pollMs = options.pollMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 1_800_000;
  const { OperationId } = await call('DetectStackSetDrift', () => cfn.send(new DetectStackSetDriftCommand({ StackSetName: stackSetName, CallAs: callAs })));
  for (;;) {
    const out = await call('DescribeStackSetOperation', () =>
      cfn.send(new DescribeStackSetOperationCommand({ StackSetName: stackSetName, OperationId, CallAs: callAs })),
    );
    const op = out.StackSetOperation;
    const status = op?.Status ?? 'UNKNOWN';
    const seconds = Math.round((Date.now() - started) / 1000);
    const d = op?.StackSetDriftDetectionDetails;
    options.onWait?.(
      `drift detection ${OperationId}: ${status} after ${seconds} s` +
        (d?.TotalStackInstancesCount !== undefined
          ? ` (${d.DriftedStackInstancesCount ?? 0} drifted, ${d.InSyncStackInstancesCount ?? 0} in sync of ${d.TotalStackInstancesCount})`
          : ''),
    );
    if (status === 'SUCCEEDED') return undefined;
    if (status !== 'RUNNING' && status !== 'QUEUED' && status !== 'STOPPING') {
      return `drift detection ${OperationId} ended ${status}${op?.StatusReason ? ` (${op.StatusReason})` : ''}; the drift shown is from the last detection that ran`;
    }
    if (Date.now() - started > timeoutMs) {
      return `drift detection ${OperationId} still ${status} after ${seconds} s; the drift shown is from the last detection that ran (see the StackSet's operations)`;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
