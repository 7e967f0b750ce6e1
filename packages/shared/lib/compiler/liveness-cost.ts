/**
 * List prices (us-east-1, USD) the liveness estimate uses. Sources: facts.md §9 for events ($1.00 per million custom and
 * cross-account events, billed to the sender); EventBridge Scheduler pricing ($1.00 per million invocations after a
 * free tier of 14 million a month per account, ignored here so the estimate is an upper bound); CloudWatch pricing
 * ($0.10 per standard-resolution alarm-month; custom metrics $0.30 each for the first 10,000 and $0.10 for the next
 * 240,000; Logs ingestion $0.50 per GB) [3p: c3x.dev aws_cloudwatch_metric_alarm; vantage.sh CloudWatch metrics pricing].
 * Prices change: re-check them on the AWS pricing pages.
 */
export const LIVENESS_PRICES_USD = {
  schedulerInvocationPerMillion: 1.0,
  customEventPerMillion: 1.0,
  crossAccountEventPerMillion: 1.0,
  alarmPerMonth: 0.1,
  metricFirstTier: { upTo: 10_000, perMonth: 0.3 },
  metricSecondTier: { upTo: 250_000, perMonth: 0.1 },
  logsIngestPerGb: 0.5,
} as const;

/** Bytes of one heartbeat in the heartbeat log (the whole EventBridge event as JSON, about 330 bytes, rounded up). */
export const HEARTBEAT_LOG_BYTES = 400;

/** Average minutes in a month (365.25 / 12 days). */
const MINUTES_PER_MONTH = (365.25 / 12) * 24 * 60;

/** The monthly liveness cost of one deployment size. */
export interface LivenessCost {
  readonly accounts: number;
  readonly regions: number;
  /** Account × region cells, each with one alarm and one metric. */
  readonly cells: number;
  readonly heartbeatsPerMonth: number;
  /** Scheduler invocations + PutEvents on the member default bus + the cross-account forward (billed to the members). */
  readonly eventsUsd: number;
  /** Custom metrics (one per cell), tiered. */
  readonly metricsUsd: number;
  readonly alarmsUsd: number;
  readonly logsUsd: number;
  readonly totalUsd: number;
}

/** Estimates the monthly cost of heartbeats, metrics and alarms for `accounts` × `regions` with `forwardingRules` heartbeats per interval (no default). */
export function livenessCost(input: {
  readonly accounts: number;
  readonly regions: number;
  readonly forwardingRules: number;
  readonly intervalMinutes: number;
}): LivenessCost {
  const p = LIVENESS_PRICES_USD;
  const cells = input.accounts * input.regions;
  const heartbeatsPerMonth = (cells * input.forwardingRules * MINUTES_PER_MONTH) / input.intervalMinutes;
  const perMillion = p.schedulerInvocationPerMillion + p.customEventPerMillion + p.crossAccountEventPerMillion;
  const eventsUsd = (heartbeatsPerMonth / 1_000_000) * perMillion;
  const first = Math.min(cells, p.metricFirstTier.upTo);
  const second = Math.max(0, Math.min(cells, p.metricSecondTier.upTo) - p.metricFirstTier.upTo);
  const metricsUsd = first * p.metricFirstTier.perMonth + second * p.metricSecondTier.perMonth;
  const alarmsUsd = cells * p.alarmPerMonth;
  const logsUsd = ((heartbeatsPerMonth * HEARTBEAT_LOG_BYTES) / 1024 ** 3) * p.logsIngestPerGb;
  return {
    accounts: input.accounts,
    regions: input.regions,
    cells,
    heartbeatsPerMonth,
    eventsUsd,
    metricsUsd,
    alarmsUsd,
    logsUsd,
    totalUsd: eventsUsd + metricsUsd + alarmsUsd + logsUsd,
  };
}

/** Monthly list price of the `n`-th custom metric of an account (1-based; tiers of LIVENESS_PRICES_USD), e.g. $0.30 for the first 10,000. */
export function customMetricMonthlyUsd(n: number): number {
  const p = LIVENESS_PRICES_USD;
  if (!Number.isInteger(n) || n < 1) throw new Error(`'n' must be a whole number of at least 1; got '${n}'`);
  return n <= p.metricFirstTier.upTo ? p.metricFirstTier.perMonth : p.metricSecondTier.perMonth;
}
