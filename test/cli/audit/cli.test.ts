import { Command } from 'commander';
import { auditCommand, type AuditCliOptions } from '../../../packages/cli/lib/cli/commands/audit';

describe('keywatch audit (argument parsing)', () => {
  test('parses format, output, profiles and concurrency, and rejects bad values', async () => {
    const seen: AuditCliOptions[] = [];
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    auditCommand(async (o) => void seen.push(o))(program);
    program.commands[0].configureOutput({ writeErr: () => undefined });
    await program.parseAsync(
      ['audit', '-c', 'kw.yml', '--format', 'html', '-o', 'a.html', '--profile', 'p', '--management-profile', 'm', '--concurrency', '4'],
      { from: 'user' },
    );
    expect(seen[0]).toEqual({ config: 'kw.yml', format: 'html', output: 'a.html', profile: 'p', managementProfile: 'm', concurrency: 4 });
    await program.parseAsync(['audit'], { from: 'user' });
    expect(seen[1]).toMatchObject({ format: 'table', concurrency: 8 });
    await expect(program.parseAsync(['audit', '--format', 'xml'], { from: 'user' })).rejects.toThrow(/Allowed choices are table, json, csv, markdown, html/);
    await expect(program.parseAsync(['audit', '--concurrency', '0'], { from: 'user' })).rejects.toThrow(/must be a positive integer; got '0'/);
  });
});
