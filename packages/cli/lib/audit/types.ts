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

/**
 * Liveness of one account × region, from its liveness alarm in the security account: 'alive' (OK), 'silent' (ALARM: no
 * heartbeat), 'pending' (INSUFFICIENT_DATA within the alarm's evaluation window: not known yet), 'unknown'
 * (INSUFFICIENT_DATA beyond it, or an alarm that cannot see silence) and 'unmonitored' (no alarm). silent, unknown and
 * unmonitored are gaps.
 */
export type LivenessState = 'alive' | 'silent' | 'pending' | 'unknown' | 'unmonitored';

/** What the liveness alarm of one cell says. */
export interface LivenessCell {
  readonly state: LivenessState;
  /** keywatch-heartbeat-<account>-<region>, when the alarm exists. */
  readonly alarmName?: string;
  /** The alarm's StateValue (OK, ALARM, INSUFFICIENT_DATA). */
  readonly alarmState?: string;
  /** When the alarm entered that state (StateUpdatedTimestamp), ISO 8601. */
  readonly since?: string;
  /** The alarm's evaluation window (EvaluationPeriods × Period), in minutes. */
  readonly windowMinutes?: number;
  /** Why it is not alive, in words. */
  readonly reason?: string;
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
  /** The liveness alarm's verdict (only with --liveness). */
  readonly liveness?: LivenessCell;
  /** Sender delivery failures (its DLQ alarm entering ALARM) in the report's delivery window (only with --liveness). */
  readonly deliveryFailures?: number;
}

/** The liveness states that are gaps. */
export const LIVENESS_GAPS: readonly LivenessState[] = ['silent', 'unknown', 'unmonitored'];

/** Whether a cell is a gap for any reason: its coverage state, its liveness, or delivery failures (none when unchecked). */
export function isCellGap(cell: CoverageCell): boolean {
  return isGap(cell.state) || (cell.liveness !== undefined && LIVENESS_GAPS.includes(cell.liveness.state)) || (cell.deliveryFailures ?? 0) > 0;
}

/** Where and how `--liveness` looked. */
export interface LivenessCheck {
  /** The security account and region the alarms and metrics were read from. */
  readonly account: string;
  readonly region: string;
  /** Alarm name prefix read (DescribeAlarms AlarmNamePrefix). */
  readonly alarmPrefix: string;
  /** Liveness alarms found. */
  readonly alarms: number;
  /** Liveness alarms of accounts or regions no longer expected. */
  readonly unexpectedAlarms: readonly string[];
  /** Hours of the delivery failure window, and its start (ISO 8601). */
  readonly deliveryHours: number;
  readonly deliverySince: string;
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
  /** Cells per liveness state (only with --liveness). */
  readonly liveness?: Readonly<Record<LivenessState, number>>;
  /** Cells with sender delivery failures in the window (only with --liveness). */
  readonly deliveryFailing?: number;
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
  /** What --liveness read (absent without it). */
  readonly liveness?: LivenessCheck;
  readonly warnings: readonly string[];
  readonly apiCalls: number;
}

/** Counts the cells of an audit by state (the report's summary); `directoryIssues` defaults to 0. */
export function summarizeCoverage(accounts: number, regions: number, cells: readonly CoverageCell[], directoryIssues = 0): AuditSummary {
  const count = (pred: (c: CoverageCell) => boolean) => cells.filter(pred).length;
  const checked = cells.some((c) => c.liveness !== undefined);
  const states: LivenessState[] = ['alive', 'silent', 'pending', 'unknown', 'unmonitored'];
  return {
    accounts,
    regions,
    cells: cells.length,
    covered: count((c) => c.state === 'covered'),
    deploying: count((c) => c.state === 'deploying'),
    gaps: count(isCellGap),
    unchecked: count((c) => c.state === 'unchecked'),
    drifted: count((c) => c.drift === 'DRIFTED'),
    directoryIssues,
    ...(checked
      ? {
          liveness: Object.fromEntries(states.map((s) => [s, count((c) => c.liveness?.state === s)])) as Record<LivenessState, number>,
          deliveryFailing: count((c) => (c.deliveryFailures ?? 0) > 0),
        }
      : {}),
  };
}

/** Whether the organization is fully covered: no gap (coverage, liveness or delivery) and nothing still deploying (unchecked and pending cells only warn). */
export function isFullyCovered(report: Pick<AuditReport, 'summary'>): boolean {
  return report.summary.gaps === 0 && report.summary.deploying === 0;
}
