import { AthenaClient } from '@aws-sdk/client-athena';
import { S3Client } from '@aws-sdk/client-s3';
import { fromIni } from '@aws-sdk/credential-providers';
import { loadConfig } from '@keywatch/central';
import { compileHunt, KeywatchError, type AccountsDirectory, type HuntQuery, type HuntSource, type KeywatchConfig } from '@keywatch/shared';
import { clientOptionsFromEnv, DEFAULT_MAX_ATTEMPTS } from '../aws/clients';
import type { OutputFormat } from '../output/document';
import { emitOutput } from '../output/emit';
import { renderDocument } from '../output/render';
import { writeWarning } from '../output/warning';
import { resolveWindow } from '../report/time';
import { runAthenaQuery, type AthenaQueryOptions, type AthenaQueryResult } from './athena';
import { huntDocument, formatBytes } from './document';
import { estimateScan, type ScanEstimate } from './estimate';
import { summarizeFindings, toFinding, type HuntFinding, type HuntSummary } from './findings';

/** Athena's price per terabyte scanned (us-east-1 and most regions; a 10 MB minimum per query). */
export const ATHENA_USD_PER_TB = 5;

/** Options of runHunt. */
export interface HuntRunOptions {
  /** keywatch.yml. */
  readonly config: string;
  /** Window start: a duration before now (90d) or an ISO 8601 time. */
  readonly since: string;
  /** Window end. @default - now */
  readonly until?: string;
  /** Only these accounts (IDs or directory names). @default - every account */
  readonly accounts?: readonly string[];
  /** Only these regions (of deployment.regions). @default - every deployed region */
  readonly regions?: readonly string[];
  /** Print the SQL and stop. @default false */
  readonly printSql?: boolean;
  /** Print the partitions and the scan bound and stop. @default false */
  readonly dryRun?: boolean;
  /** Query this CloudTrail Lake event data store instead of the Athena table (existing Lake customers only). @default - the Athena table */
  readonly lakeEventDataStore?: string;
  /** Output format. @default 'table' */
  readonly format?: OutputFormat;
  /** Write the output to this file. @default - stdout */
  readonly output?: string;
  /** AWS profile of hunt.account. @default - the default credential chain */
  readonly profile?: string;
  /** Athena results location when the workgroup sets none (s3://…/). @default - the workgroup's */
  readonly outputLocation?: string;
  /** Current time. @default - new Date() */
  readonly now?: Date;
  /** Athena client factory (tests). @default - a client for hunt.region with the profile */
  readonly athena?: (region: string) => AthenaClient;
  /** S3 client factory for the --dry-run estimate (tests). @default - a client for hunt.region with the profile */
  readonly s3?: (region: string) => S3Client;
  /** Cancels the query (Ctrl-C). @default - never */
  readonly signal?: AbortSignal;
  /** Polling settings (tests). @default - runAthenaQuery's */
  readonly polling?: Pick<AthenaQueryOptions, 'pollInitialMs' | 'pollMaxMs' | 'sleep'>;
  /** Where progress and notes go. @default process.stderr */
  readonly stderr?: NodeJS.WritableStream;
  /** Where the output goes. @default process.stdout */
  readonly stdout?: NodeJS.WritableStream;
}

/** What runHunt did: the findings (empty for --print-sql and --dry-run) and the summary. */
export interface HuntOutcome {
  readonly findings: readonly HuntFinding[];
  readonly summary?: HuntSummary;
  readonly query: HuntQuery;
}

/**
 * `keywatch hunt`: compiles the deployed policy into one Athena (or CloudTrail Lake) query over the organization trail,
 * runs it in hunt.workgroup and prints the findings (same fields as simulate's) with a summary by account, key, IP and day.
 */
export async function runHunt(options: HuntRunOptions): Promise<HuntOutcome> {
  const stderr = options.stderr ?? process.stderr;
  const loaded = loadConfig(options.config);
  for (const w of loaded.warnings) writeWarning(w, stderr);
  const { config, directory } = loaded;
  const hunt = config.hunt;
  if (!hunt) {
    throw new KeywatchError(
      `${options.config} has no 'hunt' section: add one naming the organization trail (hunt: { deploy: true, trail: { bucket: <bucket> } }) or an existing Athena table (hunt: { database: …, table: … }); README.md, "keywatch hunt"`,
    );
  }
  const { start, end } = resolveWindow(options.since, options.until, options.now ?? new Date());
  const accounts = options.accounts ? resolveAccounts(options.accounts, directory, options.config) : undefined;
  const source: HuntSource = options.lakeEventDataStore
    ? { dialect: 'cloudtrail-lake', eventDataStore: options.lakeEventDataStore }
    : { dialect: 'athena', database: hunt.database, table: hunt.table, partitionColumns: hunt.partitionColumns };
  const query = compileHunt(config, directory, { source, since: start, until: end, accounts, regions: options.regions });
  const stdout = options.stdout ?? process.stdout;

  if (options.printSql) {
    await emitOutput(`${query.sql}\n`, options.output, stdout);
    return { findings: [], query };
  }
  const region = hunt.region ?? config.central.region;
  // hunt runs where the trail bucket and the Athena workgroup are, not in the management account.
  const account = `the account that holds the trail bucket and the Athena workgroup (hunt.account, default central.account: ${hunt.account ?? config.central.account})`;
  if (options.dryRun) {
    const accountIds = query.partitions.accounts ?? directory?.accounts.map((a) => a.id);
    let estimate: ScanEstimate | string;
    if (!hunt.trail) {
      estimate = 'not measured: hunt.trail names no bucket to measure';
    } else if (!accountIds) {
      estimate = 'not measured: name --accounts, or set accounts: to the accounts directory';
    } else {
      const s3 = options.s3?.(region) ?? newS3Client(region, options.profile);
      try {
        estimate = await estimateScan(s3, {
          bucket: hunt.trail.bucket,
          prefix: hunt.trail.prefix,
          organizationId: config.organization.id,
          accounts: accountIds,
          regions: query.partitions.regions,
          sampleDay: sampleDay(start, end, options.now ?? new Date()),
          days: query.partitions.days,
          profile: options.profile,
          account,
        });
      } catch (err) {
        // The partitions and the cost bound are still worth printing; say why the bucket could not be measured.
        if (!(err instanceof KeywatchError)) throw err;
        estimate = `not measured: ${err.message}`;
      }
    }
    await emitOutput(dryRunText(query, config, directory, estimate), options.output, stdout);
    return { findings: [], query };
  }

  const athena = options.athena?.(region) ?? newAthenaClient(region, options.profile);
  const progress = progressLine(stderr);
  let result: AthenaQueryResult;
  try {
    result = await runAthenaQuery(athena, {
      sql: query.sql,
      workgroup: hunt.workgroup,
      database: hunt.database,
      outputLocation: options.outputLocation,
      onProgress: progress.update,
      signal: options.signal,
      profile: options.profile,
      region,
      account,
      ...options.polling,
    });
  } finally {
    progress.stop();
  }
  const findings = result.rows.map((r) => toFinding(r, directory));
  const summary = summarizeFindings(findings, start, end, { bytesScanned: result.bytesScanned, queryExecutionId: result.queryExecutionId });
  const format = options.format ?? 'table';
  const color = format === 'table' && !options.output && (stdout as NodeJS.WriteStream).isTTY === true && !process.env.NO_COLOR;
  await emitOutput(renderDocument(huntDocument(findings, summary, options.now ?? new Date()), format, { color }), options.output, stdout);
  stderr.write(
    `keywatch hunt: ${findings.length} finding${findings.length === 1 ? '' : 's'}; Athena scanned ${formatBytes(result.bytesScanned)} (about $${usd(result.bytesScanned)})${options.output ? `; written to ${options.output}` : ''}\n`,
  );
  return { findings, summary, query };
}

/** Account IDs for --accounts values: 12-digit IDs as they are, names looked up in the directory; throws naming the unknown ones. */
export function resolveAccounts(refs: readonly string[], directory: AccountsDirectory | undefined, file: string): string[] {
  const unknown: string[] = [];
  const ids = refs.map((ref) => {
    if (/^\d{12}$/.test(ref)) return ref;
    const found = directory?.accounts.find((a) => a.name === ref);
    if (!found) unknown.push(ref);
    return found?.id ?? '';
  });
  if (unknown.length > 0) {
    throw new KeywatchError(
      `--accounts names ${unknown.map((u) => `'${u}'`).join(', ')}, ${directory ? `not in the accounts directory of ${file}` : `but ${file} has no accounts directory`}; give 12-digit account IDs or names from the directory (keywatch accounts sync)`,
    );
  }
  return ids;
}

/** The day --dry-run measures: the day of `until`, or yesterday when `until` is today or later (today's folder is still filling), not before `since`. */
export function sampleDay(since: Date, until: Date, now: Date): string {
  const day = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const pick = Math.max(day(since), Math.min(day(until), day(now) - 86_400_000));
  return new Date(pick).toISOString().slice(0, 10).replace(/-/g, '/');
}

/** The --dry-run text: what the query reads, the measured estimate (or why there is none) and what that can cost. */
export function dryRunText(query: HuntQuery, config: KeywatchConfig, directory?: AccountsDirectory, estimate?: ScanEstimate | string): string {
  const p = query.partitions;
  const hunt = config.hunt!;
  const accountCount = p.accounts?.length ?? directory?.accounts.length;
  const partitions = accountCount !== undefined ? accountCount * p.regions.length * p.days : undefined;
  const cap = hunt.maxScanGigabytes * 1e9;
  const lines = [
    `keywatch hunt --dry-run (${query.dialect === 'athena' ? `Athena table ${hunt.database}.${hunt.table}, workgroup ${hunt.workgroup}` : 'CloudTrail Lake'})`,
    `  days:      ${p.firstDay} to ${p.lastDay} (${p.days} day partitions; the last day holds late deliveries)`,
    `  regions:   ${p.regions.join(', ')} (${p.regions.length})`,
    `  accounts:  ${p.accounts ? `${p.accounts.join(', ')} (${p.accounts.length})` : `every account of the table${directory ? ` (${directory.accounts.length} in the directory)` : ''}`}`,
    `  partitions read: ${partitions !== undefined ? `${partitions} (accounts × regions × days)` : `every account × ${p.regions.length} regions × ${p.days} days`}`,
    `  allowlists checked: ${query.policies}`,
    typeof estimate === 'object'
      ? `  estimated scan: ${formatBytes(estimate.estimatedBytes)} (about $${usd(estimate.estimatedBytes)}): ${formatBytes(estimate.sampleBytes)} in ${estimate.sampleFiles} files on ${estimate.sampleDay} × ${p.days} days`
      : `  estimated scan: ${estimate ?? 'not measured'}`,
    `  scan: Athena reads every CloudTrail file in these partitions (gzip bytes) and bills $${ATHENA_USD_PER_TB} per TB, 10 MB minimum;`,
    `        the workgroup stops a query after ${hunt.maxScanGigabytes} GB (hunt.maxScanGigabytes), so one hunt costs at most about $${usd(cap)}.`,
  ];
  return `${lines.join('\n')}\n`;
}

function usd(bytes: number): string {
  return ((bytes / 1e12) * ATHENA_USD_PER_TB).toFixed(bytes < 1e11 ? 4 : 2);
}

function newS3Client(region: string, profile?: string): S3Client {
  const endpoint = clientOptionsFromEnv().endpoint;
  return new S3Client({
    region,
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    retryMode: 'adaptive',
    ...(profile ? { credentials: fromIni({ profile }) } : {}),
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
}

function newAthenaClient(region: string, profile?: string): AthenaClient {
  const endpoint = clientOptionsFromEnv().endpoint;
  return new AthenaClient({
    region,
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    retryMode: 'adaptive',
    ...(profile ? { credentials: fromIni({ profile }) } : {}),
    ...(endpoint ? { endpoint } : {}),
  });
}

/** One status line on a TTY (state and data scanned, rewritten in place), or a line per state change otherwise. */
function progressLine(stream: NodeJS.WritableStream): { update: (state: string, bytes: number) => void; stop: () => void } {
  const tty = (stream as NodeJS.WriteStream).isTTY === true;
  let last = '';
  let written = false;
  return {
    update: (state, bytes) => {
      const text = `Athena query ${state.toLowerCase()}, ${formatBytes(bytes)} scanned`;
      if (tty) {
        stream.write(`\r\x1b[2K${text}`);
        written = true;
      } else if (state !== last) {
        stream.write(`${text}\n`);
      }
      last = state;
    },
    stop: () => {
      if (tty && written) stream.write('\r\x1b[2K');
    },
  };
}
