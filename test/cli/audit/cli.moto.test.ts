import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../packages/cli/lib/cli/run';
import { MOTO_ACCOUNT, motoAvailable, startMoto, type MotoServer } from '../../helpers/moto';
import { seedOrganization, seedStack, seedStackSet, type SeededOrganization } from '../../helpers/moto-seed';
import { captureOutput } from '../../helpers/cli';

const run = motoAvailable() ? describe : describe.skip;

run('keywatch accounts sync + audit end to end (runCli against moto server)', () => {
  let moto: MotoServer;
  let org: SeededOrganization;
  let dir: string;
  const saved = { ...process.env };
  const output = captureOutput();

  beforeAll(async () => {
    moto = await startMoto();
    const clients = moto.clients();
    org = await seedOrganization(clients, [
      { name: 'security', ou: 'Security' },
      { name: 'shop-prod', ou: 'Workloads' },
    ]);
    await seedStackSet(clients, 'eu-west-1', 'keywatch-sender', [org.ous.get('Security')!, org.ous.get('Workloads')!], ['us-east-1', 'eu-west-1']);
    await seedStack(clients, 'us-east-1', 'keywatch-management-us-east-1');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kw-cli-'));
    await fs.writeFile(
      path.join(dir, 'keywatch.yml'),
      [
        `organization: { id: ${org.organizationId}, managementAccount: "${MOTO_ACCOUNT}" }`,
        `central: { account: "${org.accounts.get('security')}", region: eu-west-1 }`,
        'deployment: { organizationalUnits: [r-ab12], regions: [us-east-1, eu-west-1], delegatedAdmin: false }',
        'allow: { networks: [192.0.2.0/24] }',
        'notify: { email: [secops@example.com] }',
        'accounts: accounts.yml',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await moto?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    Object.assign(process.env, { KEYWATCH_AWS_ENDPOINT_URL: moto.endpoint, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' });
    delete process.env.AWS_PROFILE;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  test('sync writes the directory; audit then reports the management gap with exit code 1', async () => {
    const cfg = path.join(dir, 'keywatch.yml');
    expect(await runCli(['accounts', 'sync', '--config', cfg])).toBe(0);
    expect(output.stderr).toMatch(/wrote 3 accounts of o-\w+ to .*accounts\.yml/);
    expect(await fs.readFile(path.join(dir, 'accounts.yml'), 'utf8')).toContain('name: shop-prod');

    output.clear();
    const code = await runCli(['audit', '--config', cfg, '--format', 'json']);
    expect(output.stderr).toMatch(/5\/6 covered, 1 gaps, 0 deploying/);
    expect(code).toBe(1);
    const report = JSON.parse(output.stdout);
    expect(report.cells.filter((c: { state: string }) => c.state === 'missing')).toEqual([
      { account: MOTO_ACCOUNT, region: 'eu-west-1', state: 'missing', source: 'stack' },
    ]);
    expect(report.directory.differences).toEqual([]);
  });

  test('a wrong profile is exit code 2 with one sentence', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    process.env.AWS_CONFIG_FILE = path.join(dir, 'no-such-config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'no-such-credentials');
    const code = await runCli(['audit', '--config', path.join(dir, 'keywatch.yml'), '--profile', 'nope']);
    expect(code).toBe(2);
    expect(output.stderr).toMatch(/^keywatch: Cannot get credentials for profile 'nope' .*; check the name with 'aws configure list-profiles'/m);
  });
});
