/** The alert log's JSON fields, as the central stack's log template writes them. */
export const ALERT_FIELDS = [
  'account',
  'accountName',
  'ouPath',
  'owner',
  'accessKeyId',
  'userName',
  'arn',
  'identityType',
  'eventName',
  'eventSource',
  'region',
  'sourceIPAddress',
  'userAgent',
  'eventTime',
  'eventID',
  'readOnly',
  'vpcEndpointId',
  'rule',
] as const;

/** One Logs Insights query of the report and what it answers. */
export interface ReportQuery {
  readonly id: 'totals' | 'byAccount' | 'byKey' | 'bySourceIp' | 'byEvent' | 'byDay' | 'topOffenders' | 'latest';
  readonly query: string;
}

const BREAKDOWN_LIMIT = 1000;

/** Totals: alerts, distinct keys, accounts and source IPs. */
export function totalsQuery(): string {
  return 'stats count(*) as alerts, count_distinct(accessKeyId) as keys, count_distinct(account) as accounts, count_distinct(sourceIPAddress) as sourceIps';
}

/**
 * Alerts per account, most first; at most `limit` rows (default 1000). Grouped by `account` alone: records of a rule
 * shared by accounts of the same policy have no accountName (alertLogTemplate), so the report names accounts from the
 * accounts directory rather than splitting one account over two rows.
 */
export function byAccountQuery(limit = BREAKDOWN_LIMIT): string {
  return `stats count(*) as alerts, count_distinct(accessKeyId) as keys by account | sort alerts desc | limit ${limitOf(limit)}`;
}

/** Alerts per access key (with account and user), most first; at most `limit` rows (default 1000). */
export function byKeyQuery(limit = BREAKDOWN_LIMIT): string {
  return `stats count(*) as alerts, count_distinct(sourceIPAddress) as sourceIps by accessKeyId, account, userName | sort alerts desc | limit ${limitOf(limit)}`;
}

/** Alerts per source IP address, most first; at most `limit` rows (default 1000). */
export function bySourceIpQuery(limit = BREAKDOWN_LIMIT): string {
  return `stats count(*) as alerts, count_distinct(accessKeyId) as keys by sourceIPAddress | sort alerts desc | limit ${limitOf(limit)}`;
}

/** Alerts per API call (event source and name), most first; at most `limit` rows (default 1000). */
export function byEventQuery(limit = BREAKDOWN_LIMIT): string {
  return `stats count(*) as alerts by eventSource, eventName | sort alerts desc | limit ${limitOf(limit)}`;
}

/** Alerts per UTC day (log event time), oldest first. */
export function byDayQuery(): string {
  return 'stats count(*) as alerts by bin(1d) as day | sort day asc';
}

/** Top offenders: access key × source IP pairs with the most alerts, first and last seen; `limit` rows (default 10). */
export function topOffendersQuery(limit = 10): string {
  return `stats count(*) as alerts, count_distinct(eventName) as events, earliest(@timestamp) as firstSeen, latest(@timestamp) as lastSeen by accessKeyId, sourceIPAddress, account | sort alerts desc | limit ${limitOf(limit)}`;
}

/** The latest alerts, newest first (raw messages); `limit` rows (default 20). */
export function latestAlertsQuery(limit = 20): string {
  return `fields @timestamp, @message | sort @timestamp desc | limit ${limitOf(limit)}`;
}

/** Every query of the report, in display order (defaults: 1000 rows per breakdown, top 10 offenders, latest 20 alerts). */
export function reportQueries(options: { top?: number; latest?: number; breakdownLimit?: number } = {}): ReportQuery[] {
  const b = options.breakdownLimit ?? BREAKDOWN_LIMIT;
  return [
    { id: 'totals', query: totalsQuery() },
    { id: 'topOffenders', query: topOffendersQuery(options.top ?? 10) },
    { id: 'byAccount', query: byAccountQuery(b) },
    { id: 'byKey', query: byKeyQuery(b) },
    { id: 'bySourceIp', query: bySourceIpQuery(b) },
    { id: 'byEvent', query: byEventQuery(b) },
    { id: 'byDay', query: byDayQuery() },
    { id: 'latest', query: latestAlertsQuery(options.latest ?? 20) },
  ];
}

/** Logs Insights returns at most 10,000 rows per query. */
function limitOf(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new Error(`'limit' must be an integer from 1 to 10000; got '${n}'`);
  }
  return n;
}
