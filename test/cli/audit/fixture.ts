import type { AuditReport, CellState, CoverageCell } from '../../../packages/cli/lib/audit/types';
import { summarizeCoverage } from '../../../packages/cli/lib/audit/types';

/** An audit report of `accounts` × `regions` where cells listed in `states` ("account/region" → state) differ from covered. */
export function makeAuditReport(accounts: number, regions: readonly string[], states: Record<string, CellState> = {}): AuditReport {
  const ids = Array.from({ length: accounts }, (_, i) => String(100000000000 + i));
  const cells: CoverageCell[] = ids.flatMap((id, i) =>
    regions.map((region) => ({ account: id, region, state: states[`${id}/${region}`] ?? 'covered', source: i === 0 ? 'stack' : 'stackset' }) as CoverageCell),
  );
  return {
    generatedAt: '2026-11-27T00:00:00.000Z',
    organizationId: 'o-exampleorg1',
    stackSet: { name: 'keywatch-sender', region: 'eu-west-1', callAs: 'SELF', status: 'ACTIVE' },
    regions,
    accounts: ids.map((id, i) => ({ id, name: i === 0 ? 'management' : `account <${i}>`, ouPath: 'Workloads', management: i === 0, inDirectory: true })),
    cells,
    directory: { file: 'accounts.yml', syncedAt: '2026-11-01T00:00:00Z', differences: [] },
    summary: summarizeCoverage(accounts, regions.length, cells),
    warnings: [],
    apiCalls: 7,
  };
}
