import type { Command } from 'commander';
import { parseWorkers, simulate, type SimulateOptions } from '../../simulate/simulate';
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

/** The `simulate` command; `action` defaults to the simulate library function (tests pass a spy). */
export function simulateCommand(action: (options: SimulateOptions) => Promise<unknown> = simulate): RegisterCommand {
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
