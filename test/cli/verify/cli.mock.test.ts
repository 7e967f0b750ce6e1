import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_CONFIG_FILE } from '@keywatch/central';
import { runCli } from '../../../packages/cli/lib/cli/run';
import { synthOrganization } from '../../../packages/cli/lib/synth/synth-organization';
import { deployFake, installFake, type FakeAccount } from './fake-aws';
import { captureOutput } from '../../helpers/cli';

/** Every fakeable API but Date: the SDK's timers and promises keep running for real. */
const NOT_DATE: NonNullable<Extract<Parameters<typeof jest.useFakeTimers>[0], { doNotFake?: unknown }>['doNotFake']> = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
];

describe('keywatch verify end to end (runCli against the fake AWS)', () => {
  const saved = { ...process.env };
  let dir: string;
  let cdkOut: string;
  let fake: FakeAccount;
  const mocks = installFake(() => fake);
  const output = captureOutput();
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-verify-e2e-'));
    cdkOut = path.join(dir, 'cdk.out');
    synthOrganization({ configFile: EXAMPLE_CONFIG_FILE, outdir: cdkOut });
  });
  afterAll(() => {
    mocks.restore();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    mocks.reset();
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
    delete process.env.AWS_PROFILE;
  });
  afterEach(() => {
    jest.useRealTimers();
    process.env = { ...saved };
  });

  test('a fresh deployment: exit code 0, the JSON report on stdout, the counts on stderr', async () => {
    fake = deployFake(cdkOut, '222222222222');
    const code = await runCli(['verify', '-c', EXAMPLE_CONFIG_FILE, '--cdk-out', cdkOut, '--json', '--concurrency', '8']);
    expect(code).toBe(0);
    const report = JSON.parse(output.stdout);
    expect(report).toMatchObject({ mode: 'central', account: '222222222222', findings: [], semantics: [{ verdict: 'event-ruler' }] });
    expect(output.stderr).toMatch(
      new RegExp(
        `^keywatch: 0 findings; 12 rules, 0 drifted; \\d+ probes, 0 mismatches; \\d+ API calls \\(${report.summary.testEventPatternCalls} TestEventPattern\\)$`,
        'm',
      ),
    );
  });

  test('a finding: exit code 1; --management --markdown', async () => {
    fake = deployFake(cdkOut, '111111111111');
    fake.regions.get('eu-west-1')!.queues.forEach((q) => (q.visible = 2));
    const code = await runCli(['verify', '-c', EXAMPLE_CONFIG_FILE, '--cdk-out', cdkOut, '--management', '--markdown', '--skip-probes']);
    expect(code).toBe(1);
    expect(output.stdout).toMatch(/^# keywatch verify \(management account\)/);
    expect(output.stdout).toContain('| dlq-not-empty | stack keywatch-management-eu-west-1 (eu-west-1) |');
    expect(output.stderr).toMatch(/^keywatch: 1 findings; /m);
  });

  test('the terminal table by default', async () => {
    // Only Date is faked, to a day within 30 days of the example directory's syncedAt: otherwise the directory-age
    // warning (a property of today's date, not of verify) would reach stderr once the example is a month old.
    jest.useFakeTimers({ now: new Date('2026-11-02T00:00:00Z'), doNotFake: NOT_DATE });
    fake = deployFake(cdkOut, '222222222222');
    const code = await runCli(['verify', '-c', EXAMPLE_CONFIG_FILE, '--cdk-out', cdkOut, '--skip-probes']);
    expect(code).toBe(0);
    expect(output.stdout).toMatch(/^keywatch verify \(central stack\)\n/);
    expect(output.stdout).toMatch(/IP semantics\s+not probed/);
    expect(output.stderr).toBe('');
  });
});
