import { Option, type Command } from 'commander';
import { suggestAllowlist, type SuggestAllowlistOptions } from '../../allowlist/suggest';
import { AWS_IP_RANGES_URL, defaultAwsRangesFile, updateAwsRanges, type UpdateAwsRangesOptions } from '../../allowlist/aws-ranges';
import { parseTimeSpec } from '../../report/time';
import { positiveInt } from './audit';
import type { RegisterCommand } from './index';

/** Options of `keywatch allowlist suggest` as commander parses them. */
interface SuggestCliOptions {
  readonly config: string;
  readonly fromHunt?: string;
  readonly json?: boolean;
  readonly writeConfig?: boolean;
  readonly diff?: boolean;
  readonly check: boolean;
  readonly minCalls: number;
  readonly minDays: number;
  readonly ipv4Prefix: number;
  readonly ipv6Prefix: number;
  readonly awsRanges?: string;
  readonly since?: string;
  readonly until?: string;
}

/** What the `allowlist suggest` command hands on: suggest's options with the times as written. */
export interface SuggestCommandOptions extends Omit<SuggestAllowlistOptions, 'since' | 'until'> {
  /** Only calls at or after: ISO 8601 or a duration before `now` (7d, 24h). @default - none */
  readonly since?: string;
  /** Only calls at or before, same forms. @default - none */
  readonly until?: string;
}

/**
 * The command's part of `keywatch allowlist suggest`: parses --since and --until (KeywatchError naming the option), runs
 * suggestAllowlist and sets exit code 1 when the check found alerts above the thresholds or an account could not be patched.
 */
export async function runSuggest(options: SuggestCommandOptions): Promise<void> {
  const { since, until, ...rest } = options;
  const now = options.now ?? new Date();
  const result = await suggestAllowlist({
    ...rest,
    now,
    since: since === undefined ? undefined : parseTimeSpec(since, now, '--since'),
    until: until === undefined ? undefined : parseTimeSpec(until, now, '--until'),
  });
  if (result.findings) process.exitCode = 1;
}

/** Runs `keywatch allowlist update-aws-ranges` and says what it wrote. */
export async function runUpdateAwsRanges(options: UpdateAwsRangesOptions): Promise<void> {
  const r = await updateAwsRanges(options);
  process.stderr.write(`keywatch: wrote ${r.prefixes} prefixes of ip-ranges.json (syncToken ${r.syncToken}, created ${r.createDate}) to ${r.file}\n`);
}

/** The `allowlist` command group (suggest, update-aws-ranges); the actions default to the library functions (tests pass spies). */
export function allowlistCommand(
  suggest: (options: SuggestCommandOptions) => Promise<void> = runSuggest,
  update: (options: UpdateAwsRangesOptions) => Promise<void> = runUpdateAwsRanges,
): RegisterCommand {
  return (program: Command) => {
    const allowlist = program.command('allowlist').description('Learn and maintain allowlists');
    allowlist
      .command('suggest')
      .description("Propose each account's allowed networks from the watched-key calls in CloudTrail logs (or hunt results), with evidence")
      .argument('[inputs...]', "CloudTrail log files (.json.gz, .json, NDJSON, EventBridge events), directories (walked recursively) or '-' for stdin")
      .option('-c, --config <file>', 'keywatch configuration file', 'keywatch.yml')
      .option('--from-hunt <file>', 'read the JSON output of `keywatch hunt --json` instead of CloudTrail logs')
      .option('--json', 'one JSON document: the suggestion with its evidence, the entries added, the check')
      .option('--write-config', 'add the proposed networks to the configuration file (comments and order kept, nothing removed)')
      .option('--diff', 'print the change to the configuration file as a unified diff')
      .option('--no-check', 'do not replay the logs through the patched configuration')
      .addOption(new Option('--min-calls <n>', 'propose a network only with at least this many calls').argParser(positiveInt).default(3))
      .addOption(new Option('--min-days <n>', 'propose a network only when used on at least this many UTC days').argParser(positiveInt).default(2))
      .addOption(new Option('--ipv4-prefix <n>', 'aggregate IPv4 addresses to this prefix length (16-32)').argParser(positiveInt).default(24))
      .addOption(new Option('--ipv6-prefix <n>', 'aggregate IPv6 addresses to this prefix length (32-128)').argParser(positiveInt).default(48))
      .option('--aws-ranges <file>', `AWS's ip-ranges.json as cached by update-aws-ranges (default: ${defaultAwsRangesFile()})`)
      .option('--since <time>', 'only calls at or after: a duration before now (30m, 24h, 7d) or an ISO 8601 time')
      .option('--until <time>', 'only calls at or before: a duration before now or an ISO 8601 time')
      .action(async (inputs: string[], opts: SuggestCliOptions) => {
        await suggest({
          inputs,
          config: opts.config,
          fromHunt: opts.fromHunt,
          format: opts.json ? 'json' : 'text',
          writeConfig: opts.writeConfig === true,
          diff: opts.diff === true,
          check: opts.check,
          minCalls: opts.minCalls,
          minDays: opts.minDays,
          ipv4Prefix: opts.ipv4Prefix,
          ipv6Prefix: opts.ipv6Prefix,
          awsRanges: opts.awsRanges,
          since: opts.since,
          until: opts.until,
        });
      });
    allowlist
      .command('update-aws-ranges')
      .description(`Fetch AWS's published IP ranges (${AWS_IP_RANGES_URL}) into the local cache that suggest reads`)
      .option('-o, --output <file>', `cache file (default: ${defaultAwsRangesFile()})`)
      .action(async (opts: { output?: string }) => update({ file: opts.output }));
  };
}

/** Registers `keywatch allowlist`. */
export const registerAllowlist: RegisterCommand = allowlistCommand();
