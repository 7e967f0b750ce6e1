import { paginateDescribeAlarms, paginateGetMetricData, type CloudWatchClient, type MetricAlarm, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { KeywatchError, SENDER_DELIVERY_METRIC } from '@keywatch/shared';
import { HEARTBEAT_ALARM_PREFIX, heartbeatAlarmName, parseHeartbeatAlarmName } from '@keywatch/central';
import { withAwsErrors, type AwsErrorContext } from '../aws/errors';
import type { LivenessCell } from './types';

/** Default window of `keywatch audit --liveness` for sender delivery failures, in hours (24). */
export const DEFAULT_DELIVERY_HOURS = 24;

/** Longest delivery failure window, in hours: CloudWatch keeps one-minute data 15 days, so 14 days stay exact. */
export const MAX_DELIVERY_HOURS = 336;

/** Metric queries per GetMetricData request (CloudWatch's limit). */
export const METRIC_QUERIES_PER_REQUEST = 500;

/** Evaluation window the central stack gives every liveness alarm when the alarm does not say (3 periods of 15 minutes). */
const FALLBACK_WINDOW_SECONDS = 3 * 15 * 60;

/**
 * The liveness of one account × region from its alarm (undefined: no alarm → 'unmonitored'). OK → 'alive'; ALARM →
 * 'silent'; INSUFFICIENT_DATA → 'pending' while it has lasted no longer than the alarm's evaluation window
 * (EvaluationPeriods × Period: a new alarm has not evaluated yet), else 'unknown'. An alarm whose TreatMissingData is
 * not 'breaching' is 'unknown' whatever its state: silence would read as OK there.
 */
export function classifyLiveness(alarm: MetricAlarm | undefined, now: Date): LivenessCell {
  if (!alarm) return { state: 'unmonitored', reason: 'no liveness alarm for this account and region' };
  const windowSeconds = (alarm.EvaluationPeriods ?? 0) * (alarm.Period ?? 0) || FALLBACK_WINDOW_SECONDS;
  const since = alarm.StateUpdatedTimestamp;
  const base = {
    alarmName: alarm.AlarmName,
    ...(alarm.StateValue ? { alarmState: alarm.StateValue } : {}),
    ...(since ? { since: since.toISOString() } : {}),
    windowMinutes: Math.round(windowSeconds / 60),
  };
  if (alarm.TreatMissingData !== undefined && alarm.TreatMissingData !== 'breaching') {
    return {
      ...base,
      state: 'unknown',
      reason: `the alarm treats missing data as '${alarm.TreatMissingData}', so a silent account reads as OK; redeploy the central stack`,
    };
  }
  switch (alarm.StateValue) {
    case 'OK':
      return { ...base, state: 'alive' };
    case 'ALARM':
      return { ...base, state: 'silent', reason: alarm.StateReason };
    default: {
      const age = since ? (now.getTime() - since.getTime()) / 1000 : Number.POSITIVE_INFINITY;
      const window = `${base.windowMinutes} min (${alarm.EvaluationPeriods ?? 3} × ${Math.round((alarm.Period ?? 900) / 60)} min)`;
      return age <= windowSeconds
        ? { ...base, state: 'pending', reason: `no data yet; the alarm has not had its evaluation window of ${window}` }
        : { ...base, state: 'unknown', reason: `no data for longer than the alarm's evaluation window of ${window}` };
    }
  }
}

/** Every liveness alarm (name prefix HEARTBEAT_ALARM_PREFIX) of the client's account and region, all pages, by name. */
export async function readLivenessAlarms(cloudWatch: CloudWatchClient, ctx: AwsErrorContext): Promise<Map<string, MetricAlarm>> {
  const alarms = new Map<string, MetricAlarm>();
  await withAwsErrors({ ...ctx, operation: 'cloudwatch:DescribeAlarms' }, async () => {
    const pages = paginateDescribeAlarms({ client: cloudWatch, pageSize: 100 }, { AlarmNamePrefix: HEARTBEAT_ALARM_PREFIX, AlarmTypes: ['MetricAlarm'] });
    for await (const page of pages) {
      for (const a of page.MetricAlarms ?? []) if (a.AlarmName?.startsWith(HEARTBEAT_ALARM_PREFIX)) alarms.set(a.AlarmName, a);
    }
  });
  return alarms;
}

/** The alarm of each cell (by heartbeatAlarmName) and the alarms that stand for no expected cell (accounts that left, regions removed). */
export function matchLivenessAlarms(
  alarms: ReadonlyMap<string, MetricAlarm>,
  cells: readonly { readonly account: string; readonly region: string }[],
): { byCell: Map<string, MetricAlarm>; unexpected: string[] } {
  const byCell = new Map<string, MetricAlarm>();
  const expected = new Set<string>();
  for (const c of cells) {
    const name = heartbeatAlarmName(c.account, c.region);
    expected.add(name);
    const alarm = alarms.get(name);
    if (alarm) byCell.set(`${c.account}/${c.region}`, alarm);
  }
  const unexpected = [...alarms.keys()].filter((n) => !expected.has(n) && parseHeartbeatAlarmName(n) !== undefined).sort();
  return { byCell, unexpected };
}

/** Throws a KeywatchError (exit 2) unless `hours` is a whole number from 1 to MAX_DELIVERY_HOURS. */
export function checkDeliveryHours(hours: number): void {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_DELIVERY_HOURS) {
    throw new KeywatchError(`'--delivery-hours' must be a whole number from 1 to ${MAX_DELIVERY_HOURS}; got '${hours}'`);
  }
}

/**
 * Sender delivery failures per cell ("account/region" → count) in the `hours` before `now`: the sum of
 * SENDER_DELIVERY_METRIC (one datapoint per member delivery alarm entering ALARM) over one period of `hours`, read with
 * GetMetricData in requests of METRIC_QUERIES_PER_REQUEST (CloudWatch bills $0.01 per 1,000 metrics requested). A cell
 * with no data has 0 failures. Throws KeywatchError when CloudWatch answers a query with Forbidden or InternalError.
 */
export async function readDeliveryFailures(
  cloudWatch: CloudWatchClient,
  cells: readonly { readonly account: string; readonly region: string }[],
  hours: number,
  now: Date,
  ctx: AwsErrorContext,
): Promise<Map<string, number>> {
  checkDeliveryHours(hours);
  const counts = new Map<string, number>(cells.map((c) => [`${c.account}/${c.region}`, 0]));
  const keys = [...counts.keys()];
  const end = new Date(Math.ceil(now.getTime() / 60_000) * 60_000); // whole minutes, so the one period covers the window
  const start = new Date(end.getTime() - hours * 3_600_000);
  for (let offset = 0; offset < keys.length; offset += METRIC_QUERIES_PER_REQUEST) {
    const batch = keys.slice(offset, offset + METRIC_QUERIES_PER_REQUEST);
    const queries: MetricDataQuery[] = batch.map((key, i) => {
      const [account, region] = key.split('/');
      return {
        Id: `d${i}`,
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: SENDER_DELIVERY_METRIC.namespace,
            MetricName: SENDER_DELIVERY_METRIC.name,
            Dimensions: [
              { Name: 'account', Value: account },
              { Name: 'region', Value: region },
            ],
          },
          Period: hours * 3600,
          Stat: 'Sum',
        },
      };
    });
    await withAwsErrors({ ...ctx, operation: 'cloudwatch:GetMetricData' }, async () => {
      for await (const page of paginateGetMetricData({ client: cloudWatch }, { MetricDataQueries: queries, StartTime: start, EndTime: end })) {
        for (const r of page.MetricDataResults ?? []) {
          if (r.StatusCode === 'Forbidden' || r.StatusCode === 'InternalError') {
            throw new KeywatchError(
              `CloudWatch answered GetMetricData for ${SENDER_DELIVERY_METRIC.namespace}/${SENDER_DELIVERY_METRIC.name} with ${r.StatusCode}${r.Messages?.length ? ` (${r.Messages.map((m) => m.Value).join('; ')})` : ''}; nothing was concluded from it. Check cloudwatch:GetMetricData on the security account, then try again.`,
            );
          }
          const key = batch[Number((r.Id ?? '').slice(1))];
          if (key === undefined) continue;
          const sum = (r.Values ?? []).reduce((a, b) => a + b, 0);
          counts.set(key, (counts.get(key) ?? 0) + sum);
        }
      }
    });
  }
  return counts;
}
