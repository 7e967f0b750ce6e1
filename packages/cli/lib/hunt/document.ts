import type { Column, OutputDocument, Table } from '../output/document';
import type { HuntCount, HuntFinding, HuntSummary } from './findings';

const c = (key: string, header: string, align?: 'right'): Column => ({ key, header, ...(align ? { align } : {}) });

const FINDING_COLUMNS: Column[] = [
  c('eventTime', 'Time (UTC)'),
  c('account', 'Account'),
  c('accountName', 'Name'),
  c('region', 'Region'),
  c('accessKeyId', 'Access key'),
  c('userName', 'User'),
  c('sourceIpAddress', 'Source IP'),
  c('event', 'Event'),
  c('eventId', 'Event ID'),
];

function counts(keyHeader: string, labelHeader: string | undefined, rows: readonly HuntCount[]): Table {
  return {
    columns: [
      c('key', keyHeader),
      ...(labelHeader ? [c('label', labelHeader)] : []),
      c('findings', 'Findings', 'right'),
      ...(rows.some((r) => r.sourceIps !== undefined) ? [c('sourceIps', 'Source IPs', 'right')] : []),
      c('firstSeen', 'First seen'),
      c('lastSeen', 'Last seen'),
    ],
    rows: rows.map((r) => ({ key: r.key, label: r.label, findings: r.findings, sourceIps: r.sourceIps, firstSeen: r.firstSeen, lastSeen: r.lastSeen })),
  };
}

/** The hunt's output document: the findings (CSV: one row per finding) and the summary by account, key, IP and day; JSON is `{ findings, summary }`. */
export function huntDocument(findings: readonly HuntFinding[], summary: HuntSummary, generatedAt: Date): OutputDocument {
  const rows = findings.map((f) => ({ ...f, event: `${f.eventSource.replace(/\.amazonaws\.com$/, '')}:${f.eventName}`, readOnly: String(f.readOnly) }));
  return {
    title: 'keywatch hunt: watched keys used from outside their allowed networks',
    generatedAt: generatedAt.toISOString(),
    summary: [
      { label: 'Window', value: `${summary.since} → ${summary.until}` },
      { label: 'Findings', value: summary.findings, tone: summary.findings > 0 ? 'bad' : 'ok' },
      { label: 'Accounts', value: summary.accounts },
      { label: 'Access keys', value: summary.accessKeys },
      { label: 'Source IPs', value: summary.sourceIps },
      ...(summary.bytesScanned !== undefined ? [{ label: 'Data scanned', value: formatBytes(summary.bytesScanned) }] : []),
      ...(summary.queryExecutionId ? [{ label: 'Athena query', value: summary.queryExecutionId }] : []),
    ],
    warnings: [],
    sections: [
      {
        title: 'Findings',
        table: { columns: FINDING_COLUMNS, rows },
        note: findings.length === 0 ? 'No watched key was used from outside its allowed networks in this window.' : undefined,
      },
      { title: 'By account', table: counts('Account', 'Name', summary.byAccount) },
      { title: 'By access key', table: counts('Access key', 'Account / user', summary.byAccessKey) },
      { title: 'By source IP', table: counts('Source IP', undefined, summary.bySourceIp) },
      { title: 'By day (UTC)', table: counts('Day', undefined, summary.byDay) },
    ],
    csv: {
      columns: [
        c('eventId', 'eventId'),
        c('eventTime', 'eventTime'),
        c('account', 'account'),
        c('accountName', 'accountName'),
        c('region', 'region'),
        c('accessKeyId', 'accessKeyId'),
        c('userName', 'userName'),
        c('principal', 'principal'),
        c('sourceIpAddress', 'sourceIpAddress'),
        c('eventSource', 'eventSource'),
        c('eventName', 'eventName'),
        c('readOnly', 'readOnly'),
        c('vpcEndpointId', 'vpcEndpointId'),
        c('errorCode', 'errorCode'),
      ],
      rows,
    },
    json: { findings, summary },
  };
}

/** Bytes as B, KB, MB, GB or TB (powers of 1000, as Athena bills). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(2)} ${units[i]}`;
}
