import { Command, CommanderError } from 'commander';
import { KeywatchError } from '@keywatch/shared';
import { COMMANDS } from './commands';
import { EXIT, EXIT_CODES_HELP, userFacingSystemError } from './system-errors';

/** Builds the keywatch program with every registered sub-command (commander, strict: unknown options are errors). */
export function buildProgram(): Command {
  const program = new Command('keywatch')
    .description('Alerts when IAM access keys are used from outside their allowed networks, across an AWS Organization')
    .addHelpText('after', `\n${EXIT_CODES_HELP}`)
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) {
    register(program);
  }
  return program;
}

/** Runs the CLI on `argv` and resolves to the exit code: 0 ok, 1 findings (e.g. audit gaps), 2 usage, input, file, network or credential errors, 3 unexpected. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed the message (and help) to stderr
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const known = err instanceof KeywatchError ? err : userFacingSystemError(err);
    if (known !== undefined) {
      process.stderr.write(`keywatch: ${known.message}\n`);
      return known.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`keywatch: unexpected error: ${message}\n`);
    if (process.env.KEYWATCH_DEBUG && err instanceof Error) {
      process.stderr.write(`${err.stack}\n`);
    } else {
      process.stderr.write('Set KEYWATCH_DEBUG=1 to see the stack trace, and please report it.\n');
    }
    return EXIT.unexpected;
  }
}
