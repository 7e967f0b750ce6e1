import { Command, CommanderError } from 'commander';
import { KeywatchError } from '@keywatch/shared';
import { COMMANDS } from './commands';

/** Builds the keywatch program with every registered sub-command (commander, strict: unknown options are errors). */
export function buildProgram(): Command {
  const program = new Command('keywatch')
    .description('Alerts when IAM access keys are used from outside their allowed networks, across an AWS Organization')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) {
    register(program);
  }
  return program;
}

/** Runs the CLI on `argv` and resolves to the exit code: 0 ok, 1 findings (e.g. audit gaps), 2 usage or input errors. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed the message (and help) to stderr
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof KeywatchError) {
      process.stderr.write(`keywatch: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`keywatch: unexpected error: ${message}\n`);
    if (process.env.KEYWATCH_DEBUG && err instanceof Error) {
      process.stderr.write(`${err.stack}\n`);
    } else {
      process.stderr.write('Set KEYWATCH_DEBUG=1 to see the stack trace, and please report it.\n');
    }
    return 1;
  }
}
