import {
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  DetectStackSetDriftCommand,
  paginateListStackInstances,
  type CloudFormationClient,
  type Stack,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import { paginateListAccounts, type Account } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AccountsDirectory, KeywatchConfig } from '@keywatch/shared';
import { KeywatchError, ORGANIZATION_ID_PATTERN, stackSetCallAs, stackSetHostRegion } from '@keywatch/shared';
import { HEARTBEAT_ALARM_PREFIX, MANAGEMENT_STACK_PREFIX, SENDER_STACKSET_NAME } from '@keywatch/central';
import { accountStatus } from '../accounts/sync';
import type { AwsClients } from '../aws/clients';
import { mapWithConcurrency } from '../aws/concurrency';
import { awsErrorName, explainAwsError, withAwsErrors } from '../aws/errors';
import { classifyStack, classifyStackInstance } from './classify';
import { checkDeliveryHours, classifyLiveness, DEFAULT_DELIVERY_HOURS, matchLivenessAlarms, readDeliveryFailures, readLivenessAlarms } from './liveness';
import { summarizeCoverage, type AuditAccount, type AuditReport, type CoverageCell, type DirectoryDifference, type LivenessCheck } from './types';

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
  /**
   * Also read, in the security account (central.account, central.region), the liveness alarm and the sender delivery
   * failures of every cell.
   * @default - liveness is not checked
   */
  readonly liveness?: LivenessOptions;
}

/** How `auditCoverage` checks liveness (`keywatch audit --liveness`). */
export interface LivenessOptions {
  /**
   * Clients with credentials of the security account.
   * @default - the main clients when they are the security account's; otherwise auditCoverage throws a KeywatchError
   */
  readonly securityClients?: AwsClients;
  /**
   * Profile of the security account, for error messages only.
   * @default - the main profile
   */
  readonly securityProfile?: string;
  /**
   * Hours back to count sender delivery failures.
   * @default 24
   */
  readonly deliveryHours?: number;
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

  if (options.liveness) checkDeliveryHours(options.liveness.deliveryHours ?? DEFAULT_DELIVERY_HOURS);
  const total = 3 + regions.length * 2 + (options.liveness ? 2 : 0);
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

  const now = (options.now ?? (() => new Date()))();
  let liveness: LivenessCheck | undefined;
  if (options.liveness) {
    const checked = await auditLiveness(clients, caller.Account, config, cells, options.liveness, options.profile, now, tick);
    cells.splice(0, cells.length, ...checked.cells);
    liveness = checked.check;
    if (checked.check.unexpectedAlarms.length > 0) {
      const shown = checked.check.unexpectedAlarms.slice(0, 5).join(', ');
      warnings.push(
        `${checked.check.unexpectedAlarms.length} liveness alarms stand for accounts or regions that are no longer expected (${shown}${checked.check.unexpectedAlarms.length > 5 ? ', …' : ''}); run \`keywatch accounts sync\` and deploy the central stack to remove them.`,
      );
    }
  }

  const differences = input.directory ? compareDirectory(org.accounts, input.directory) : [];
  if (!input.directory) {
    warnings.push('No accounts directory is configured, so names come from AWS Organizations; run `keywatch accounts sync`.');
  }

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
    ...(liveness ? { liveness } : {}),
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
  // An account ARN is arn:<partition>:organizations::<management>:account/<organization ID>/<account ID>.
  const orgIds = new Set(accounts.map((a) => (a.Arn ?? '').split('/')[1]).filter((x): x is string => x !== undefined && ORGANIZATION_ID_PATTERN.test(x)));
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
      `The credentials belong to account ${callerAccount ?? '?'}, not the management account ${managementId}, so its ${MANAGEMENT_STACK_PREFIX}<region> stacks are unchecked${options.detectDrift ? ' (neither their status nor their drift)' : ''}; pass --management-profile.`,
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
      let drift = stack?.DriftInformation?.StackDriftStatus as string | undefined;
      const stable = classifyStack(stack?.StackStatus) === 'covered' && /_COMPLETE$/.test(stack?.StackStatus ?? ''); // *_IN_PROGRESS: DetectStackDrift refuses
      if (options.detectDrift && stack && stable) {
        const detected = await detectStackDrift(mgmt.cloudFormation(region), stackName, options.detectDrift, (operation, fn) =>
          withAwsErrors({ operation: `cloudformation:${operation}`, region, profile: options.profile }, fn),
        );
        drift = detected.drift ?? drift;
        if (detected.warning) warnings.push(detected.warning);
      } else if (options.detectDrift && stack) {
        warnings.push(`${stackName} is ${stack.StackStatus}, so its drift was not detected (CloudFormation detects drift only on a stable stack).`);
      }
      tick();
      return {
        account: managementId,
        region,
        state: classifyStack(stack?.StackStatus, drift),
        source: 'stack',
        ...(stack?.StackStatus ? { status: stack.StackStatus } : {}),
        ...(stack?.StackStatusReason ? { reason: stack.StackStatusReason } : {}),
        ...(drift ? { drift } : {}),
      };
    },
    options.concurrency ?? 8,
  );
}

/**
 * Reads the liveness alarms and sender delivery failures of every cell in the security account (central.account,
 * central.region). Throws a KeywatchError (exit 2) when no credentials of the security account are at hand: an audit
 * that asked for liveness never passes without it.
 */
async function auditLiveness(
  clients: AwsClients,
  callerAccount: string | undefined,
  config: KeywatchConfig,
  cells: readonly CoverageCell[],
  options: LivenessOptions,
  profile: string | undefined,
  now: Date,
  tick: () => void,
): Promise<{ cells: CoverageCell[]; check: LivenessCheck }> {
  const securityId = config.central.account;
  const region = config.central.region;
  const security = options.securityClients ?? (callerAccount === securityId ? clients : undefined);
  if (!security) {
    throw new KeywatchError(
      `--liveness reads the liveness alarms of the security account ${securityId} (central.account) in ${region}, but the credentials belong to account ${callerAccount ?? '?'}; pass --security-profile <profile of account ${securityId}>.`,
    );
  }
  const hours = options.deliveryHours ?? DEFAULT_DELIVERY_HOURS;
  const ctx = { operation: 'cloudwatch', region, profile: options.securityProfile ?? profile, account: `the security account (central.account ${securityId})` };
  const cw = security.cloudWatch(region);
  const alarms = await readLivenessAlarms(cw, ctx);
  tick();
  const failures = await readDeliveryFailures(cw, cells, hours, now, ctx);
  tick();
  const { byCell, unexpected } = matchLivenessAlarms(alarms, cells);
  const withLiveness = cells.map((c) => {
    const key = `${c.account}/${c.region}`;
    return { ...c, liveness: classifyLiveness(byCell.get(key), now), deliveryFailures: failures.get(key) ?? 0 };
  });
  return {
    cells: withLiveness,
    check: {
      account: securityId,
      region,
      alarmPrefix: HEARTBEAT_ALARM_PREFIX,
      alarms: alarms.size,
      unexpectedAlarms: unexpected,
      deliveryHours: hours,
      deliverySince: new Date(now.getTime() - hours * 3_600_000).toISOString(),
    },
  };
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

/**
 * Starts DetectStackDrift on one stack and polls DescribeStackDriftDetectionStatus until it ends (or `timeoutMs`): the
 * stack's drift status from this detection (undefined when it did not finish) and a warning when it did not complete.
 * A DETECTION_FAILED result still carries the status of the resources it could check, so DRIFTED from it counts.
 */
async function detectStackDrift(
  cfn: CloudFormationClient,
  stackName: string,
  options: DetectDriftOptions,
  call: <T>(operation: string, fn: () => Promise<T>) => Promise<T>,
): Promise<{ drift?: string; warning?: string }> {
  const started = Date.now();
  const pollMs = options.pollMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 1_800_000;
  const { StackDriftDetectionId } = await call('DetectStackDrift', () => cfn.send(new DetectStackDriftCommand({ StackName: stackName })));
  for (;;) {
    const out = await call('DescribeStackDriftDetectionStatus', () =>
      cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: StackDriftDetectionId })),
    );
    const seconds = Math.round((Date.now() - started) / 1000);
    const status = out.DetectionStatus ?? 'UNKNOWN';
    options.onWait?.(
      `drift detection of ${stackName}: ${status} after ${seconds} s${out.DriftedStackResourceCount !== undefined ? ` (${out.DriftedStackResourceCount} drifted resources)` : ''}`,
    );
    if (status === 'DETECTION_COMPLETE') return { drift: out.StackDriftStatus };
    if (status !== 'DETECTION_IN_PROGRESS') {
      return {
        drift: out.StackDriftStatus,
        warning: `drift detection of ${stackName} ended ${status}${out.DetectionStatusReason ? ` (${out.DetectionStatusReason})` : ''}; its drift status ${out.StackDriftStatus ?? 'UNKNOWN'} covers only the resources it could check`,
      };
    }
    if (Date.now() - started > timeoutMs) {
      return { warning: `drift detection of ${stackName} still ${status} after ${seconds} s; the drift shown is from the last detection that ran` };
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
