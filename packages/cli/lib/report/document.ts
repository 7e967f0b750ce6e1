import type { Column, OutputDocument, Table } from '../output/document';
import type { AlertReport, CountRow } from './types';

const c = (key: string, header: string, align?: 'right'): Column => ({ key, header, ...(align ? { align } : {}) });

function table(columns: Column[], rows: readonly CountRow[] | readonly object[]): Table {
  return { columns, rows: rows as Table['rows'] };
}

/** Turns an alert report into an output document; CSV holds every breakdown in long form (section, key fields, alerts), JSON is the report. */
export function reportDocument(report: AlertReport): OutputDocument {
  const sections = [
    {
      id: 'topOffenders',
      title: 'Top offenders (key × source IP)',
      cols: [
        c('accessKeyId', 'Access key'),
        c('sourceIPAddress', 'Source IP'),
        c('account', 'Account'),
        c('alerts', 'Alerts', 'right'),
        c('events', 'Distinct calls', 'right'),
        c('firstSeen', 'First seen'),
        c('lastSeen', 'Last seen'),
      ],
    },
    {
      id: 'byAccount',
      title: 'By account',
      cols: [c('account', 'Account'), c('accountName', 'Name'), c('alerts', 'Alerts', 'right'), c('keys', 'Keys', 'right')],
    },
    {
      id: 'byKey',
      title: 'By access key',
      cols: [
        c('accessKeyId', 'Access key'),
        c('account', 'Account'),
        c('userName', 'User'),
        c('alerts', 'Alerts', 'right'),
        c('sourceIps', 'Source IPs', 'right'),
      ],
    },
    { id: 'bySourceIp', title: 'By source IP', cols: [c('sourceIPAddress', 'Source IP'), c('alerts', 'Alerts', 'right'), c('keys', 'Keys', 'right')] },
    { id: 'byEvent', title: 'By API call', cols: [c('eventSource', 'Event source'), c('eventName', 'Event name'), c('alerts', 'Alerts', 'right')] },
    { id: 'byDay', title: 'By day (UTC)', cols: [c('day', 'Day'), c('alerts', 'Alerts', 'right')] },
  ] as const;
  const csvRows: Record<string, string | number | undefined>[] = [];
  for (const s of sections) {
    for (const r of report[s.id]) {
      const key = s.cols.filter((col) => !['alerts', 'keys', 'sourceIps', 'events', 'firstSeen', 'lastSeen'].includes(col.key)).map((col) => r[col.key]);
      csvRows.push({ section: s.id, key: key.filter((k) => k !== undefined).join(' / '), alerts: r.alerts });
    }
  }
  return {
    title: 'keywatch alert report',
    generatedAt: report.generatedAt,
    summary: [
      { label: 'Window', value: `${report.start} → ${report.end}` },
      { label: 'Alerts', value: report.totals.alerts, tone: report.totals.alerts > 0 ? 'bad' : 'ok' },
      { label: 'Access keys', value: report.totals.keys },
      { label: 'Accounts', value: report.totals.accounts },
      { label: 'Source IPs', value: report.totals.sourceIps },
      { label: 'Log group', value: `${report.logGroupName} (${report.region})` },
      { label: 'Records scanned', value: report.recordsScanned },
      { label: 'API calls', value: report.apiCalls },
    ],
    warnings: [],
    sections: [
      ...sections.map((s) => ({ title: s.title, table: table([...s.cols], report[s.id]) })),
      {
        title: 'Latest alerts',
        table: table(
          [
            c('timestamp', 'Time'),
            c('account', 'Account'),
            c('accountName', 'Name'),
            c('accessKeyId', 'Access key'),
            c('userName', 'User'),
            c('eventName', 'Event'),
            c('region', 'Region'),
            c('sourceIPAddress', 'Source IP'),
            c('userAgent', 'User agent'),
          ],
          report.latest,
        ),
      },
    ],
    csv: { columns: [c('section', 'section'), c('key', 'key'), c('alerts', 'alerts')], rows: csvRows },
    json: report,
  };
}
