import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { EXAMPLE_CONFIG_FILE } from '@keywatch/central';
import { cli } from '../../helpers/cli';
import { EXIT, userFacingSystemError } from '../../../packages/cli/lib/cli/system-errors';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { buildOrganization } from '../../helpers/synth';

describe('the exit-code contract (0 ok, 1 findings, 2 bad input, 3 unexpected)', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kw-exit-'));

  test('--help states it', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 findings');
    expect(r.stdout).toContain('3 unexpected error');
  });

  test('an unknown command or option is a usage error (2)', async () => {
    expect((await cli(['frobnicate'])).code).toBe(EXIT.usage);
    expect((await cli(['synth', '--frobnicate'])).code).toBe(EXIT.usage);
  });

  test('simulate with an input that does not exist exits 2 before reading anything', async () => {
    const r = await cli(['simulate', '--cdk-out', tmp(), '/nonexistent/trail.json.gz']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe("keywatch: 'inputs' must name existing files or directories; not found: /nonexistent/trail.json.gz\n");
  });

  test('simulate with an unreadable input prints the summary, then exits 2 naming it', async () => {
    const cdkOut = buildOrganization(makeConfig(), makeDirectory()).app.synth().directory;
    // a UNIX socket exists but cannot be read as a file (ENXIO), even by root
    const socket = path.join(tmp(), 'trail.json');
    const server = net.createServer().listen(socket);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const r = await cli(['simulate', '--cdk-out', cdkOut, socket]);
      expect(r.code).toBe(EXIT.usage);
      expect(r.stdout).toMatch(/events/i);
      expect(r.stderr).toContain(`an input could not be read (${socket}): the summary above leaves them out`);
    } finally {
      server.close();
    }
  });

  test('synth into a path that is a file exits 2 with the fix', async () => {
    const file = path.join(tmp(), 'cdk.out');
    fs.writeFileSync(file, 'not a directory');
    const r = await cli(['synth', '-c', EXAMPLE_CONFIG_FILE, '--cdk-out', file]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toBe(`keywatch: the cloud assembly directory ${file} is a file: remove it or name another directory\n`);
  });

  test.each<[string, object, RegExp]>([
    [
      'a missing file',
      { code: 'ENOENT', syscall: 'open', path: '/x/keywatch.yml' },
      /^cannot open \/x\/keywatch\.yml: it does not exist \(ENOENT\); check the path/,
    ],
    [
      'a read-only output',
      { code: 'EROFS', syscall: 'mkdir', path: '/ro/cdk.out' },
      /^cannot create the directory \/ro\/cdk\.out: the file system is read-only/,
    ],
    [
      'an unknown host',
      { code: 'ENOTFOUND', hostname: 'events.eu-west-9.amazonaws.com' },
      /^cannot reach events\.eu-west-9\.amazonaws\.com \(ENOTFOUND\); check the network connection, any proxy \(HTTPS_PROXY\) and --region$/,
    ],
    ['a refused connection', { code: 'ECONNREFUSED', address: '127.0.0.1' }, /^cannot reach 127\.0\.0\.1 \(ECONNREFUSED\)/],
  ])('%s becomes a sentence with the fix and exit 2', (_name, props, message) => {
    const e = userFacingSystemError(Object.assign(new Error('x'), props));
    expect(e?.exitCode).toBe(EXIT.usage);
    expect(e?.message).toMatch(message);
  });

  test('anything else stays unexpected', () => {
    expect(userFacingSystemError(new TypeError('x is undefined'))).toBeUndefined();
    expect(userFacingSystemError('a string')).toBeUndefined();
  });
});
