import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type QueryExecution,
} from '@aws-sdk/client-athena';
import { KeywatchError } from '@keywatch/shared';
import { explainAwsError, type AwsErrorContext } from '../aws/errors';
import { pollDelay } from '../report/insights';

/** How to run one Athena query. */
export interface AthenaQueryOptions {
  readonly sql: string;
  /** Athena workgroup (its settings give the results location and the scan cutoff). */
  readonly workgroup: string;
  /** Catalog database the query's unqualified names resolve in. */
  readonly database: string;
  /**
   * Results location, when the workgroup does not enforce one.
   * @default - the workgroup's
   */
  readonly outputLocation?: string;
  /**
   * Called after each poll with the state and bytes scanned so far.
   * @default - no progress
   */
  readonly onProgress?: (state: string, bytesScanned: number) => void;
  /**
   * Aborting it (Ctrl-C) stops the query with StopQueryExecution and throws a cancelled KeywatchError.
   * @default - never aborted
   */
  readonly signal?: AbortSignal;
  /**
   * First wait between polls in ms (×1.5 each time, capped at pollMaxMs).
   * @default 500
   */
  readonly pollInitialMs?: number;
  /**
   * Longest wait between polls in ms.
   * @default 5000
   */
  readonly pollMaxMs?: number;
  /**
   * Sleep function (tests pass a fake).
   * @default - setTimeout
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Profile and region, for error messages only.
   * @default - not mentioned
   */
  readonly profile?: string;
  readonly region?: string;
  /**
   * Whose credentials the query needs, for error messages only (AwsErrorContext.account).
   * @default - explainAwsError's default
   */
  readonly account?: string;
}

/** A finished query: its rows (column name → value, null for NULL) and statistics. */
export interface AthenaQueryResult {
  readonly queryExecutionId: string;
  readonly rows: Record<string, string | null>[];
  readonly bytesScanned: number;
  readonly engineMs: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `sql` on Athena: StartQueryExecution, GetQueryExecution polled with backoff (progress: state and data scanned)
 * until SUCCEEDED, then every page of GetQueryResults. FAILED and CANCELLED throw a KeywatchError with Athena's reason
 * (missing table, access denied and the scan cutoff worded with their fix); an abort stops the query first.
 */
export async function runAthenaQuery(athena: AthenaClient, options: AthenaQueryOptions): Promise<AthenaQueryResult> {
  const sleep = options.sleep ?? realSleep;
  const ctx = { operation: 'athena:StartQueryExecution', profile: options.profile, region: options.region, account: options.account };
  let id: string | undefined;
  try {
    const started = await athena.send(
      new StartQueryExecutionCommand({
        QueryString: options.sql,
        WorkGroup: options.workgroup,
        QueryExecutionContext: { Database: options.database },
        ...(options.outputLocation ? { ResultConfiguration: { OutputLocation: options.outputLocation } } : {}),
      }),
    );
    id = started.QueryExecutionId;
  } catch (err) {
    throw explainAthenaError(err, options, ctx);
  }
  if (!id) throw new KeywatchError('Athena StartQueryExecution returned no query execution ID.');
  const queryId = id;

  let stopping: Promise<unknown> | undefined;
  const stop = () => {
    stopping ??= athena.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId })).catch(() => undefined);
    return stopping;
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });

  let execution: QueryExecution | undefined;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) {
      await stop();
      throw new KeywatchError(`Cancelled: the Athena query ${queryId} was stopped (StopQueryExecution); data scanned until then is billed.`);
    }
    try {
      execution = (await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId }))).QueryExecution;
    } catch (err) {
      throw explainAthenaError(err, options, { ...ctx, operation: 'athena:GetQueryExecution' });
    }
    const state = execution?.Status?.State ?? 'UNKNOWN';
    options.onProgress?.(state, execution?.Statistics?.DataScannedInBytes ?? 0);
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED') throw failed(queryId, execution);
    if (state === 'CANCELLED') {
      const reason = execution?.Status?.StateChangeReason ?? '';
      throw new KeywatchError(
        /bytes scanned|BytesScannedCutoff|data scanned/i.test(reason)
          ? `The Athena query ${queryId} was cancelled by the workgroup's data-scanned limit ("${reason}"); hunt a shorter window (--since/--until) or fewer accounts/regions, or raise hunt.maxScanGigabytes.`
          : `The Athena query ${queryId} was cancelled${reason ? ` ("${reason}")` : ''}.`,
      );
    }
    await sleep(pollDelay(attempt, options.pollInitialMs ?? 500, options.pollMaxMs ?? 5000));
  }

  const rows: Record<string, string | null>[] = [];
  let columns: string[] | undefined;
  let nextToken: string | undefined;
  do {
    if (options.signal?.aborted) throw new KeywatchError(`Cancelled while reading the results of Athena query ${queryId}.`);
    let page;
    try {
      page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: queryId, NextToken: nextToken, MaxResults: 1000 }));
    } catch (err) {
      throw explainAthenaError(err, options, { ...ctx, operation: 'athena:GetQueryResults' });
    }
    const info = page.ResultSet?.ResultSetMetadata?.ColumnInfo;
    let data = page.ResultSet?.Rows ?? [];
    if (columns === undefined) {
      columns = (info ?? []).map((c) => c.Name ?? '');
      // The first page of a SELECT starts with a header row holding the column names.
      if (data.length > 0 && (data[0].Data ?? []).every((d, i) => d.VarCharValue === columns![i])) data = data.slice(1);
    }
    for (const row of data) {
      const out: Record<string, string | null> = {};
      (row.Data ?? []).forEach((d, i) => (out[columns![i]] = d.VarCharValue ?? null));
      rows.push(out);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return {
    queryExecutionId: queryId,
    rows,
    bytesScanned: execution?.Statistics?.DataScannedInBytes ?? 0,
    engineMs: execution?.Statistics?.EngineExecutionTimeInMillis ?? 0,
  };
}

/** The KeywatchError for a FAILED query: Athena's reason, and the fix for a missing table or denied access. */
function failed(queryId: string, execution: QueryExecution | undefined): KeywatchError {
  const reason = execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
  if (/TABLE_NOT_FOUND|SCHEMA_NOT_FOUND|does not exist|Database .* not found|not found/i.test(reason)) {
    return new KeywatchError(
      `The Athena query ${queryId} failed: the CloudTrail table is missing ("${reason}"); deploy it with hunt.deploy: true, or name an existing table with hunt.database and hunt.table.`,
    );
  }
  if (/Access ?Denied|PERMISSION_DENIED|not authorized|Insufficient permissions/i.test(reason)) {
    return new KeywatchError(
      `The Athena query ${queryId} failed: access denied ("${reason}"); the credentials need glue:GetTable/GetPartitions, s3:GetObject/ListBucket on the trail bucket (and kms:Decrypt on its key) and s3:PutObject on the results bucket.`,
    );
  }
  return new KeywatchError(`The Athena query ${queryId} failed: ${reason}`);
}

/** explainAwsError, plus Athena's own request errors (unknown workgroup). */
function explainAthenaError(err: unknown, options: AthenaQueryOptions, ctx: AwsErrorContext): unknown {
  const name = (err as { name?: string } | null)?.name ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'InvalidRequestException' && /workgroup/i.test(message)) {
    return new KeywatchError(
      `Athena refused ${ctx.operation}: ${message} (hunt.workgroup is '${options.workgroup}'); deploy it with hunt.deploy: true or name an existing workgroup.`,
    );
  }
  if (name === 'InvalidRequestException') return new KeywatchError(`Athena refused ${ctx.operation}: ${message}`);
  return explainAwsError(err, ctx);
}
