import { Option, type Command } from 'commander';
import { runHunt, type HuntRunOptions } from '../../hunt/hunt';
import { OUTPUT_FORMATS, type OutputFormat } from '../../output/document';
import type { RegisterCommand } from './index';

/** Options of `keywatch hunt` as commander parses them. */
export interface HuntCliOptions {
  readonly config: string;
  readonly since: string;
  readonly until?: string;
  readonly accounts?: string[];
  readonly regions?: string[];
  readonly printSql?: boolean;
  readonly dryRun?: boolean;
  readonly lake?: string;
  readonly profile?: string;
  readonly outputLocation?: string;
  readonly format: OutputFormat;
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly markdown?: boolean;
  readonly html?: boolean;
  readonly output?: string;
}

const list = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

/** Runs `keywatch hunt`; Ctrl-C stops the Athena query; process.exitCode = 1 when there are findings. */
export async function huntAction(opts: HuntCliOptions, run: (o: HuntRunOptions) => ReturnType<typeof runHunt> = runHunt): Promise<void> {
  const shortcuts = (['json', 'csv', 'markdown', 'html'] as const).filter((f) => opts[f]);
  const format: OutputFormat = shortcuts.length > 0 ? shortcuts[shortcuts.length - 1] : opts.format;
  const abort = new AbortController();
  const onSigint = () => {
    process.stderr.write('\nkeywatch hunt: stopping the Athena query…\n');
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const outcome = await run({
      config: opts.config,
      since: opts.since,
      until: opts.until,
      accounts: opts.accounts,
      regions: opts.regions,
      printSql: opts.printSql,
      dryRun: opts.dryRun,
      lakeEventDataStore: opts.lake,
      profile: opts.profile,
      outputLocation: opts.outputLocation,
      format,
      output: opts.output,
      signal: abort.signal,
    });
    if (outcome.findings.length > 0) process.exitCode = 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** The `hunt` command; `action` defaults to huntAction (tests pass a spy). */
export function huntCommand(action: (opts: HuntCliOptions) => Promise<void> = (o) => huntAction(o)): RegisterCommand {
  return (program: Command) => {
    program
      .command('hunt')
      .description('Run the deployed policy as SQL on Amazon Athena over the organization trail: past uses of watched keys from outside the allowed networks')
      .option('-c, --config <file>', 'keywatch configuration file (needs a hunt section)', 'keywatch.yml')
      .option('--since <time>', 'start: a duration before now (24h, 7d, 90d) or an ISO 8601 time', '7d')
      .option('--until <time>', 'end: a duration before now or an ISO 8601 time (default: now)')
      .option('--accounts <ids>', 'only these accounts (IDs or directory names, comma-separated; repeatable)', list)
      .option('--regions <regions>', 'only these regions of deployment.regions (comma-separated; repeatable)', list)
      .option('--print-sql', 'print the query and stop (nothing is run)')
      .option('--dry-run', 'print the partitions the query reads and what it can cost, and stop')
      .option('--lake <event-data-store-id>', 'query this CloudTrail Lake event data store instead (existing Lake customers only)')
      .option('--profile <name>', 'AWS profile of the account that runs the queries (hunt.account)')
      .option('--output-location <s3-uri>', 'Athena results location when the workgroup sets none (s3://bucket/prefix/)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
      .option('--json', 'same as --format json: { "findings": [...], "summary": {...} }')
      .option('--csv', 'same as --format csv: one row per finding')
      .option('--markdown', 'same as --format markdown')
      .option('--html', 'same as --format html')
      .option('-o, --output <file>', 'write the output to this file instead of stdout')
      .action(async (opts: HuntCliOptions) => action(opts));
  };
}

/** Registers `keywatch hunt`. */
export const registerHunt: RegisterCommand = huntCommand();
