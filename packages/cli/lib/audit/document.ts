import type { LegendEntry, MatrixCell, OutputDocument, Tone } from '../output/document';
import { isCellGap, isFullyCovered, type AuditReport, type CellState, type CoverageCell, type LivenessState } from './types';

const LOOK: Record<CellState, { symbol: string; text: string; tone: Tone }> = {
  covered: { symbol: '✓', text: 'covered', tone: 'ok' },
  deploying: { symbol: '~', text: 'deploying (not covered yet)', tone: 'warn' },
  missing: { symbol: '✗', text: 'missing (no stack instance)', tone: 'bad' },
  failed: { symbol: '!', text: 'failed', tone: 'bad' },
  cancelled: { symbol: 'c', text: 'cancelled', tone: 'bad' },
  inoperable: { symbol: '#', text: 'inoperable', tone: 'bad' },
  skipped: { symbol: 's', text: 'skipped (account suspended)', tone: 'bad' },
  outdated: { symbol: 'o', text: 'outdated', tone: 'bad' },
  drifted: { symbol: '≈', text: 'drifted (changed outside CloudFormation)', tone: 'bad' },
  unchecked: { symbol: '?', text: 'unchecked (no access)', tone: 'muted' },
};

/** How a covered cell looks when its liveness (or delivery) is what matters; 'alive' looks like covered. */
const LIVENESS_LOOK: Record<Exclude<LivenessState, 'alive'> | 'delivery-failing', { symbol: string; text: string; tone: Tone }> = {
  silent: { symbol: 'z', text: 'silent (no heartbeat: liveness alarm in ALARM)', tone: 'bad' },
  unmonitored: { symbol: 'n', text: 'not monitored (no liveness alarm)', tone: 'bad' },
  unknown: { symbol: 'u', text: 'liveness unknown (no data beyond the alarm window)', tone: 'bad' },
  pending: { symbol: 'p', text: 'liveness not known yet (alarm within its first window)', tone: 'warn' },
  'delivery-failing': { symbol: 'd', text: 'sender delivery failing (DLQ alarm in the window)', tone: 'bad' },
};

/** The look of a cell: its coverage state unless covered, then a liveness gap, delivery failures, pending liveness, or covered. */
function lookOf(c: CoverageCell): { symbol: string; text: string; tone: Tone; state: string } {
  const live = c.liveness?.state;
  if (c.state === 'covered' && live !== undefined && live !== 'alive' && live !== 'pending') return { ...LIVENESS_LOOK[live], state: live };
  if (c.state === 'covered' && (c.deliveryFailures ?? 0) > 0) return { ...LIVENESS_LOOK['delivery-failing'], state: 'delivery-failing' };
  if (c.state === 'covered' && live === 'pending') return { ...LIVENESS_LOOK.pending, state: 'pending' };
  return { ...LOOK[c.state], state: c.state };
}

/** Accounts above which the terminal table leaves out the matrix (default 60; use --format html). */
export const TERMINAL_MATRIX_MAX_ACCOUNTS = 60;

function cellDetails(c: CoverageCell): string {
  return [
    `${c.account} ${c.region}: ${LOOK[c.state].text}`,
    c.status && `status ${c.status}`,
    c.detailedStatus && `detailed ${c.detailedStatus}`,
    c.drift && `drift ${c.drift}`,
    c.reason && `reason: ${c.reason}`,
    c.liveness &&
      `liveness ${c.liveness.state}${c.liveness.alarmState ? ` (alarm ${c.liveness.alarmState}${c.liveness.since ? ` since ${c.liveness.since}` : ''})` : ''}`,
    c.liveness?.reason && `liveness: ${c.liveness.reason}`,
    c.deliveryFailures !== undefined && `delivery failures ${c.deliveryFailures}`,
  ]
    .filter(Boolean)
    .join('; ');
}

function matrixCell(c: CoverageCell | undefined, account: string, region: string): MatrixCell {
  if (!c) return { ...LOOK.missing, state: 'missing', title: `${account} ${region}: not audited` };
  return { ...lookOf(c), title: cellDetails(c) };
}

/** Turns an audit report into an output document: summary counts, the account × region matrix, not-covered cells, drift and directory differences; CSV has one row per cell, JSON is the report. */
export function auditDocument(report: AuditReport): OutputDocument {
  const s = report.summary;
  const byKey = new Map(report.cells.map((c) => [`${c.account}/${c.region}`, c]));
  const names = new Map(report.accounts.map((a) => [a.id, a]));
  const live = report.liveness;
  const legend: LegendEntry[] = [
    ...(Object.keys(LOOK) as CellState[]).map((k) => ({ ...LOOK[k], state: k })),
    ...(live ? (Object.keys(LIVENESS_LOOK) as (keyof typeof LIVENESS_LOOK)[]).map((k) => ({ ...LIVENESS_LOOK[k], state: k })) : []),
  ];
  const notCovered = report.cells.filter((c) => c.state !== 'covered');
  const row = (c: CoverageCell) => ({
    account: c.account,
    accountName: names.get(c.account)?.name,
    ouPath: names.get(c.account)?.ouPath,
    region: c.region,
    state: c.state,
    gap: isCellGap(c) ? 'yes' : 'no',
    source: c.source,
    status: c.status,
    detailedStatus: c.detailedStatus,
    drift: c.drift,
    reason: c.reason,
    liveness: c.liveness?.state,
    livenessAlarmState: c.liveness?.alarmState,
    livenessSince: c.liveness?.since,
    livenessReason: c.liveness?.reason,
    deliveryFailures: c.deliveryFailures,
  });
  const cellColumns = [
    { key: 'account', header: 'Account' },
    { key: 'accountName', header: 'Name' },
    { key: 'region', header: 'Region' },
    { key: 'state', header: 'State' },
    { key: 'status', header: 'Status' },
    { key: 'detailedStatus', header: 'Detailed status' },
    { key: 'reason', header: 'Reason' },
    ...(live
      ? [
          { key: 'liveness', header: 'Liveness' },
          { key: 'deliveryFailures', header: `Delivery failures (${live.deliveryHours} h)`, align: 'right' as const },
        ]
      : []),
  ];
  const livenessRows = report.cells.filter((c) => (c.liveness && c.liveness.state !== 'alive') || (c.deliveryFailures ?? 0) > 0);
  const ls = report.summary.liveness;
  const full = isFullyCovered(report);
  return {
    title: 'keywatch coverage audit',
    generatedAt: report.generatedAt,
    summary: [
      { label: 'Result', value: full ? 'fully covered' : s.gaps > 0 ? 'gaps found' : 'deploying', tone: full ? 'ok' : s.gaps > 0 ? 'bad' : 'warn' },
      { label: 'Accounts (active)', value: s.accounts },
      { label: 'Regions', value: s.regions },
      { label: 'Cells', value: s.cells },
      { label: 'Covered', value: s.covered, tone: 'ok' },
      { label: 'Gaps', value: s.gaps, tone: s.gaps > 0 ? 'bad' : 'ok' },
      { label: 'Deploying', value: s.deploying, tone: s.deploying > 0 ? 'warn' : 'plain' },
      { label: 'Unchecked', value: s.unchecked, tone: s.unchecked > 0 ? 'muted' : 'plain' },
      { label: 'Drifted', value: s.drifted, tone: s.drifted > 0 ? 'warn' : 'plain' },
      { label: 'Directory differences', value: s.directoryIssues, tone: s.directoryIssues > 0 ? 'warn' : 'plain' },
      ...(live && ls
        ? [
            {
              label: 'Liveness',
              value: `${ls.alive} alive, ${ls.silent} silent, ${ls.unmonitored} not monitored, ${ls.unknown} unknown, ${ls.pending} not known yet`,
              tone: (ls.silent + ls.unmonitored + ls.unknown > 0 ? 'bad' : ls.pending > 0 ? 'warn' : 'ok') as Tone,
            },
            {
              label: `Delivery failing (${live.deliveryHours} h)`,
              value: s.deliveryFailing ?? 0,
              tone: ((s.deliveryFailing ?? 0) > 0 ? 'bad' : 'ok') as Tone,
            },
            { label: 'Liveness alarms', value: `${live.alarms} (${live.alarmPrefix}*, account ${live.account}, ${live.region})` },
          ]
        : []),
      { label: 'StackSet', value: `${report.stackSet.name} (${report.stackSet.region}, CallAs ${report.stackSet.callAs})` },
      { label: 'API calls', value: report.apiCalls },
    ],
    warnings: report.warnings,
    sections: [
      {
        title: 'Coverage: accounts × regions',
        note: report.accounts.length > TERMINAL_MATRIX_MAX_ACCOUNTS ? `${report.accounts.length} accounts: the matrix is in --format html.` : undefined,
        hideInTerminal: report.accounts.length > TERMINAL_MATRIX_MAX_ACCOUNTS,
        matrix: {
          corner: 'Account',
          columns: report.regions,
          rows: report.accounts.map((a) => ({
            id: a.id,
            label: a.name,
            sublabel: a.management ? `${a.id} (management)` : a.id,
            cells: report.regions.map((r) => matrixCell(byKey.get(`${a.id}/${r}`), a.id, r)),
          })),
          legend,
        },
      },
      { title: 'Not covered', table: { columns: cellColumns, rows: notCovered.map(row) } },
      ...(live
        ? [
            {
              title: 'Liveness and delivery',
              note: `liveness alarms of ${live.account} in ${live.region}; sender delivery failures since ${live.deliverySince}. Not known yet (INSUFFICIENT_DATA) is a gap only once it outlasts the alarm's evaluation window.`,
              table: {
                columns: [
                  { key: 'account', header: 'Account' },
                  { key: 'accountName', header: 'Name' },
                  { key: 'region', header: 'Region' },
                  { key: 'liveness', header: 'Liveness' },
                  { key: 'livenessAlarmState', header: 'Alarm' },
                  { key: 'livenessSince', header: 'Since' },
                  { key: 'deliveryFailures', header: `Delivery failures (${live.deliveryHours} h)`, align: 'right' as const },
                  { key: 'livenessReason', header: 'Why' },
                ],
                rows: livenessRows.map(row),
              },
            },
          ]
        : []),
      {
        title: 'Drifted',
        table: { columns: cellColumns.filter((c) => c.key !== 'reason'), rows: report.cells.filter((c) => c.drift === 'DRIFTED').map(row) },
      },
      {
        title: 'Accounts directory',
        note: `${report.directory.file ?? 'no directory file'}${report.directory.syncedAt ? `, synced ${report.directory.syncedAt}` : ''}`,
        table: {
          columns: [
            { key: 'id', header: 'Account' },
            { key: 'name', header: 'Name' },
            { key: 'issue', header: 'Issue' },
            { key: 'detail', header: 'Detail' },
          ],
          rows: report.directory.differences.map((d) => ({ ...d })),
        },
      },
    ],
    csv: {
      columns: [
        { key: 'account', header: 'account' },
        { key: 'accountName', header: 'accountName' },
        { key: 'ouPath', header: 'ouPath' },
        { key: 'region', header: 'region' },
        { key: 'state', header: 'state' },
        { key: 'gap', header: 'gap' },
        { key: 'source', header: 'source' },
        { key: 'status', header: 'status' },
        { key: 'detailedStatus', header: 'detailedStatus' },
        { key: 'drift', header: 'drift' },
        { key: 'reason', header: 'reason' },
        { key: 'liveness', header: 'liveness' },
        { key: 'livenessAlarmState', header: 'livenessAlarmState' },
        { key: 'livenessSince', header: 'livenessSince' },
        { key: 'deliveryFailures', header: 'deliveryFailures' },
      ],
      rows: report.cells.map(row),
    },
    json: report,
  };
}
