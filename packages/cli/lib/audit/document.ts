import type { LegendEntry, MatrixCell, OutputDocument, Tone } from '../output/document';
import { isFullyCovered, isGap, type AuditReport, type CellState, type CoverageCell } from './types';

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

/** Accounts above which the terminal table leaves out the matrix (default 60; use --format html). */
export const TERMINAL_MATRIX_MAX_ACCOUNTS = 60;

function cellDetails(c: CoverageCell): string {
  return [
    `${c.account} ${c.region}: ${LOOK[c.state].text}`,
    c.status && `status ${c.status}`,
    c.detailedStatus && `detailed ${c.detailedStatus}`,
    c.drift && `drift ${c.drift}`,
    c.reason && `reason: ${c.reason}`,
  ]
    .filter(Boolean)
    .join('; ');
}

function matrixCell(c: CoverageCell | undefined, account: string, region: string): MatrixCell {
  if (!c) return { ...LOOK.missing, state: 'missing', title: `${account} ${region}: not audited` };
  const look = LOOK[c.state];
  return {
    symbol: look.symbol,
    text: look.text,
    tone: look.tone,
    state: c.state,
    title: cellDetails(c),
  };
}

/** Turns an audit report into an output document: summary counts, the account × region matrix, not-covered cells, drift and directory differences; CSV has one row per cell, JSON is the report. */
export function auditDocument(report: AuditReport): OutputDocument {
  const s = report.summary;
  const byKey = new Map(report.cells.map((c) => [`${c.account}/${c.region}`, c]));
  const names = new Map(report.accounts.map((a) => [a.id, a]));
  const legend: LegendEntry[] = (Object.keys(LOOK) as CellState[]).map((k) => ({ ...LOOK[k], state: k }));
  const notCovered = report.cells.filter((c) => c.state !== 'covered');
  const row = (c: CoverageCell) => ({
    account: c.account,
    accountName: names.get(c.account)?.name,
    ouPath: names.get(c.account)?.ouPath,
    region: c.region,
    state: c.state,
    gap: isGap(c.state) ? 'yes' : 'no',
    source: c.source,
    status: c.status,
    detailedStatus: c.detailedStatus,
    drift: c.drift,
    reason: c.reason,
  });
  const cellColumns = [
    { key: 'account', header: 'Account' },
    { key: 'accountName', header: 'Name' },
    { key: 'region', header: 'Region' },
    { key: 'state', header: 'State' },
    { key: 'status', header: 'Status' },
    { key: 'detailedStatus', header: 'Detailed status' },
    { key: 'reason', header: 'Reason' },
  ];
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
      ],
      rows: report.cells.map(row),
    },
    json: report,
  };
}
