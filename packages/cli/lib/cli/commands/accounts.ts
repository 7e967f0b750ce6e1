import * as path from 'node:path';
import type { Command } from 'commander';
import { readTextFile } from '@keywatch/central';
import { KeywatchError, parseConfigText } from '@keywatch/shared';
import { renderDirectoryYaml, syncAccountsDirectory } from '../../accounts';
import { clientOptionsFromEnv, createAwsClients, organizationsRegion } from '../../aws/clients';
import { writeWarning } from '../../output/warning';
import { writeFileAtomic } from '../../output/write-file';
import { awsRegion, checkOutputFile, CONFIG_HELP, configFile } from '../options';
import type { RegisterCommand } from './index';

/** Options of `keywatch accounts sync` as commander parses them. */
export interface AccountsSyncCliOptions {
  readonly config?: string;
  readonly output?: string;
  readonly profile?: string;
  readonly region?: string;
}

/** Runs `keywatch accounts sync`: reads the organization and writes the directory file atomically (default: the config's `accounts:` path). */
export async function runAccountsSync(opts: AccountsSyncCliOptions): Promise<void> {
  const file = configFile(opts.config);
  const text = readTextFile(file, 'create it, e.g. copy examples/keywatch.yml, or pass --config <file>');
  // Schema only: the directory this command writes may not exist yet, or be out of date.
  const config = parseConfigText(text, file);
  const output = opts.output ?? (config.accounts !== undefined ? path.join(path.dirname(file), config.accounts) : undefined);
  if (!output) {
    throw new KeywatchError(`${file} has no 'accounts:' path; add one (e.g. accounts: accounts.yml) or pass --output <file>.`);
  }
  checkOutputFile(output);
  const clients = createAwsClients({
    profile: opts.profile,
    defaultRegion: organizationsRegion(opts.region ?? config.central.region),
    ...clientOptionsFromEnv(),
  });
  const directory = await syncAccountsDirectory(clients, {
    expectedOrganizationId: config.organization.id,
    profile: opts.profile,
    onWarning: (w) => writeWarning(w),
  });
  await writeFileAtomic(output, renderDirectoryYaml(directory));
  process.stderr.write(
    `keywatch: wrote ${directory.accounts.length} accounts of ${directory.organizationId} to ${output} (${clients.counter.total} API calls)\n`,
  );
}

/** The `accounts` command group with `sync`; `action` defaults to runAccountsSync (tests pass a spy). */
export function accountsCommand(action: (opts: AccountsSyncCliOptions) => Promise<void> = runAccountsSync): RegisterCommand {
  return (program: Command) => {
    const accounts = program.command('accounts').description('Manage the accounts directory');
    accounts
      .command('sync')
      .description('Write the accounts directory from AWS Organizations (names, OU paths, status, tags)')
      .option('-c, --config <file>', CONFIG_HELP)
      .option('-o, --output <file>', "directory file to write (default: the configuration's accounts: path)")
      .option('--profile <name>', 'AWS profile of the management account or an Organizations delegated administrator')
      .option('--region <region>', 'region whose partition serves AWS Organizations (default: central.region)', awsRegion)
      .action(async (opts: AccountsSyncCliOptions) => action(opts));
  };
}

/** Registers `keywatch accounts sync`. */
export const registerAccounts: RegisterCommand = accountsCommand();
