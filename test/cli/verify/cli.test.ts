import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { EXAMPLE_CONFIG_FILE } from '@keywatch/central';
import { verifyCommand, type VerifyCliOptions } from '../../../packages/cli/lib/cli/commands/verify';
import { buildProgram, runCli } from '../../../packages/cli/lib/cli/run';
import { synthOrganization } from '../../../packages/cli/lib/synth/synth-organization';
import { captureOutput } from '../../helpers/cli';

describe('keywatch verify (argument parsing)', () => {
  const parse = async (argv: string[]) => {
    const seen: VerifyCliOptions[] = [];
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    verifyCommand(async (o) => void seen.push(o))(program);
    program.commands[0].exitOverride().configureOutput({ writeErr: () => undefined });
    await program.parseAsync(['verify', ...argv], { from: 'user' });
    return seen[0];
  };

  test('parses every flag, with the defaults', async () => {
    expect(await parse([])).toEqual({ cdkOut: 'cdk.out', concurrency: 4 }); // -c: configFile() applies the default rule
    expect(
      await parse([
        '-c',
        'kw.yml',
        '--cdk-out',
        'out',
        '--profile',
        'sec',
        '--region',
        'eu-west-1',
        '--management',
        '--markdown',
        '--concurrency',
        '2',
        '--skip-probes',
      ]),
    ).toEqual({ config: 'kw.yml', cdkOut: 'out', profile: 'sec', region: 'eu-west-1', management: true, markdown: true, concurrency: 2, skipProbes: true });
    expect(await parse(['--json'])).toMatchObject({ json: true });
  });

  test('rejects --json with --markdown, a bad --concurrency and unknown options', async () => {
    await expect(parse(['--json', '--markdown'])).rejects.toThrow(/option '--json' cannot be used with option '--markdown'/);
    await expect(parse(['--concurrency', '0'])).rejects.toThrow(/must be a positive integer; got '0'/);
    await expect(parse(['--format', 'html'])).rejects.toThrow(/unknown option '--format'/);
  });

  test('is registered, and every option has a help text', () => {
    const verify = buildProgram().commands.find((c) => c.name() === 'verify')!;
    expect(verify).toBeDefined();
    for (const o of verify.options) expect(o.description.length).toBeGreaterThan(15);
    expect(verify.options.map((o) => o.long)).toEqual([
      '--config',
      '--cdk-out',
      '--profile',
      '--region',
      '--management',
      '--json',
      '--markdown',
      '--concurrency',
      '--skip-probes',
    ]);
  });
});

describe('keywatch verify (runCli, credentials)', () => {
  const saved = { ...process.env };
  let dir: string;
  const output = captureOutput();
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-verify-cli-'));
    synthOrganization({ configFile: EXAMPLE_CONFIG_FILE, outdir: path.join(dir, 'cdk.out') });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    process.env = { ...saved };
  });

  test('a profile without credentials is exit code 2 with one sentence and no report', async () => {
    // GIVEN no credentials anywhere
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'KEYWATCH_AWS_ENDPOINT_URL']) delete process.env[k];
    process.env.AWS_CONFIG_FILE = path.join(dir, 'no-such-config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'no-such-credentials');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';

    // WHEN
    const code = await runCli(['verify', '--config', EXAMPLE_CONFIG_FILE, '--cdk-out', path.join(dir, 'cdk.out'), '--profile', 'nope']);

    // THEN
    expect(code).toBe(2);
    // the error sentence (warnings, such as the directory's age, are lines of their own: keywatch: warning: …)
    const lines = output.stderr.split('\n').filter((l) => l.startsWith('keywatch:') && !l.startsWith('keywatch: warning:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^keywatch: Cannot get credentials for profile 'nope' \(.*\); check the name with 'aws configure list-profiles', or sign in with 'aws sso login --profile nope'\.$/,
    );
    expect(output.stdout).toBe('');
  });
});
