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
    expect(seen[0]).toEqual({ config: 'kw.yml', format: 'html', output: 'a.html', profile: 'p', managementProfile: 'm', concurrency: 4, deliveryHours: 24 });
    await program.parseAsync(['audit'], { from: 'user' });
    expect(seen[1]).toMatchObject({ format: 'table', concurrency: 8 });
    await expect(program.parseAsync(['audit', '--format', 'xml'], { from: 'user' })).rejects.toThrow(/Allowed choices are table, json, csv, markdown, html/);
    await expect(program.parseAsync(['audit', '--concurrency', '0'], { from: 'user' })).rejects.toThrow(/must be a positive integer; got '0'/);
  });

  test('parses --liveness, --security-profile and --delivery-hours (1 to 336)', async () => {
    const seen: AuditCliOptions[] = [];
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    auditCommand(async (o) => void seen.push(o))(program);
    program.commands[0].configureOutput({ writeErr: () => undefined });
    await program.parseAsync(['audit', '--liveness', '--security-profile', 'sec', '--delivery-hours', '336'], { from: 'user' });
    expect(seen[0]).toMatchObject({ liveness: true, securityProfile: 'sec', deliveryHours: 336 });
    await expect(program.parseAsync(['audit', '--delivery-hours', '0'], { from: 'user' })).rejects.toThrow(/must be a positive integer; got '0'/);
    await expect(program.parseAsync(['audit', '--delivery-hours', '337'], { from: 'user' })).rejects.toThrow(/must be at most 336 .*; got '337'/);
    await expect(program.parseAsync(['audit', '--delivery-hours', '1.5'], { from: 'user' })).rejects.toThrow(/must be a positive integer; got '1.5'/);
  });

  test('--help states the exit codes of audit and the liveness states', () => {
    const program = new Command();
    auditCommand(async () => undefined)(program);
    const help = program.commands[0].helpInformation() + '';
    let after = '';
    program.commands[0].configureOutput({ writeOut: (s) => (after += s) });
    program.commands[0].outputHelp();
    expect(help).toMatch(/--liveness/);
    expect(after).toContain('Exit codes of audit: 0 fully covered (and alive, with --liveness); 1 gaps');
    expect(after).toContain('2 bad input, credentials, access denied, throttling or network (never read as gaps); 3 unexpected.');
    expect(after.replace(/\s+/g, ' ')).toContain('not known yet INSUFFICIENT_DATA within the alarm');
  });
});
