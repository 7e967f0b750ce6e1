import * as path from 'path';
import { Command } from 'commander';
import { allowlistCommand } from '../../../packages/cli/lib/cli/commands/allowlist';
import { EXIT } from '../../../packages/cli/lib/cli/system-errors';
import type { SuggestCommandOptions as SuggestAllowlistOptions } from '../../../packages/cli/lib/cli/commands/allowlist';
import type { UpdateAwsRangesOptions } from '../../../packages/cli/lib/allowlist/aws-ranges';
import { cli } from '../../helpers/cli';

const CLOUDTRAIL_FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cloudtrail');
const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'keywatch.yml');

/** Parses argv with the allowlist command and spies; returns what the actions received. */
async function parse(argv: string[]): Promise<{ suggest?: SuggestAllowlistOptions; update?: UpdateAwsRangesOptions }> {
  const got: { suggest?: SuggestAllowlistOptions; update?: UpdateAwsRangesOptions } = {};
  const program = new Command().exitOverride();
  allowlistCommand(
    async (o) => void (got.suggest = o),
    async (o) => void (got.update = o),
  )(program);
  await program.parseAsync(argv, { from: 'user' });
  return got;
}

describe('keywatch allowlist (argument parsing)', () => {
  test('suggest: defaults and every option', async () => {
    expect((await parse(['allowlist', 'suggest', 'logs/'])).suggest).toEqual({
      inputs: ['logs/'],
      config: 'keywatch.yml',
      fromHunt: undefined,
      format: 'text',
      writeConfig: false,
      diff: false,
      check: true,
      minCalls: 3,
      minDays: 2,
      ipv4Prefix: 24,
      ipv6Prefix: 48,
      awsRanges: undefined,
      since: undefined,
      until: undefined,
    });
    const all = await parse([
      'allowlist', 'suggest', '-c', 'k.yml', '--from-hunt', 'h.json', '--json', '--write-config', '--diff', '--no-check',
      '--min-calls', '5', '--min-days', '3', '--ipv4-prefix', '32', '--ipv6-prefix', '64', '--aws-ranges', 'r.json', '--since', '7d', '--until', '1d',
    ]); // prettier-ignore
    expect(all.suggest).toEqual({
      inputs: [],
      config: 'k.yml',
      fromHunt: 'h.json',
      format: 'json',
      writeConfig: true,
      diff: true,
      check: false,
      minCalls: 5,
      minDays: 3,
      ipv4Prefix: 32,
      ipv6Prefix: 64,
      awsRanges: 'r.json',
      since: '7d',
      until: '1d',
    });
  });

  test('update-aws-ranges: the cache file', async () => {
    expect((await parse(['allowlist', 'update-aws-ranges'])).update).toEqual({ file: undefined });
    expect((await parse(['allowlist', 'update-aws-ranges', '-o', 'x.json'])).update).toEqual({ file: 'x.json' });
  });
});

describe('keywatch allowlist (exit codes)', () => {
  test('bad usage exits 2 with one sentence', async () => {
    expect((await cli(['allowlist', 'suggest', '--min-calls', '0', 'x'])).code).toBe(EXIT.usage);
    const none = await cli(['allowlist', 'suggest', '-c', EXAMPLE]);
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toMatch(
      /^keywatch: 'inputs' must name at least one CloudTrail file, directory or '-' \(stdin\), or pass '--from-hunt <results\.json>'\n$/,
    );
    const config = await cli(['allowlist', 'suggest', '-c', '/nonexistent/keywatch.yml', CLOUDTRAIL_FIXTURES]);
    expect(config.code).toBe(EXIT.usage);
    expect(config.stderr).toMatch(/nonexistent\/keywatch\.yml/);
    // runSuggest parses the times before anything is read
    const since = await cli(['allowlist', 'suggest', '-c', EXAMPLE, '--since', 'yesterday', CLOUDTRAIL_FIXTURES]);
    expect(since.code).toBe(EXIT.usage);
    expect(since.stderr).toContain("'--since' must be a duration such as 30m, 12h, 7d or 2w");
    expect(since.stderr).toContain("got 'yesterday'");
  });

  test('a run with nothing left to fix exits 0; an account the directory does not know is a finding (1)', async () => {
    const quiet = await cli(['allowlist', 'suggest', '-c', EXAMPLE, '--no-check', CLOUDTRAIL_FIXTURES]);
    expect(quiet.code).toBe(EXIT.ok);
    expect(quiet.stdout).toContain('No network to add');
    const loose = await cli(['allowlist', 'suggest', '-c', EXAMPLE, '--no-check', '--min-days', '1', '--min-calls', '1', CLOUDTRAIL_FIXTURES]);
    expect(loose.code).toBe(EXIT.findings);
    expect(loose.stdout).toContain('Account 999999999999 not patched: not in the accounts directory');
  });
});
