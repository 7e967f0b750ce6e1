import { ALERT_LOG_GROUP_NAME } from '@keywatch/central';
import type { AwsClients } from '../aws/clients';
import { mapWithConcurrency } from '../aws/concurrency';
import { withAwsErrors } from '../aws/errors';
import { runInsightsQuery, type InsightsQueryOptions } from './insights';
import { reportQueries, type ReportQuery } from './queries';
import type { AlertEntry, AlertReport, CountRow } from './types';

/** Options of alertReport. */
export interface AlertReportOptions {
  /** Region of the alert log: config.central.region. */
  readonly region: string;
  readonly start: Date;
  readonly end: Date;
  /**
   * Alert log group.
   * @default '/keywatch/alerts'
   */
  readonly logGroupName?: string;
  /**
   * Logs Insights queries run at once (the account-wide quota of concurrent queries is shared with everyone).
   * @default 3
   */
  readonly concurrency?: number;
  /**
   * Top offenders shown.
   * @default 10
   */
  readonly top?: number;
  /**
   * Latest alerts shown.
   * @default 20
   */
  readonly latest?: number;
  /**
   * Polling settings passed to each query.
   * @default - runInsightsQuery's defaults
   */
  readonly polling?: Pick<InsightsQueryOptions, 'pollInitialMs' | 'pollMaxMs' | 'timeoutMs' | 'sleep'>;
  /**
   * Called after each finished query.
   * @default - no progress reporting
   */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Account names by ID (the accounts directory): the By account rows get `accountName` from it, and so do the latest
   * alerts whose record has none (records of a rule shared by accounts of the same policy).
   * @default - no names but the records' own
   */
  readonly accountNames?: ReadonlyMap<string, string>;
  /**
   * Clock for generatedAt.
   * @default - the current time
   */
  readonly now?: () => Date;
  /**
   * Profile name, for error messages only.
   * @default - the default credential chain
   */
  readonly profile?: string;
  /**
   * Whose credentials the calls need, for error messages, e.g. "the security account (central.account 222222222222)".
   * @default - the account of the alert log
   */
  readonly account?: string;
}

const COUNT_FIELDS = new Set(['alerts', 'keys', 'accounts', 'sourceIps', 'events']);

/** Converts an Insights row: count fields become numbers, the rest stay strings (empty values dropped). */
export function toCountRow(row: Record<string, string>): CountRow {
  const out: Record<string, string | number> = { alerts: 0 };
  for (const [k, v] of Object.entries(row)) {
    if (v === '') continue;
    out[k] = COUNT_FIELDS.has(k) ? Number(v) : v;
  }
  return out as CountRow;
}

/** Reads one alert from a `fields @timestamp, @message` row; a message that is not JSON keeps only its timestamp. */
export function toAlertEntry(row: Record<string, string>): AlertEntry {
  let msg: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row['@message'] ?? '');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) msg = parsed as Record<string, unknown>;
  } catch {
    // not JSON: keep the timestamp only
  }
  const pick = (k: string) => (typeof msg[k] === 'string' || typeof msg[k] === 'number' ? String(msg[k]) : undefined);
  const entry: Record<string, string | undefined> = {
    timestamp: row['@timestamp'] ?? '',
    account: pick('account'),
    accountName: pick('accountName'),
    accessKeyId: pick('accessKeyId'),
    userName: pick('userName'),
    eventName: pick('eventName'),
    eventSource: pick('eventSource'),
    region: pick('region'),
    sourceIPAddress: pick('sourceIPAddress'),
    userAgent: pick('userAgent'),
    eventID: pick('eventID'),
  };
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as unknown as AlertEntry;
}

/** Builds the alert history report from the alert log with Logs Insights: totals, top offenders, counts by account, key, source IP, event and day, latest alerts. */
export async function alertReport(clients: AwsClients, options: AlertReportOptions): Promise<AlertReport> {
  const logGroupName = options.logGroupName ?? ALERT_LOG_GROUP_NAME;
  const logs = clients.logs(options.region);
  const startCalls = clients.counter.total;
  const queries = reportQueries({ top: options.top, latest: options.latest });
  let done = 0;
  const results = await mapWithConcurrency(
    queries,
    async (q: ReportQuery) => {
      const res = await withAwsErrors(
        {
          operation: 'logs:StartQuery',
          region: options.region,
          logGroupName,
          profile: options.profile,
          account: options.account ?? 'the account of the alert log',
        },
        () => runInsightsQuery(logs, { logGroupName, start: options.start, end: options.end, query: q.query, ...options.polling }),
      );
      options.onProgress?.(++done, queries.length);
      return res;
    },
    options.concurrency ?? 3,
  );
  const by = (id: ReportQuery['id']) => results[queries.findIndex((q) => q.id === id)];
  const totalsRow = toCountRow(by('totals').rows[0] ?? {});
  const num = (v: string | number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    region: options.region,
    logGroupName,
    start: options.start.toISOString(),
    end: options.end.toISOString(),
    totals: { alerts: num(totalsRow.alerts), keys: num(totalsRow.keys), accounts: num(totalsRow.accounts), sourceIps: num(totalsRow.sourceIps) },
    topOffenders: by('topOffenders').rows.map(toCountRow),
    byAccount: by('byAccount')
      .rows.map(toCountRow)
      .map((r) => {
        const name = typeof r.account === 'string' ? options.accountNames?.get(r.account) : undefined;
        return name === undefined ? r : { account: r.account, accountName: name, ...r };
      }),
    byKey: by('byKey').rows.map(toCountRow),
    bySourceIp: by('bySourceIp').rows.map(toCountRow),
    byEvent: by('byEvent').rows.map(toCountRow),
    byDay: by('byDay').rows.map(toCountRow),
    latest: by('latest')
      .rows.map(toAlertEntry)
      .map((e) => {
        const name = e.accountName === undefined && e.account !== undefined ? options.accountNames?.get(e.account) : undefined;
        return name === undefined ? e : { ...e, accountName: name };
      }),
    recordsScanned: Math.max(0, ...results.map((r) => r.statistics?.recordsScanned ?? 0)),
    apiCalls: clients.counter.total - startCalls,
  };
}
