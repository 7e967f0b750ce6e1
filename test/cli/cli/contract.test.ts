import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_CONFIG_FILE } from '@keywatch/central';
import { cli } from '../../helpers/cli';
import { EXIT } from '../../../packages/cli/lib/cli/system-errors';

// Issue 14 items 6 and 10: one exit-code contract and one set of conventions for every command, stated in --help.
const COMMANDS = ['synth', 'accounts sync', 'audit', 'verify', 'report', 'simulate', 'test-event-pattern'];
const AWS_COMMANDS = ['accounts sync', 'audit', 'verify', 'report'];
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'kw-contract-'));

const ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_REGION',
  'KEYWATCH_AWS_ENDPOINT_URL',
  'KEYWATCH_CONFIG',
  'AWS_MAX_ATTEMPTS',
];
let saved: Record<string, string | undefined>;
beforeEach(() => {
  saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  for (const k of ENV) delete process.env[k];
});
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

function fakeCredentials(endpoint: string): void {
  process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  process.env.AWS_MAX_ATTEMPTS = '1';
  process.env.KEYWATCH_AWS_ENDPOINT_URL = endpoint;
}

describe('every command', () => {
  test.each(COMMANDS)('%s --help states the exit codes and the environment variables', async (command) => {
    const r = await cli([...command.split(' '), '--help']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 findings');
    for (const v of ['KEYWATCH_CONFIG', 'KEYWATCH_DEBUG', 'KEYWATCH_AWS_ENDPOINT_URL']) expect(r.stdout).toContain(v);
  });

  test('--version prints the version and exits 0', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(__dirname, '../../../packages/cli/package.json'), 'utf8')).version);
  });

  test('help of an unknown command says it is unknown (exit 2)', async () => {
    const r = await cli(['help', 'frobnicate']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  test.each(['synth', 'accounts sync', 'audit', 'verify', 'report'])('%s: a missing -c file is bad input (2)', async (command) => {
    const r = await cli([...command.split(' '), '-c', '/nonexistent/keywatch.yml']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/^keywatch: \/nonexistent\/keywatch\.yml has 1 issue:\n {2}- \(file\): the file does not exist/);
  });

  test.each(['synth', 'accounts sync', 'audit', 'verify', 'report'])('%s: -c defaults to KEYWATCH_CONFIG, else ./keywatch.yml', async (command) => {
    process.env.KEYWATCH_CONFIG = '/nonexistent/from-env.yml';
    expect((await cli(command.split(' '))).stderr).toContain('/nonexistent/from-env.yml has 1 issue');
    delete process.env.KEYWATCH_CONFIG;
    const cwd = process.cwd();
    process.chdir(tmp());
    try {
      const r = await cli(command.split(' '));
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toContain('keywatch.yml has 1 issue:\n  - (file): the file does not exist');
    } finally {
      process.chdir(cwd);
    }
  });

  test('the cloud assembly directory is --cdk-out for synth, simulate and verify (-o/--output still work for synth)', async () => {
    for (const command of ['synth', 'simulate', 'verify']) expect((await cli([command, '--help'])).stdout).toMatch(/--cdk-out <dir>/);
    const file = path.join(tmp(), 'cdk.out');
    fs.writeFileSync(file, 'not a directory');
    for (const flag of ['--cdk-out', '-o', '--output']) {
      const r = await cli(['synth', '-c', EXAMPLE_CONFIG_FILE, flag, file]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toContain(`the cloud assembly directory ${file} is a file`);
    }
    expect((await cli(['synth', '--help'])).stdout).not.toMatch(/--output/);
    const invalid = await cli(['synth', '-c', EXAMPLE_CONFIG_FILE, '--cdk-out', path.join(tmp(), 'a\0b')]);
    expect(invalid.code).toBe(EXIT.usage);
    expect(invalid.stderr).toMatch(/a path cannot hold a NUL character; name another file/);
  });

  test.each<[string, (dir: string) => string, RegExp]>([
    ['a path with a NUL character', (d) => path.join(d, 'a\0b.html'), /a path cannot hold a NUL character; name another file/],
    ['a directory', (d) => d, /is a directory; name a file/],
    [
      'a file where a folder is needed',
      (d) => (fs.writeFileSync(path.join(d, 'f'), 'x'), path.join(d, 'f', 'report.html')),
      /is a file, not a folder; name another file/,
    ],
  ])('-o into %s is bad input (2), said before any AWS call', async (_name, target, message) => {
    fakeCredentials('http://127.0.0.1:9');
    for (const command of ['audit', 'report', 'accounts sync']) {
      const r = await cli([...command.split(' '), '-c', EXAMPLE_CONFIG_FILE, '-o', target(tmp())]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/unexpected|report it|cannot reach/);
    }
  });

  test.each(AWS_COMMANDS)(
    '%s: an endpoint that cannot be reached is a network error (2), never gaps or findings',
    async (command) => {
      for (const endpoint of ['http://127.0.0.1:9', 'http://keywatch-test.invalid']) {
        fakeCredentials(endpoint);
        const r = await cli([...command.split(' '), '-c', EXAMPLE_CONFIG_FILE, ...(command === 'accounts sync' ? ['-o', path.join(tmp(), 'a.yml')] : [])]);
        expect(r.code).toBe(EXIT.usage);
        expect(r.stderr).toMatch(/cannot reach .* \((ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\); check the network connection/);
        expect(`${r.stdout}${r.stderr}`).not.toMatch(/gaps|not covered|findings|unexpected/i);
      }
    },
    60_000,
  );

  test('report without credentials names the security account', async () => {
    process.env.AWS_PROFILE = 'keywatch-test-no-such-profile';
    process.env.AWS_CONFIG_FILE = path.join(tmp(), 'none');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(tmp(), 'none');
    try {
      const r = await cli(['report', '-c', EXAMPLE_CONFIG_FILE]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stderr).toMatch(/security account \(central\.account 222222222222\)/);
      expect(r.stderr).not.toMatch(/management/);
    } finally {
      delete process.env.AWS_CONFIG_FILE;
      delete process.env.AWS_SHARED_CREDENTIALS_FILE;
    }
  }, 60_000);
});
