import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ListStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeAlarmsCommand, GetMetricDataCommand, type MetricAlarm, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { runCli } from '../../../packages/cli/lib/cli/run';
import { MOCK_MANAGEMENT as MGMT, orgAccount, useAuditMocks } from '../../helpers/audit-aws';
import { captureOutput } from '../../helpers/cli';

// `keywatch audit --liveness` end to end through runCli (clients answered by aws-sdk-client-mock): every output format
// shows the liveness and delivery columns, and the exit codes hold (0 alive, 1 gaps, 2 credentials/access/throttling/network).
const SECURITY = '222222222222';
const MEMBER = '333333333333';
const REGIONS = ['us-east-1', 'eu-west-1'];
const aws = useAuditMocks(
  () => [MGMT, SECURITY, MEMBER].map((id) => orgAccount(id, `acct-${id.slice(0, 1)}`)),
  () => SECURITY,
);
const { cfn, cw } = aws;
const output = captureOutput();
const saved = { ...process.env };
let dir: string;
let cfg: string;

const alarm = (account: string, region: string, StateValue: MetricAlarm['StateValue']): MetricAlarm => ({
  AlarmName: `keywatch-heartbeat-${account}-${region}`,
  StateValue,
  StateUpdatedTimestamp: new Date(Date.now() - 3_600_000),
  EvaluationPeriods: 3,
  Period: 900,
  TreatMissingData: 'breaching',
});
const allAlive = () => [MGMT, SECURITY, MEMBER].flatMap((a) => REGIONS.map((r) => alarm(a, r, 'OK')));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-audit-liveness-'));
  cfg = path.join(dir, 'keywatch.yml');
  fs.writeFileSync(
    cfg,
    [
      `organization: { id: o-exampleorg1, managementAccount: "${MGMT}" }`,
      `central: { account: "${SECURITY}", region: eu-west-1 }`,
      'deployment: { organizationalUnits: [r-ab12], regions: [us-east-1, eu-west-1], delegatedAdmin: true }',
      'allow: { networks: [192.0.2.0/24] }',
      'notify: { email: [secops@example.com] }',
      '',
    ].join('\n'),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' });
  delete process.env.AWS_PROFILE;
  delete process.env.KEYWATCH_AWS_ENDPOINT_URL;
  cfn.on(ListStackInstancesCommand).callsFake((input: { StackInstanceRegion: string }) => ({
    Summaries: [SECURITY, MEMBER].map((Account) => ({ Account, Region: input.StackInstanceRegion, Status: 'CURRENT' })),
  }));
  cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: allAlive() });
  cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[] }) => ({
    MetricDataResults: input.MetricDataQueries.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Values: [] })),
  }));
});
afterEach(() => {
  process.env = { ...saved };
});

/** The member silent in eu-west-1, and two delivery failures of the security account's us-east-1 sender. */
function withGaps(): void {
  cw.on(DescribeAlarmsCommand).resolves({
    MetricAlarms: allAlive().map((a) => (a.AlarmName === `keywatch-heartbeat-${MEMBER}-eu-west-1` ? { ...a, StateValue: 'ALARM' } : a)),
  });
  cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[] }) => ({
    MetricDataResults: input.MetricDataQueries.map((q) => {
      const d = Object.fromEntries(q.MetricStat!.Metric!.Dimensions!.map((x) => [x.Name, x.Value]));
      return { Id: q.Id, StatusCode: 'Complete', Values: d.account === SECURITY && d.region === 'us-east-1' ? [2] : [] };
    }),
  }));
}

describe('keywatch audit --liveness (runCli, aws-sdk-client-mock)', () => {
  test('everything alive: exit 0 and the liveness counts on stderr', async () => {
    const code = await runCli(['audit', '-c', cfg, '--liveness', '--format', 'json']);
    expect(output.stderr).toMatch(
      /^keywatch: 4\/6 covered, 0 gaps, 0 deploying; liveness 6 alive, 0 silent, 0 not monitored, 0 unknown, 0 not known yet; 0 with delivery failures in 24 h$/m,
    );
    expect(code).toBe(0);
  });

  test('a silent cell and delivery failures: exit 1, and every format shows the liveness and delivery columns', async () => {
    withGaps();
    const run = async (format: string) => {
      output.clear();
      const code = await runCli(['audit', '-c', cfg, '--liveness', '--delivery-hours', '12', '--format', format]);
      expect(code).toBe(1);
      return output.stdout;
    };

    const json = JSON.parse(await run('json'));
    expect(json.cells.find((c: { account: string; region: string }) => c.account === MEMBER && c.region === 'eu-west-1')).toMatchObject({
      liveness: { state: 'silent', alarmState: 'ALARM' },
      deliveryFailures: 0,
    });
    expect(json.summary).toMatchObject({ gaps: 2, deliveryFailing: 1, liveness: { alive: 5, silent: 1 } });
    expect(json.liveness).toMatchObject({ account: SECURITY, region: 'eu-west-1', deliveryHours: 12 });

    const csv = (await run('csv')).trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      'account,accountName,ouPath,region,state,gap,source,status,detailedStatus,drift,reason,liveness,livenessAlarmState,livenessSince,deliveryFailures',
    );
    expect(csv.find((l) => l.startsWith(`${MEMBER},`) && l.includes(',eu-west-1,'))).toMatch(/,covered,yes,stackset,CURRENT,,,,silent,ALARM,[0-9T:.-]+Z,0$/);
    expect(csv.find((l) => l.startsWith(`${SECURITY},`) && l.includes(',us-east-1,'))).toMatch(/,covered,yes,stackset,CURRENT,,,,alive,OK,[0-9T:.-]+Z,2$/);

    const table = await run('table');
    expect(table).toMatch(/Liveness +5 alive, 1 silent, 0 not monitored, 0 unknown, 0 not known yet/);
    expect(table).toMatch(/Delivery failing \(12 h\) +1/);
    expect(table).toContain('Liveness and delivery');
    expect(table).toMatch(new RegExp(`^${MEMBER} +acct-3 +eu-west-1 +silent +ALARM`, 'm'));
    expect(table).toMatch(new RegExp(`^acct-3 ${MEMBER} +✓ +z$`, 'm')); // the matrix: silent is not covered

    const md = await run('markdown');
    expect(md).toContain('| Account | Name | Region | Liveness | Alarm | Since | Delivery failures (12 h) | Why |');
    expect(md).toMatch(new RegExp(`\\| ${SECURITY} \\| acct-2 \\| us-east-1 \\| alive \\| OK \\| [^|]+ \\| 2 \\|`));
    expect(md).toContain('d sender delivery failing (DLQ alarm in the window)');

    const html = await run('html');
    expect(html).toContain('Liveness and delivery');
    expect(html).toContain('data-state="silent"');
    expect(html).toContain('data-state="delivery-failing"');
  });

  test.each([
    [
      'access denied',
      Object.assign(new Error('not authorized to perform: cloudwatch:DescribeAlarms'), { name: 'AccessDenied', $metadata: {} }),
      /^keywatch: Access denied for cloudwatch:DescribeAlarms in eu-west-1/m,
    ],
    [
      'throttling',
      Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { attempts: 8 } }),
      /^keywatch: AWS kept throttling cloudwatch:DescribeAlarms/m,
    ],
    [
      'a network failure',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }),
      /^keywatch: cannot reach the AWS endpoint \(ECONNREFUSED\); check the network/m,
    ],
  ])('%s reading the alarms is exit 2 with one sentence, no report and no "gaps"', async (_name, error, message) => {
    cw.on(DescribeAlarmsCommand).rejects(error);
    const code = await runCli(['audit', '-c', cfg, '--liveness', '--format', 'json']);
    expect(code).toBe(2);
    expect(output.stderr).toMatch(message);
    expect(output.stderr).not.toMatch(/gaps/);
    expect(output.stdout).toBe('');
  });

  test('credentials of another account without --security-profile: exit 2 naming the flag', async () => {
    aws.sts.on(GetCallerIdentityCommand).resolves({ Account: MGMT });
    const code = await runCli(['audit', '-c', cfg, '--liveness']);
    expect(code).toBe(2);
    expect(output.stderr).toContain(`pass --security-profile <profile of account ${SECURITY}>.`);
  });
});
