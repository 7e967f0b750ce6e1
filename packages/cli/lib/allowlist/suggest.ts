import * as fs from 'fs';
import type { Readable } from 'stream';
import { AllowlistLearner, KeywatchError, resolvePolicy, type AllowlistSuggestion, type SuggestOptions } from '@keywatch/shared';
import { loadConfig } from '@keywatch/central';
import { progressBar } from '../output/progress';
import { writeFileAtomic } from '../output/write-file';
import { warningLine } from '../output/warning';
import { formatProblem } from '../simulate/types';
import { AsnDataset } from './asn-dataset';
import { defaultAwsRangesFile, readAwsIpRanges } from './aws-ranges';
import { checkWithSimulate, type SuggestionCheck } from './check';
import { describeWith } from './describe-network';
import { configDiff, patchConfig, type ConfigPatch } from './patch-config';
import { readCloudTrailCalls, readHuntCalls, type ReadCallsResult } from './read-calls';
import { renderSuggestion } from './render';

/** Options of suggestAllowlist, as the CLI gives them. */
export interface SuggestAllowlistOptions extends SuggestOptions {
  /** CloudTrail files, directories and "-" (stdin); empty with fromHunt. */
  readonly inputs: readonly string[];
  /** The JSON output of `keywatch hunt --json` instead of CloudTrail logs. @default - read `inputs` */
  readonly fromHunt?: string;
  /** keywatch.yml. @default 'keywatch.yml' */
  readonly config?: string;
  /** Output: a table for people, or one JSON document. @default 'text' */
  readonly format?: 'text' | 'json';
  /** Write the patched keywatch.yml (atomically) over the configuration file. @default false */
  readonly writeConfig?: boolean;
  /** Print the patch as a unified diff. @default false */
  readonly diff?: boolean;
  /** Replay the logs through the patched configuration with `simulate` (CloudTrail inputs only). @default true */
  readonly check?: boolean;
  /** ip-ranges.json cache. @default defaultAwsRangesFile() */
  readonly awsRanges?: string;
  /** The ASN dataset folder. @default - the installed @ip-location-db/asn package */
  readonly asnDirectory?: string;
  /** Only calls at or after (the command parses --since). @default - none */
  readonly since?: Date;
  /** Only calls at or before (the command parses --until). @default - none */
  readonly until?: Date;
  /** The date in evidence comments, and the day configuration expiries are checked against. @default new Date() */
  readonly now?: Date;
  /** Where output goes. @default process.stdout */
  readonly write?: (text: string) => void;
  /** Where warnings go. @default process.stderr */
  readonly warn?: (text: string) => void;
  /** The stream read for "-". @default process.stdin */
  readonly stdin?: Readable;
  /** Show a progress bar on stderr when it is a TTY. @default true */
  readonly progress?: boolean;
}

/** What suggestAllowlist found and did. */
export interface SuggestAllowlistResult {
  readonly suggestion: AllowlistSuggestion;
  readonly read: ReadCallsResult;
  /** The patch (always computed, written only with writeConfig). */
  readonly patch: ConfigPatch;
  /** The simulate check. @default - not run (hunt input, or check off) */
  readonly check?: SuggestionCheck;
  /** True when something needs the user: alerts above the thresholds remain, or an account could not be patched. */
  readonly findings: boolean;
}

/**
 * `keywatch allowlist suggest`: learns from the watched-key calls of CloudTrail logs (or of `keywatch hunt --json`)
 * which networks each account uses, proposes them with their evidence, patches keywatch.yml (printed with --diff,
 * written with --write-config) and replays the logs through the patched configuration. Throws KeywatchError for bad
 * options and inputs.
 */
export async function suggestAllowlist(options: SuggestAllowlistOptions): Promise<SuggestAllowlistResult> {
  const write = options.write ?? ((t: string) => void process.stdout.write(t));
  const warn = options.warn ?? ((t: string) => void process.stderr.write(`keywatch: ${t}\n`));
  checkOptions(options);
  const now = options.now ?? new Date();
  const { since, until } = options;
  const configFile = options.config ?? 'keywatch.yml';
  const loaded = loadConfig(configFile, { now });
  for (const w of loaded.warnings) warn(warningLine(w));
  const configText = fs.readFileSync(configFile, 'utf8');
  const learner = new AllowlistLearner(loaded.config.watch, resolvePolicy(loaded.config, loaded.directory));

  let read: ReadCallsResult;
  if (options.fromHunt !== undefined) {
    const from = since?.getTime() ?? -Infinity;
    const to = until?.getTime() ?? Infinity;
    let outside = 0;
    const hunt = await readHuntCalls(options.fromHunt, (c) => (c.time >= from && c.time <= to ? learner.add(c) : outside++), options.stdin);
    read = { ...hunt, outsideWindow: outside };
  } else {
    const bar = options.progress === false ? undefined : progressBar('suggest');
    try {
      read = await readCloudTrailCalls(options.inputs, (c) => learner.add(c), { since, until, stdin: options.stdin, onProgress: bar?.update });
    } finally {
      bar?.stop();
    }
    for (const p of read.problems.slice(0, 20)) warn(warningLine(formatProblem(p)));
    if (read.problems.length > 20) warn(warningLine(`${read.problems.length - 20} more input problems`));
  }

  const awsFile = options.awsRanges ?? defaultAwsRangesFile();
  const aws = readAwsIpRanges(awsFile);
  if (aws === undefined) {
    warn(
      warningLine(
        `AWS's ip-ranges.json is not cached at ${awsFile}: AWS service networks cannot be told from EC2 addresses and are treated as cloud addresses; run \`keywatch allowlist update-aws-ranges\``,
      ),
    );
  }
  const suggestion = learner.suggest(describeWith(new AsnDataset(options.asnDirectory), aws), options);
  const date = now.toISOString().slice(0, 10);
  const patch = patchConfig(loaded, configText, suggestion, date);
  const names = new Map((loaded.directory?.accounts ?? []).map((a) => [a.id, a.name]));
  const accountName = (id: string): string => (names.has(id) ? `${names.get(id)} (${id})` : id);

  let check: SuggestionCheck | undefined;
  const fromStdin = options.inputs.includes('-');
  if (options.check !== false && options.fromHunt === undefined && !fromStdin && patch.added.length > 0) {
    check = await checkWithSimulate(patch.text, loaded, suggestion, options.inputs);
  }
  if (options.format === 'json') {
    write(
      `${JSON.stringify({ suggestion, added: patch.added, skipped: patch.skipped, check, awsRanges: aws && { file: aws.file, syncToken: aws.syncToken, createDate: aws.createDate } }, null, 2)}\n`,
    );
  } else {
    write(renderSuggestion(suggestion, accountName));
    for (const s of patch.skipped) write(`\nAccount ${s.account} not patched: ${s.reason}\n`);
    if (aws !== undefined) write(`\nAWS ranges: ${aws.file}, syncToken ${aws.syncToken}, created ${aws.createDate}\n`);
    write(checkText(check, patch, options.fromHunt !== undefined ? 'hunt' : fromStdin ? 'stdin' : options.check === false ? 'off' : 'run'));
  }
  if (options.diff) write(patch.text === configText ? `${configFile}: no change\n` : configDiff(configFile, configText, patch.text));
  if (options.writeConfig && patch.text !== configText) {
    await writeFileAtomic(configFile, patch.text);
    warn(`wrote ${patch.added.length} new entries to ${configFile}; review them, then deploy`);
  }
  const findings = (check !== undefined && check.aboveThresholds > 0) || patch.skipped.length > 0;
  return { suggestion, read, patch, check, findings };
}

const NOT_RUN: Readonly<Record<string, string>> = {
  hunt: 'it replays CloudTrail logs; hunt findings are not logs',
  stdin: 'standard input was read once and cannot be replayed; give the logs as files to check',
  off: '--no-check',
};

function checkText(check: SuggestionCheck | undefined, patch: ConfigPatch, why: 'hunt' | 'stdin' | 'off' | 'run'): string {
  if (patch.added.length === 0) return '\nCheck: nothing to add, so nothing to replay.\n';
  if (check === undefined) return `\nCheck: not run (${NOT_RUN[why] ?? '--no-check'}).\n`;
  return (
    `\nCheck: simulate on the same logs with the patched configuration: ${check.aboveThresholds} alerts above thresholds` +
    ` (${check.alerts} alerts in all; ${check.leftOut} from networks left out above, which would still alert).\n`
  );
}

function checkOptions(o: SuggestAllowlistOptions): void {
  if (o.fromHunt !== undefined && o.inputs.length > 0) {
    throw new KeywatchError("give either CloudTrail inputs or '--from-hunt <file>', not both");
  }
  if (o.fromHunt === undefined && o.inputs.length === 0) {
    throw new KeywatchError("'inputs' must name at least one CloudTrail file, directory or '-' (stdin), or pass '--from-hunt <results.json>'");
  }
  const missing = o.inputs.filter((i) => i !== '-' && !fs.existsSync(i));
  if (missing.length > 0) throw new KeywatchError(`'inputs' must name existing files or directories; not found: ${missing.join(', ')}`);
  const int = (name: string, v: number | undefined, min: number, max: number): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max))
      throw new KeywatchError(`'${name}' must be an integer from ${min} to ${max}; got '${v}'`);
  };
  int('--ipv4-prefix', o.ipv4Prefix, 16, 32);
  int('--ipv6-prefix', o.ipv6Prefix, 32, 128);
  int('--min-calls', o.minCalls, 1, Number.MAX_SAFE_INTEGER);
  int('--min-days', o.minDays, 1, 3660);
}
