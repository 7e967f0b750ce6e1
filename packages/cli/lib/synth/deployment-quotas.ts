/**
 * The AWS quotas a keywatch deployment meets besides EventBridge's (summary.ts) and CloudFormation's per-template limits
 * (CLOUDFORMATION_LIMITS): StackSets, stacks, CloudWatch alarms and CloudWatch Logs, each with the figure the current AWS
 * documentation gives and, where an older edition gave a lower one, that lower figure (docs/architecture.md, "Quotas of
 * a large deployment", cites each). An account's applied value is what Service Quotas shows, which synth cannot read, so
 * a need between the two figures is reported as "check", never as fine or as failing.
 */

import { senderOperationPreferences } from '@keywatch/central';

/** One documented quota keywatch's deployment counts against. */
export interface DocumentedQuota {
  /** Service, as Service Quotas names it. */
  readonly service: string;
  /** Quota name in Service Quotas; undefined for a limit Service Quotas does not list. */
  readonly name: string;
  /** Whether an increase can be requested. */
  readonly adjustable: boolean;
  /** The current documented default; undefined when the current documentation lists no such quota. */
  readonly current?: number;
  /** The lowest figure a documented edition gave, when lower than `current` (or the only figure); undefined when none. */
  readonly lowest?: number;
  /** Where the documentation gives it (docs/architecture.md quotes the words). */
  readonly source: string;
}

/** The quotas of this file, by key (figures and wording from the pages named in `source`). */
export const DEPLOYMENT_QUOTAS = {
  stackInstances: {
    service: 'AWS CloudFormation',
    name: 'Stack instances per stack set',
    adjustable: true,
    current: 100_000,
    lowest: 2_000,
    source: 'CloudFormation User Guide, "Understand CloudFormation quotas" (2,000 in the 2023 edition)',
  },
  stackSets: {
    service: 'AWS CloudFormation',
    name: 'Stack sets per administrator account',
    adjustable: true,
    current: 1_000,
    lowest: 100,
    source: 'CloudFormation User Guide, "Understand CloudFormation quotas" (100 in the 2023 edition)',
  },
  instanceOperations: {
    service: 'AWS CloudFormation',
    name: 'Stack instance operations per administrator account',
    adjustable: true,
    current: 10_000,
    lowest: 3_500,
    source: 'CloudFormation User Guide, "Understand CloudFormation quotas" (3,500 in the 2023 edition)',
  },
  stacks: {
    service: 'AWS CloudFormation',
    name: 'Stack count',
    adjustable: true,
    current: 2_000,
    lowest: 200,
    source: 'CloudFormation User Guide, "Understand CloudFormation quotas" (200 in older editions)',
  },
  nestedResources: {
    service: 'AWS CloudFormation',
    name: 'Nested stacks (resources per operation; not in Service Quotas)',
    adjustable: false,
    current: 2_500,
    source: 'CloudFormation User Guide, "Understand CloudFormation quotas", Nested stacks',
  },
  alarms: {
    service: 'Amazon CloudWatch',
    name: 'alarms per Region per account (not in the current Service Quotas table)',
    adjustable: true,
    lowest: 5_000,
    source: 'older CloudWatch User Guide quota table ("5000 per region per account"); the current table lists no alarm count',
  },
  putMetricAlarmRate: {
    service: 'Amazon CloudWatch',
    name: 'Rate of PutMetricAlarm requests',
    adjustable: true,
    current: 3,
    source: 'AWS General Reference, "Amazon CloudWatch endpoints and quotas" (L-0720E68F)',
  },
  metricFilters: {
    service: 'Amazon CloudWatch Logs',
    name: 'Metric filters per log group',
    adjustable: false,
    current: 100,
    source: 'CloudWatch Logs API Reference, PutMetricFilter',
  },
  logsResourcePolicies: {
    service: 'Amazon CloudWatch Logs',
    name: 'Resource policies per Region',
    adjustable: false,
    current: 10,
    source: 'CloudWatch Logs API Reference, PutResourcePolicy',
  },
} as const satisfies Record<string, DocumentedQuota>;

/**
 * How a need compares with a documented quota:
 * - `ok`: within the lowest documented figure;
 * - `check`: within the current default but above an older documented figure (or the reading of the quota is not
 *   established): look the applied value up in Service Quotas before deploying;
 * - `increase`: above the current default of an adjustable quota;
 * - `over`: above a quota that cannot be raised: the deployment fails as configured.
 */
export type QuotaVerdict = 'ok' | 'check' | 'increase' | 'over';

/** One quota row of the synth summary. */
export interface DeploymentQuotaCheck {
  readonly quota: DocumentedQuota;
  /** What this deployment needs (a count; for the PutMetricAlarm rate, the alarms to create). */
  readonly needed: number;
  /** Where the quota applies (account and region). */
  readonly scope: string;
  readonly verdict: QuotaVerdict;
  /** What the figure means and what to do, one sentence. */
  readonly note: string;
}

/** What the deployment creates in bulk, counted from the synthesized assembly and the plan. */
export interface DeploymentCounts {
  /** The security account and central region ("222222222222 / eu-west-1"). */
  readonly central: string;
  /** The management account and the StackSet's region. */
  readonly stackSetAdmin: string;
  /** Stack instances of the sender StackSet (ACTIVE members × regions); undefined without a directory. */
  readonly stackInstances?: number;
  /** Member accounts per region the StackSet deploys to; undefined without a directory. */
  readonly memberAccounts?: number;
  readonly regions: number;
  /** deployment.maxConcurrent as configured: a count, or "N%". */
  readonly maxConcurrent: number | string;
  /** AWS::CloudFormation::StackSet resources keywatch deploys. */
  readonly stackSets: number;
  /** Stacks in the security account's central region, nested stacks included. */
  readonly centralStacks: number;
  /** The top-level stack whose tree (itself and its nested stacks) has the most resources, and that count. */
  readonly largestTree: { readonly stack: string; readonly resources: number };
  /** CloudWatch alarms in the security account's central region. */
  readonly alarms: number;
  /** The most metric filters on one log group. */
  readonly metricFiltersPerLogGroup: number;
  /** CloudWatch Logs resource policies keywatch creates in the security account's central region. */
  readonly logsResourcePolicies: number;
}

/** Accounts of one region a StackSet operation works on at once: a count (at most the accounts), or N% rounded down but at least 1 (StackSetOperationPreferences). */
export function concurrentAccountsPerRegion(maxConcurrent: number | string, accounts: number): number {
  // The StackSet's own reading of the setting (count or percentage), so the two never disagree.
  const { maxConcurrentCount, maxConcurrentPercentage } = senderOperationPreferences({ maxConcurrent, failureTolerance: 0 });
  if (maxConcurrentCount !== undefined) return Math.min(maxConcurrentCount, accounts);
  return Math.min(accounts, Math.max(1, Math.floor((accounts * (maxConcurrentPercentage ?? 100)) / 100)));
}

/** The verdict of `needed` against `quota` (see QuotaVerdict). */
export function quotaVerdict(quota: DocumentedQuota, needed: number): QuotaVerdict {
  if (quota.current !== undefined && needed > quota.current) return quota.adjustable ? 'increase' : 'over';
  const lowest = quota.lowest ?? quota.current;
  return lowest !== undefined && needed > lowest ? 'check' : 'ok';
}

const int = (n: number): string => n.toLocaleString('en-US');

/** The quota rows of the synth summary for `counts` (pure): one per quota of DEPLOYMENT_QUOTAS that applies. */
export function deploymentQuotaChecks(counts: DeploymentCounts): DeploymentQuotaCheck[] {
  const q = DEPLOYMENT_QUOTAS;
  const rows: DeploymentQuotaCheck[] = [];
  const add = (quota: DocumentedQuota, needed: number, scope: string, note: string, verdict = quotaVerdict(quota, needed)) =>
    rows.push({ quota, needed, scope, verdict, note });

  if (counts.stackInstances !== undefined) {
    add(q.stackInstances, counts.stackInstances, counts.stackSetAdmin, 'the sender StackSet has one stack instance per member account and region');
  }
  add(q.stackSets, counts.stackSets, counts.stackSetAdmin, "keywatch's own; the administrator's other stack sets count too");
  if (counts.memberAccounts !== undefined) {
    // "Stack instances … that you can run operations on in each Region at the same time": per target region, or all regions
    // of the operation together (regions run in parallel) — not established, so the larger reading decides "check".
    const perRegion = concurrentAccountsPerRegion(counts.maxConcurrent, counts.memberAccounts);
    const allRegions = perRegion * counts.regions;
    const perRegionVerdict = quotaVerdict(q.instanceOperations, perRegion);
    const verdict: QuotaVerdict = perRegionVerdict !== 'ok' ? perRegionVerdict : quotaVerdict(q.instanceOperations, allRegions) === 'ok' ? 'ok' : 'check';
    const fit = Math.max(1, Math.floor(q.instanceOperations.lowest / counts.regions));
    add(
      q.instanceOperations,
      allRegions,
      counts.stackSetAdmin,
      `deployment.maxConcurrent ${counts.maxConcurrent} = ${int(perRegion)} accounts per region × ${counts.regions} regions in parallel; ` +
        (verdict === 'ok'
          ? 'within the quota however it is counted'
          : `deployment.maxConcurrent ${fit} keeps even ${counts.regions} regions together within ${int(q.instanceOperations.lowest)}`),
      verdict,
    );
  }
  add(q.stacks, counts.centralStacks, counts.central, "central, shard and nested stacks; the account's other stacks count too");
  add(
    q.nestedResources,
    counts.largestTree.resources,
    counts.largestTree.stack,
    'a stack and its nested stacks are created in one operation; more receiver buses (central.shards) make each smaller',
  );
  add(
    q.alarms,
    counts.alarms,
    counts.central,
    'liveness and delivery alarms; if Service Quotas shows an alarm quota for CloudWatch there, it must be at least this',
  );
  const hours = counts.alarms / q.putMetricAlarmRate.current / 3600;
  add(
    q.putMetricAlarmRate,
    counts.alarms,
    counts.central,
    `creating ${int(counts.alarms)} alarms takes ${hours >= 1 ? `${hours.toFixed(1)} h` : `${Math.ceil(hours * 60)} min`} or more at ${q.putMetricAlarmRate.current} per second` +
      (hours >= 1 ? '; raising the rate shortens the first deployment' : ''),
    hours >= 1 ? 'check' : 'ok',
  );
  add(q.metricFilters, counts.metricFiltersPerLogGroup, counts.central, 'the fullest heartbeat log group');
  add(q.logsResourcePolicies, counts.logsResourcePolicies, counts.central, "keywatch's own; the region's other CloudWatch Logs resource policies count too");
  return rows;
}

/** One summary line of a quota row: "<service> '<name>' (adjustable|not adjustable): <needed> of <figure> in <scope> — <verdict>: <note>". */
export function renderQuotaCheck(c: DeploymentQuotaCheck): string {
  const rate = c.quota.name === DEPLOYMENT_QUOTAS.putMetricAlarmRate.name; // by name: a summary read back from JSON holds copies
  const figure =
    c.quota.current === undefined
      ? `no current default; ${int(c.quota.lowest ?? 0)} in older documentation`
      : `${int(c.quota.current)}${rate ? ' per second' : ''}${c.quota.lowest !== undefined ? ` (${int(c.quota.lowest)} in older documentation)` : ''}`;
  const needed = rate ? `${int(c.needed)} alarms to create` : int(c.needed);
  const verdict = { ok: 'ok', check: 'CHECK in Service Quotas', increase: 'INCREASE NEEDED', over: 'OVER (cannot be raised)' }[c.verdict];
  return `${c.quota.service} '${c.quota.name}' (${c.quota.adjustable ? 'adjustable' : 'not adjustable'}): ${needed}; quota ${figure}; ${c.scope} — ${verdict}: ${c.note}`;
}
