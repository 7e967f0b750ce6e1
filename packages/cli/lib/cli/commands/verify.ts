import { Option, type Command } from 'commander';
import { loadConfig } from '@keywatch/central';
import { clientOptionsFromEnv, createAwsClients } from '../../aws/clients';
import { emitOutput } from '../../output/emit';
import { progressBar } from '../../output/progress';
import { renderDocument } from '../../output/render';
import { writeWarning } from '../../output/warning';
import { ensureCdkOut } from '../../synth/ensure-cdk-out';
import { DEFAULT_VERIFY_CONCURRENCY, isVerified, verifyDeployment, verifyDocument } from '../../verify';
import { positiveInt } from './audit';
import { awsRegion, CONFIG_HELP, configFile } from '../options';
import type { RegisterCommand } from './index';

/** Options of `keywatch verify` as commander parses them. */
export interface VerifyCliOptions {
  readonly config?: string;
  readonly cdkOut: string;
  readonly profile?: string;
  readonly region?: string;
  readonly management?: boolean;
  readonly json?: boolean;
  readonly markdown?: boolean;
  readonly concurrency: number;
  readonly skipProbes?: boolean;
}

/** Runs `keywatch verify`: prints the report and sets process.exitCode = 1 on any finding. */
export async function runVerify(opts: VerifyCliOptions): Promise<void> {
  const file = configFile(opts.config);
  const loaded = loadConfig(file);
  for (const w of loaded.warnings) writeWarning(w);
  const { cdkOut } = await ensureCdkOut({ cdkOut: opts.cdkOut, configFile: file });
  const clients = createAwsClients({ profile: opts.profile, defaultRegion: loaded.config.central.region, ...clientOptionsFromEnv() });
  const progress = progressBar('verify');
  let report;
  try {
    report = await verifyDeployment(clients, loaded, {
      cdkOut,
      concurrency: opts.concurrency,
      onProgress: progress.update,
      ...(opts.management ? { management: true } : {}),
      ...(opts.region ? { region: opts.region } : {}),
      ...(opts.skipProbes ? { skipProbes: true } : {}),
      ...(opts.profile ? { profile: opts.profile } : {}),
    });
  } finally {
    progress.stop();
  }
  const format = opts.json ? 'json' : opts.markdown ? 'markdown' : 'table';
  const color = format === 'table' && process.stdout.isTTY === true && !process.env.NO_COLOR;
  await emitOutput(renderDocument(verifyDocument(report), format, { color }));
  if (format !== 'table') {
    // the table shows these itself; JSON and Markdown go to files and pipes, so say them on stderr
    for (const w of report.warnings) writeWarning(w);
    const s = report.summary;
    process.stderr.write(
      `keywatch: ${s.findings} findings; ${s.rulesExpected} rules, ${s.drift} drifted; ${s.probes} probes, ${s.probeMismatches} mismatches; ${report.apiCalls} API calls (${s.testEventPatternCalls} TestEventPattern)\n`,
    );
  }
  if (!isVerified(report)) process.exitCode = 1;
}

/** The `verify` command; `action` defaults to runVerify (tests pass a spy). */
export function verifyCommand(action: (opts: VerifyCliOptions) => Promise<void> = runVerify): RegisterCommand {
  return (program: Command) => {
    program
      .command('verify')
      .description(
        'Check a deployment from the security account: deployed rules equal cdk.out, TestEventPattern answers probe events as the allowlists intend, subscriptions confirmed, dead-letter queues empty, archive and alert log present; exit code 1 on any finding',
      )
      .option('-c, --config <file>', `${CONFIG_HELP}; cdk.out is synthesized again when it came from another configuration`)
      .option('--cdk-out <dir>', 'cloud assembly written by `keywatch synth` to compare the deployment with', 'cdk.out')
      .option('--profile <name>', 'AWS profile: of the security account (central.account), or with --management of the management account')
      .option('--region <region>', 'verify only this region: central.region, or with --management one of deployment.regions (default: all of them)', awsRegion)
      .option(
        '--management',
        "verify the management account's keywatch-management-<region> sender rules instead of the central stack (management-account credentials)",
      )
      .addOption(new Option('--json', 'print the report as JSON').conflicts('markdown'))
      .addOption(new Option('--markdown', 'print the report as GitHub-flavoured Markdown'))
      .addOption(
        new Option('--concurrency <n>', 'AWS calls in flight at once (TestEventPattern is throttled; throttled calls are retried with backoff)')
          .argParser(positiveInt)
          .default(DEFAULT_VERIFY_CONCURRENCY),
      )
      .option('--skip-probes', 'only read back and compare; make no TestEventPattern calls (no IP semantics and rule probes)')
      .action(async (opts: VerifyCliOptions) => action(opts));
  };
}

/** Registers `keywatch verify`. */
export const registerVerify: RegisterCommand = verifyCommand();
