import type { Command } from 'commander';
import { parseWorkers, simulate, type SimulateOptions } from '../../simulate/simulate';
import type { SimulationSummary } from '../../simulate/summary';
import { parseTimeSpec } from '../../report/time';
import { ensureCdkOut } from '../../synth/ensure-cdk-out';
import { parseIpSemantics } from '../../simulate/test-event-pattern';
import { parseNotifyMode } from '../../simulate/notify-modes';
import { IP_SEMANTICS_HELP } from './test-event-pattern';
import { CONFIG_HELP, optionalConfigFile } from '../options';
import type { RegisterCommand } from './index';

/** Options of `keywatch simulate` as commander parses them. */
interface SimulateCliOptions {
  readonly config?: string;
  readonly cdkOut?: string;
  readonly json?: boolean;
  readonly since?: string;
  readonly until?: string;
  readonly ipSemantics: string;
  readonly workers?: string;
  readonly notifyMode?: string;
}

/** What the `simulate` command hands on: simulate's options with the times as written and the configuration file by name. */
export interface SimulateCommandOptions extends Omit<SimulateOptions, 'since' | 'until' | 'synthesize'> {
  /** keywatch.yml the assembly must be synthesized from. @default - the existing cdk.out as it is (see ensureCdkOut) */
  readonly config?: string;
  /** Lower bound of eventTime: ISO 8601 or a duration before `now` (7d, 24h). @default - none */
  readonly since?: string;
  /** Upper bound of eventTime, same forms. @default - none */
  readonly until?: string;
  /** The time durations count back from. @default new Date() */
  readonly now?: Date;
}

/**
 * The command's part of `keywatch simulate`: parses --since and --until (KeywatchError naming the option) and runs simulate
 * with ensureCdkOut (--config, --cdk-out) as its synthesize callback.
 */
export async function runSimulate(options: SimulateCommandOptions): Promise<SimulationSummary> {
  const { config, since, until, now = new Date(), ...rest } = options;
  return simulate({
    ...rest,
    since: since === undefined ? undefined : parseTimeSpec(since, now, '--since'),
    until: until === undefined ? undefined : parseTimeSpec(until, now, '--until'),
    synthesize: async () => {
      await ensureCdkOut({ cdkOut: options.cdkOut, configFile: config });
    },
  });
}

/** The `simulate` command; `action` defaults to runSimulate (tests pass a spy). */
export function simulateCommand(action: (options: SimulateCommandOptions) => Promise<unknown> = runSimulate): RegisterCommand {
  return (program: Command) => {
    program
      .command('simulate')
      .description('Replay CloudTrail logs through the synthesized rules and print the notifications they would send')
      .argument('<inputs...>', "CloudTrail log files (.json.gz, .json, NDJSON, EventBridge events), directories (walked recursively) or '-' for stdin")
      .option(
        '-c, --config <file>',
        `${CONFIG_HELP}, when it exists; cdk.out is synthesized again when it came from another configuration (without one: cdk.out as it is)`,
      )
      .option('--cdk-out <dir>', 'cloud assembly written by `keywatch synth` (default: cdk.out; a named directory must hold one unless -c is given)')
      .option('--json', 'one JSON object per notification, then the summary as the last line')
      .option('--since <time>', 'only events at or after: a duration before now (30m, 24h, 7d) or an ISO 8601 time')
      .option('--until <time>', 'only events at or before: a duration before now or an ISO 8601 time')
      .option('--ip-semantics <semantics>', IP_SEMANTICS_HELP, 'event-ruler')
      .option(
        '--workers <n>',
        'worker threads replaying files, same output in the same order (default: the number of CPUs; 1: in-process; stdin is read in-process)',
      )
      .option('--notify-mode <mode>', 'notify.mode to mark in the per-mode e-mail counts: every, deduplicated or digest (default: the mode of the assembly)')
      .action(async (inputs: string[], opts: SimulateCliOptions) => {
        await action({
          inputs,
          config: optionalConfigFile(opts.config),
          cdkOut: opts.cdkOut,
          format: opts.json ? 'json' : 'text',
          since: opts.since,
          until: opts.until,
          ipSemantics: parseIpSemantics(opts.ipSemantics),
          workers: opts.workers === undefined ? undefined : parseWorkers(opts.workers),
          notifyMode: opts.notifyMode === undefined ? undefined : parseNotifyMode(opts.notifyMode),
        });
      });
  };
}

/** Registers `keywatch simulate`. */
export const registerSimulate: RegisterCommand = simulateCommand();
