import { Command } from 'commander';
import { accountsCommand, type AccountsSyncCliOptions } from '../../../packages/cli/lib/cli/commands/accounts';

describe('keywatch accounts sync (argument parsing)', () => {
  test('parses its options and passes them to the action', async () => {
    const seen: AccountsSyncCliOptions[] = [];
    const program = new Command().exitOverride();
    accountsCommand(async (o) => void seen.push(o))(program);
    await program.parseAsync(['accounts', 'sync', '--config', 'kw.yml', '--output', 'out.yml', '--profile', 'mgmt', '--region', 'cn-north-1'], {
      from: 'user',
    });
    expect(seen).toEqual([{ config: 'kw.yml', output: 'out.yml', profile: 'mgmt', region: 'cn-north-1' }]);
    program.commands[0].commands[0].configureOutput({ writeErr: () => undefined });
    await expect(program.parseAsync(['accounts', 'sync', '--bogus'], { from: 'user' })).rejects.toThrow(/unknown option '--bogus'/);
  });
});
