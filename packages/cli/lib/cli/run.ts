import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError } from 'commander';
import { KeywatchError } from '@keywatch/shared';
import { ENDPOINT_ENV } from '../aws/clients';
import { COMMANDS } from './commands';
import { CONFIG_ENV, DEFAULT_CONFIG_FILE } from './options';
import { EXIT, EXIT_CODES_HELP, userFacingSystemError } from './system-errors';

/** What every `--help` ends with: the exit codes and the environment variables keywatch reads. */
export const HELP_FOOTER = [
  '',
  EXIT_CODES_HELP,
  '',
  'Environment:',
  `  ${CONFIG_ENV}             the configuration file when -c is not given (default: ${DEFAULT_CONFIG_FILE} in the current directory)`,
  '  KEYWATCH_DEBUG=1            print the stack trace of an unexpected error',
  `  ${ENDPOINT_ENV}   send every AWS call to this endpoint (e.g. a moto server for tests)`,
  '  AWS_PROFILE, AWS_REGION, HTTPS_PROXY, …  read by the AWS SDK as usual',
].join('\n');

/** Builds the keywatch program with every registered sub-command (commander, strict: unknown options are errors). */
export function buildProgram(): Command {
  const program = new Command('keywatch')
    .description('Alerts when IAM access keys are used from outside their allowed networks, across an AWS Organization')
    .version(cliVersion(), '-V, --version', 'print the version of keywatch')
    .helpCommand(false)
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) {
    register(program);
  }
  program
    .command('help [command...]')
    .description('display help for command')
    .action((names: string[]) => {
      let command: Command = program;
      for (const name of names) {
        const next = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
        if (next === undefined) command.error(`error: unknown command '${names.join(' ')}'`, { exitCode: EXIT.usage, code: 'keywatch.unknownCommand' });
        command = next!;
      }
      command.outputHelp();
    });
  const footer = (c: Command): void => {
    c.addHelpText('after', HELP_FOOTER);
    for (const sub of c.commands) footer(sub);
  };
  footer(program);
  return program;
}

/** The version of @keywatch/cli, from its package.json (found from the source or the built dist directory). */
function cliVersion(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@keywatch/cli') return pkg.version ?? '0.0.0';
    }
  }
  return '0.0.0';
}

/** Runs the CLI on `argv` and resolves to the exit code: 0 ok, 1 findings (e.g. audit gaps), 2 usage, input, file, network or credential errors, 3 unexpected. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed the message (and help) to stderr; --help and --version exit 0
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
