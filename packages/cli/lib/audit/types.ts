/**
 * Coverage of one account in one region. covered/deploying/unchecked are not gaps; every other state is. 'drifted':
 * deployed, but its resources were changed outside CloudFormation (DriftStatus DRIFTED), so the rule may no longer
 * forward anything.
 */
export type CellState = 'covered' | 'deploying' | 'missing' | 'failed' | 'cancelled' | 'inoperable' | 'skipped' | 'outdated' | 'drifted' | 'unchecked';

/** The states that count as a gap (nothing watches that account and region, or nobody knows). */
export const GAP_STATES: readonly CellState[] = ['missing', 'failed', 'cancelled', 'inoperable', 'skipped', 'outdated', 'drifted'];

/** Whether `state` is a gap (default list: GAP_STATES). */
export function isGap(state: CellState): boolean {
  return GAP_STATES.includes(state);
}

/** One account × region cell of the coverage matrix. */
export interface CoverageCell {
  readonly account: string;
  readonly region: string;
  readonly state: CellState;
  /** 'stackset' for member accounts (stack instances), 'stack' for the management account (plain stacks). */
  readonly source: 'stackset' | 'stack';
  /** Stack instance Status (CURRENT/OUTDATED/INOPERABLE) or stack StackStatus. */
  readonly status?: string;
  /** StackInstanceStatus.DetailedStatus. */
  readonly detailedStatus?: string;
  /** StatusReason / StackStatusReason as AWS reports it. */
  readonly reason?: string;
  /** DriftStatus (DRIFTED, IN_SYNC, NOT_CHECKED, UNKNOWN). */
  readonly drift?: string;
}

/** One ACTIVE organization account as the audit sees it. */
export interface AuditAccount {
  readonly id: string;
  readonly name: string;
  readonly ouPath?: string;
  readonly management: boolean;
  readonly inDirectory: boolean;
}

/** An account listed on one side only, or with a different status. */
export interface DirectoryDifference {
  readonly id: string;
  readonly name: string;
  readonly issue: 'missing-from-directory' | 'not-in-organization' | 'status-changed';
  readonly detail: string;
}

/** Counts of the matrix. */
export interface AuditSummary {
  readonly accounts: number;
  readonly regions: number;
  readonly cells: number;
  readonly covered: number;
  readonly deploying: number;
  readonly gaps: number;
  readonly unchecked: number;
  readonly drifted: number;
  readonly directoryIssues: number;
}

/** Everything `keywatch audit` found. */
export interface AuditReport {
  readonly generatedAt: string;
  readonly organizationId?: string;
  readonly stackSet: { readonly name: string; readonly region: string; readonly callAs: 'SELF' | 'DELEGATED_ADMIN'; readonly status?: string };
  readonly regions: readonly string[];
  readonly accounts: readonly AuditAccount[];
  readonly cells: readonly CoverageCell[];
  readonly directory: { readonly file?: string; readonly syncedAt?: string; readonly differences: readonly DirectoryDifference[] };
  readonly summary: AuditSummary;
  readonly warnings: readonly string[];
  readonly apiCalls: number;
}

/** Counts the cells of an audit by state (the report's summary); `directoryIssues` defaults to 0. */
export function summarizeCoverage(accounts: number, regions: number, cells: readonly CoverageCell[], directoryIssues = 0): AuditSummary {
  const count = (pred: (c: CoverageCell) => boolean) => cells.filter(pred).length;
  return {
    accounts,
    regions,
    cells: cells.length,
    covered: count((c) => c.state === 'covered'),
    deploying: count((c) => c.state === 'deploying'),
    gaps: count((c) => isGap(c.state)),
    unchecked: count((c) => c.state === 'unchecked'),
    drifted: count((c) => c.drift === 'DRIFTED'),
    directoryIssues,
  };
}

/** Whether the organization is fully covered: no gap and nothing still deploying (unchecked cells only warn). */
export function isFullyCovered(report: Pick<AuditReport, 'summary'>): boolean {
  return report.summary.gaps === 0 && report.summary.deploying === 0;
}
