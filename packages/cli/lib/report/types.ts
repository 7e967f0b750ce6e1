/** One row of a count breakdown: the grouping fields and the count. */
export interface CountRow {
  readonly alerts: number;
  readonly [field: string]: string | number | undefined;
}

/** One alert from the log (the fields the report shows). */
export interface AlertEntry {
  readonly timestamp: string;
  readonly account?: string;
  readonly accountName?: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
  readonly eventName?: string;
  readonly eventSource?: string;
  readonly region?: string;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly eventID?: string;
}

/** Everything `keywatch report` found. */
export interface AlertReport {
  readonly generatedAt: string;
  readonly region: string;
  readonly logGroupName: string;
  readonly start: string;
  readonly end: string;
  readonly totals: { readonly alerts: number; readonly keys: number; readonly accounts: number; readonly sourceIps: number };
  readonly topOffenders: readonly CountRow[];
  readonly byAccount: readonly CountRow[];
  readonly byKey: readonly CountRow[];
  readonly bySourceIp: readonly CountRow[];
  readonly byEvent: readonly CountRow[];
  readonly byDay: readonly CountRow[];
  readonly latest: readonly AlertEntry[];
  readonly recordsScanned: number;
  readonly apiCalls: number;
}
