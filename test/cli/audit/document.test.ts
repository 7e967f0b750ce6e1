import { auditDocument, TERMINAL_MATRIX_MAX_ACCOUNTS } from '../../../packages/cli/lib/audit/document';
import { renderDocument } from '../../../packages/cli/lib/output/render';
import { makeAuditReport } from './fixture';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];

describe('auditDocument', () => {
  const report = makeAuditReport(4, REGIONS, {
    '100000000001/eu-west-1': 'missing',
    '100000000002/us-east-1': 'deploying',
    '100000000003/ap-northeast-1': 'failed',
  });

  test('CSV has one row per cell with its state and gap flag', () => {
    const csv = renderDocument(auditDocument(report), 'csv').trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      'account,accountName,ouPath,region,state,gap,source,status,detailedStatus,drift,reason,liveness,livenessAlarmState,livenessSince,deliveryFailures',
    );
    expect(csv).toHaveLength(1 + 12);
    expect(csv).toContain('100000000001,account <1>,Workloads,eu-west-1,missing,yes,stackset,,,,,,,,');
    expect(csv).toContain('100000000002,account <2>,Workloads,us-east-1,deploying,no,stackset,,,,,,,,');
  });

  test('JSON is the report itself', () => {
    expect(JSON.parse(renderDocument(auditDocument(report), 'json'))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  test('table and markdown list what is not covered; the summary says gaps found', () => {
    const table = renderDocument(auditDocument(report), 'table');
    expect(table).toMatch(/Result +gaps found/);
    expect(table).toMatch(/^100000000001 +account <1> +eu-west-1 +missing/m);
    expect(table).toMatch(/^account <2> 100000000002 +~ +✓ +✓$/m);
    const md = renderDocument(auditDocument(report), 'markdown');
    expect(md).toContain('| account \\<3\\> (100000000003) | ✓ covered | ✓ covered | ! failed |');
  });

  test('a large organization leaves the matrix to HTML in the terminal', () => {
    const big = makeAuditReport(TERMINAL_MATRIX_MAX_ACCOUNTS + 1, REGIONS);
    const table = renderDocument(auditDocument(big), 'table');
    expect(table).toContain('61 accounts: the matrix is in --format html.');
    expect(table).not.toMatch(/^management 100000000000/m);
    expect(renderDocument(auditDocument(big), 'table')).toMatch(/Result +fully covered/);
  });
});
