import { InvalidArgumentError, Option, type Command } from 'commander';
import { loadConfig } from '@keywatch/central';
import { auditCoverage, auditDocument, DEFAULT_DELIVERY_HOURS, isFullyCovered, MAX_DELIVERY_HOURS } from '../../audit';
import { clientOptionsFromEnv, createAwsClients } from '../../aws/clients';
import { OUTPUT_FORMATS, type OutputFormat } from '../../output/document';
import { emitOutput } from '../../output/emit';
import { progressBar } from '../../output/progress';
import { renderDocument } from '../../output/render';
import { writeWarning } from '../../output/warning';
import { awsRegion, checkOutputFile, CONFIG_HELP, configFile } from '../options';
import type { RegisterCommand } from './index';

/** Options of `keywatch audit` as commander parses them. */
export interface AuditCliOptions {
  readonly config?: string;
  readonly profile?: string;
  readonly managementProfile?: string;
  readonly region?: string;
  readonly format: OutputFormat;
  readonly output?: string;
  readonly concurrency: number;
  readonly detectDrift?: boolean;
  readonly liveness?: boolean;
  readonly securityProfile?: string;
  readonly deliveryHours: number;
}

/** Runs `keywatch audit`: prints or writes the coverage report and sets process.exitCode = 1 unless fully covered. */
export async function runAudit(opts: AuditCliOptions): Promise<void> {
  const loaded = loadConfig(configFile(opts.config));
  checkOutputFile(opts.output);
  for (const w of loaded.warnings) writeWarning(w);
  const env = clientOptionsFromEnv();
  const clients = createAwsClients({ profile: opts.profile, defaultRegion: loaded.config.central.region, ...env });
  const managementClients = opts.managementProfile
    ? createAwsClients({ profile: opts.managementProfile, defaultRegion: loaded.config.central.region, counter: clients.counter, ...env })
    : undefined;
  const securityClients = opts.securityProfile
    ? createAwsClients({ profile: opts.securityProfile, defaultRegion: loaded.config.central.region, counter: clients.counter, ...env })
    : undefined;
  const progress = progressBar('audit');
  let report;
  try {
    report = await auditCoverage(clients, loaded, {
      profile: opts.profile,
      concurrency: opts.concurrency,
      onProgress: progress.update,
      ...(opts.region ? { stackSetRegion: opts.region } : {}),
      ...(managementClients ? { managementClients } : {}),
      ...(opts.detectDrift ? { detectDrift: { onWait: (m: string) => process.stderr.write(`keywatch: ${m}\n`) } } : {}),
      ...(opts.liveness
        ? { liveness: { deliveryHours: opts.deliveryHours, ...(securityClients ? { securityClients, securityProfile: opts.securityProfile } : {}) } }
        : {}),
    });
  } finally {
    progress.stop();
  }
  const color = opts.format === 'table' && !opts.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
  await emitOutput(renderDocument(auditDocument(report), opts.format, { color }), opts.output);
  if (opts.output || opts.format !== 'table') {
    for (const w of report.warnings) writeWarning(w);
    const s = report.summary;
    process.stderr.write(
      `keywatch: ${s.covered}/${s.cells} covered, ${s.gaps} gaps, ${s.deploying} deploying` +
        (s.liveness
          ? `; liveness ${s.liveness.alive} alive, ${s.liveness.silent} silent, ${s.liveness.unmonitored} not monitored, ${s.liveness.unknown} unknown, ${s.liveness.pending} not known yet; ${s.deliveryFailing ?? 0} with delivery failures in ${opts.deliveryHours} h`
          : '') +
        `${opts.output ? ` (written to ${opts.output})` : ''}\n`,
    );
  }
  if (!isFullyCovered(report)) process.exitCode = 1;
}

/** Parses a positive integer option value. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError(`must be a positive integer; got '${value}'`);
  return n;
}

/** Parses --delivery-hours: a whole number of hours from 1 to MAX_DELIVERY_HOURS. */
export function deliveryHours(value: string): number {
  const n = positiveInt(value);
  if (n > MAX_DELIVERY_HOURS) throw new InvalidArgumentError(`must be at most ${MAX_DELIVERY_HOURS} (14 days of one-minute CloudWatch data); got '${value}'`);
  return n;
}

/** The `audit` command; `action` defaults to runAudit (tests pass a spy). */
export function auditCommand(action: (opts: AuditCliOptions) => Promise<void> = runAudit): RegisterCommand {
  return (program: Command) => {
    program
      .command('audit')
      .description('Check that every active account and region is covered by the sender; exit code 1 when anything is not')
      .option('-c, --config <file>', CONFIG_HELP)
      .option('--profile <name>', 'AWS profile of the account that administers the StackSet')
      .option('--management-profile <name>', 'AWS profile of the management account, when --profile is a delegated administrator')
      .option('--region <region>', 'region of the StackSet (default: where keywatch deploys it)', awsRegion)
      .addOption(new Option('-f, --format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
      .option('-o, --output <file>', 'write the report to this file instead of stdout')
      .addOption(new Option('--concurrency <n>', 'per-region calls in flight').argParser(positiveInt).default(8))
      .option(
        '--detect-drift',
        'run drift detection first and wait for it (DetectStackSetDrift on the StackSet; DetectStackDrift on the management stacks when credentials of the management account are at hand, else they are reported unchecked), so drift is current; drifted counts as a gap',
      )
      .option(
        '--liveness',
        'also read, in the security account, each account × region liveness alarm (alive OK, silent ALARM, not known yet INSUFFICIENT_DATA within the ' +
          "alarm's evaluation window, unknown beyond it, not monitored: no alarm) and sender delivery failures; silent, unknown, not monitored and delivery failures are gaps",
      )
      .option('--security-profile <name>', 'AWS profile of the security account (central.account) for --liveness, when --profile is another account')
      .addOption(
        new Option('--delivery-hours <n>', `with --liveness: hours back to count sender delivery failures (1-${MAX_DELIVERY_HOURS})`)
          .argParser(deliveryHours)
          .default(DEFAULT_DELIVERY_HOURS),
      )
      .addHelpText(
        'after',
        '\nExit codes of audit: 0 fully covered (and alive, with --liveness); 1 gaps (missing, failed, drifted, silent, not monitored, delivery failures); ' +
          '2 bad input, credentials, access denied, throttling or network (never read as gaps); 3 unexpected.',
      )
      .action(async (opts: AuditCliOptions) => action(opts));
  };
}

/** Registers `keywatch audit`. */
export const registerAudit: RegisterCommand = auditCommand();
