import { Command } from 'commander';
import { reportCommand, type ReportCliOptions } from '../../../packages/cli/lib/cli/commands/report';

describe('keywatch report (argument parsing)', () => {
  test('defaults to the last 7 days in a table, accepts a window and a format', async () => {
    const seen: ReportCliOptions[] = [];
    const program = new Command().exitOverride();
    reportCommand(async (o) => void seen.push(o))(program);
    program.commands[0].configureOutput({ writeErr: () => undefined });
    await program.parseAsync(['report'], { from: 'user' });
    expect(seen[0]).toMatchObject({ since: '7d', format: 'table', top: 10 });
    expect(seen[0].until).toBeUndefined();
    await program.parseAsync(['report', '--since', '2026-11-01', '--until', '1d', '--format', 'csv', '--output', 'r.csv', '--top', '3'], { from: 'user' });
    expect(seen[1]).toMatchObject({ since: '2026-11-01', until: '1d', format: 'csv', output: 'r.csv', top: 3 });
    await expect(program.parseAsync(['report', 'extra'], { from: 'user' })).rejects.toThrow(/too many arguments/);
  });
});
