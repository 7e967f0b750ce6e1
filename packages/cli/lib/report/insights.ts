import { GetQueryResultsCommand, StartQueryCommand, StopQueryCommand, type CloudWatchLogsClient, type QueryStatistics } from '@aws-sdk/client-cloudwatch-logs';
import { KeywatchError } from '@keywatch/shared';

/** How to run one Logs Insights query. */
export interface InsightsQueryOptions {
  readonly logGroupName: string;
  readonly start: Date;
  readonly end: Date;
  readonly query: string;
  /**
   * First wait between GetQueryResults polls, in ms; each wait is 1.5× the last, plus up to 20 % jitter.
   * @default 500
   */
  readonly pollInitialMs?: number;
  /**
   * Longest wait between polls, in ms.
   * @default 5000
   */
  readonly pollMaxMs?: number;
  /**
   * Give up (and StopQuery) after this many ms.
   * @default 900000 (15 minutes)
   */
  readonly timeoutMs?: number;
  /**
   * Sleep function (tests pass a fake).
   * @default - setTimeout
   */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The rows of a finished query (fields by name, @ptr left out) and its statistics. */
export interface InsightsResult {
  readonly rows: Record<string, string>[];
  readonly statistics?: QueryStatistics;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Delay before poll number `attempt` (0-based): initial × 1.5^attempt capped at max, times 1–1.2 jitter (defaults 500 ms, 5000 ms). */
export function pollDelay(attempt: number, initialMs = 500, maxMs = 5000, random: () => number = Math.random): number {
  return Math.min(maxMs, initialMs * 1.5 ** attempt) * (1 + 0.2 * random());
}

/** Runs a query (StartQuery, then GetQueryResults with backoff until Complete; Failed, Cancelled, Timeout or Unknown throw KeywatchError). */
export async function runInsightsQuery(logs: CloudWatchLogsClient, options: InsightsQueryOptions): Promise<InsightsResult> {
  const sleep = options.sleep ?? realSleep;
  const started = await logs.send(
    new StartQueryCommand({
      logGroupName: options.logGroupName,
      startTime: Math.floor(options.start.getTime() / 1000),
      endTime: Math.ceil(options.end.getTime() / 1000),
      queryString: options.query,
    }),
  );
  const queryId = started.queryId;
  if (!queryId) throw new KeywatchError('CloudWatch Logs StartQuery returned no query ID.');
  const deadline = Date.now() + (options.timeoutMs ?? 900_000);
  for (let attempt = 0; ; attempt++) {
    const out = await logs.send(new GetQueryResultsCommand({ queryId }));
    switch (out.status) {
      case 'Complete':
        return {
          rows: (out.results ?? []).map((fields) =>
            Object.fromEntries(fields.filter((f) => f.field && f.field !== '@ptr').map((f) => [f.field as string, f.value ?? ''])),
          ),
          ...(out.statistics ? { statistics: out.statistics } : {}),
        };
      case 'Failed':
      case 'Cancelled':
      case 'Timeout':
      case 'Unknown':
        throw new KeywatchError(
          `The Logs Insights query on ${options.logGroupName} ended with status ${out.status}; try a shorter --since window. Query: ${options.query}`,
        );
      default: // Scheduled, Running
        if (Date.now() >= deadline) {
          await logs.send(new StopQueryCommand({ queryId })).catch(() => undefined);
          throw new KeywatchError(`The Logs Insights query on ${options.logGroupName} did not finish in time and was stopped; try a shorter --since window.`);
        }
        await sleep(pollDelay(attempt, options.pollInitialMs, options.pollMaxMs));
    }
  }
}
