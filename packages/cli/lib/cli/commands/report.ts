import { Option, type Command } from 'commander';
import { loadConfig } from '@keywatch/central';
import { clientOptionsFromEnv, createAwsClients } from '../../aws/clients';
import { OUTPUT_FORMATS, type OutputFormat } from '../../output/document';
import { emitOutput } from '../../output/emit';
import { progressBar } from '../../output/progress';
import { renderDocument } from '../../output/render';
import { writeWarning } from '../../output/warning';
import { alertReport, reportDocument, resolveWindow } from '../../report';
import { positiveInt } from './audit';
import { awsRegion, checkOutputFile, CONFIG_HELP, configFile } from '../options';
import type { RegisterCommand } from './index';

/** Options of `keywatch report` as commander parses them. */
export interface ReportCliOptions {
  readonly config?: string;
  readonly since: string;
  readonly until?: string;
  readonly profile?: string;
  readonly region?: string;
  readonly format: OutputFormat;
  readonly output?: string;
  readonly top: number;
}

/** Runs `keywatch report`: alert history from the alert log of the central account (region: central.region). */
export async function runReport(opts: ReportCliOptions): Promise<void> {
  const { start, end } = resolveWindow(opts.since, opts.until, new Date());
  const loaded = loadConfig(configFile(opts.config));
  checkOutputFile(opts.output);
  for (const w of loaded.warnings) writeWarning(w);
  const region = opts.region ?? loaded.config.central.region;
  const clients = createAwsClients({ profile: opts.profile, defaultRegion: region, ...clientOptionsFromEnv() });
  const progress = progressBar('report');
  let report;
  try {
    report = await alertReport(clients, {
      region,
      start,
      end,
      top: opts.top,
      onProgress: progress.update,
      profile: opts.profile,
      accountNames: new Map((loaded.directory?.accounts ?? []).map((a) => [a.id, a.name])),
      account: `the security account (central.account ${loaded.config.central.account})`,
    });
  } finally {
    progress.stop();
  }
  const color = opts.format === 'table' && !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
  await emitOutput(renderDocument(reportDocument(report), opts.format, { color }), opts.output);
  if (opts.output) process.stderr.write(`keywatch: ${report.totals.alerts} alerts, written to ${opts.output}\n`);
}

/** The `report` command; `action` defaults to runReport (tests pass a spy). */
export function reportCommand(action: (opts: ReportCliOptions) => Promise<void> = runReport): RegisterCommand {
  return (program: Command) => {
    program
      .command('report')
      .description('Summarize alert history from the alert log (CloudWatch Logs Insights, central account)')
      .option('-c, --config <file>', CONFIG_HELP)
      .option('--since <time>', 'start: a duration before now (30m, 12h, 7d, 2w) or an ISO 8601 time', '7d')
      .option('--until <time>', 'end: a duration before now or an ISO 8601 time (default: now)')
      .option('--profile <name>', 'AWS profile of the central (security) account')
      .option('--region <region>', 'region of the alert log (default: central.region)', awsRegion)
      .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
      .option('-o, --output <file>', 'write the report to this file instead of stdout')
      .addOption(new Option('--top <n>', 'top offenders to list').argParser(positiveInt).default(10))
      .action(async (opts: ReportCliOptions) => action(opts));
  };
}

/** Registers `keywatch report`. */
export const registerReport: RegisterCommand = reportCommand();
