import { ListStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeAlarmsCommand, GetMetricDataCommand, type MetricAlarm, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { KeywatchError } from '@keywatch/shared';
import { auditCoverage, classifyLiveness, isFullyCovered, readDeliveryFailures } from '../../../packages/cli/lib/audit';
import { MOCK_MANAGEMENT as MGMT, orgAccount, useAuditMocks } from '../../helpers/audit-aws';
import { makeConfig, makeDirectory } from '../../helpers/config';

// Issue 12 (audit --liveness) and issue 14 item 12 (sender delivery failures counted by audit).
const SECURITY = '222222222222';
const MEMBER = '333333333333';
let accounts = [MGMT, SECURITY, MEMBER];
const aws = useAuditMocks(
  () => accounts.map((id) => orgAccount(id, `acct-${id.slice(0, 1)}`)),
  () => SECURITY,
);
const { cfn, cw } = aws;
const NOW = new Date('2026-12-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

/** A liveness alarm as the central stack creates it: 3 periods of 15 minutes, missing data breaching. */
const alarm = (
  account: string,
  region: string,
  StateValue: MetricAlarm['StateValue'],
  since = minutesAgo(120),
  extra: Partial<MetricAlarm> = {},
): MetricAlarm => ({
  AlarmName: `keywatch-heartbeat-${account}-${region}`,
  StateValue,
  StateUpdatedTimestamp: since,
  StateReason: StateValue === 'ALARM' ? 'Threshold Crossed: 2 out of the last 3 datapoints [0.0, 0.0] were less than the threshold (2.0)' : undefined,
  EvaluationPeriods: 3,
  Period: 900,
  TreatMissingData: 'breaching',
  ...extra,
});

const config = makeConfig({
  organization: { managementAccount: MGMT },
  central: { account: SECURITY, region: 'eu-west-1' },
  deployment: { regions: ['us-east-1', 'eu-west-1'], delegatedAdmin: true },
});

beforeEach(() => {
  accounts = [MGMT, SECURITY, MEMBER];
  cfn.on(ListStackInstancesCommand).callsFake((input: { StackInstanceRegion: string }) => ({
    Summaries: [SECURITY, MEMBER].map((Account) => ({ Account, Region: input.StackInstanceRegion, Status: 'CURRENT' })),
  }));
  cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[] }) => ({
    MetricDataResults: input.MetricDataQueries.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Values: [], Timestamps: [] })),
  }));
});

describe('classifyLiveness', () => {
  test('OK is alive, ALARM is silent, no alarm is not monitored', () => {
    expect(classifyLiveness(alarm(MEMBER, 'us-east-1', 'OK'), NOW)).toMatchObject({
      state: 'alive',
      alarmState: 'OK',
      since: '2026-12-01T10:00:00.000Z',
      windowMinutes: 45,
    });
    expect(classifyLiveness(alarm(MEMBER, 'us-east-1', 'ALARM'), NOW)).toMatchObject({ state: 'silent', reason: expect.stringContaining('Threshold Crossed') });
    expect(classifyLiveness(undefined, NOW)).toEqual({ state: 'unmonitored', reason: 'no liveness alarm for this account and region' });
  });

  test('INSUFFICIENT_DATA is not known yet within the evaluation window (3 × 15 min = 45 min), unknown beyond it', () => {
    expect(classifyLiveness(alarm(MEMBER, 'us-east-1', 'INSUFFICIENT_DATA', minutesAgo(44)), NOW)).toMatchObject({
      state: 'pending',
      reason: 'no data yet; the alarm has not had its evaluation window of 45 min (3 × 15 min)',
    });
    expect(classifyLiveness(alarm(MEMBER, 'us-east-1', 'INSUFFICIENT_DATA', minutesAgo(45)), NOW).state).toBe('pending');
    expect(classifyLiveness(alarm(MEMBER, 'us-east-1', 'INSUFFICIENT_DATA', minutesAgo(46)), NOW)).toMatchObject({
      state: 'unknown',
      reason: "no data for longer than the alarm's evaluation window of 45 min (3 × 15 min)",
    });
    // another interval: 3 × 5 min = 15 min
    expect(classifyLiveness(alarm(MEMBER, 'us-east-1', 'INSUFFICIENT_DATA', minutesAgo(20), { Period: 300 }), NOW).state).toBe('unknown');
  });

  test('an alarm that does not treat missing data as breaching cannot see silence: unknown, even when OK', () => {
    expect(classifyLiveness(alarm(MEMBER, 'us-east-1', 'OK', minutesAgo(5), { TreatMissingData: 'notBreaching' }), NOW)).toMatchObject({
      state: 'unknown',
      reason: expect.stringContaining("treats missing data as 'notBreaching'"),
    });
  });
});

describe('auditCoverage with liveness (aws-sdk-client-mock)', () => {
  test('reads every page of liveness alarms by prefix in the security account and region, and classifies each cell', async () => {
    // GIVEN two pages of alarms: the member silent in eu-west-1, the management account without any alarm in eu-west-1,
    // and an alarm of an account that left the organization
    const inputs: unknown[] = []; // copies: the SDK paginator reuses one input object across pages
    cw.on(DescribeAlarmsCommand).callsFake((input: { NextToken?: string }) => {
      inputs.push({ ...input });
      return input.NextToken === 'page-2'
        ? { MetricAlarms: [alarm(MEMBER, 'us-east-1', 'OK'), alarm(MEMBER, 'eu-west-1', 'ALARM'), alarm('999999999999', 'us-east-1', 'OK')] }
        : {
            MetricAlarms: [
              alarm(MGMT, 'us-east-1', 'OK'),
              alarm(SECURITY, 'us-east-1', 'OK'),
              alarm(SECURITY, 'eu-west-1', 'INSUFFICIENT_DATA', minutesAgo(10)),
            ],
            NextToken: 'page-2',
          };
    });

    // WHEN
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { liveness: {}, now: () => NOW });

    // THEN
    const calls = cw.commandCalls(DescribeAlarmsCommand);
    expect(inputs).toEqual([
      { AlarmNamePrefix: 'keywatch-heartbeat-', AlarmTypes: ['MetricAlarm'], MaxRecords: 100 },
      { AlarmNamePrefix: 'keywatch-heartbeat-', AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken: 'page-2' },
    ]);
    expect(await calls[0].thisValue.config.region()).toBe('eu-west-1');
    const live = (a: string, r: string) => report.cells.find((c) => c.account === a && c.region === r)!.liveness!.state;
    expect(live(MGMT, 'us-east-1')).toBe('alive');
    expect(live(MGMT, 'eu-west-1')).toBe('unmonitored');
    expect(live(SECURITY, 'eu-west-1')).toBe('pending');
    expect(live(MEMBER, 'eu-west-1')).toBe('silent');
    expect(report.summary).toMatchObject({
      cells: 6,
      covered: 4,
      unchecked: 2, // the management stacks: the caller is the security account (liveness is read all the same)
      gaps: 2,
      liveness: { alive: 3, silent: 1, pending: 1, unknown: 0, unmonitored: 1 },
      deliveryFailing: 0,
    });
    expect(isFullyCovered(report)).toBe(false);
    expect(report.liveness).toEqual({
      account: SECURITY,
      region: 'eu-west-1',
      alarmPrefix: 'keywatch-heartbeat-',
      alarms: 6,
      unexpectedAlarms: ['keywatch-heartbeat-999999999999-us-east-1'],
      deliveryHours: 24,
      deliverySince: '2026-11-30T12:00:00.000Z',
    });
    expect(report.warnings).toContainEqual(
      expect.stringMatching(/^1 liveness alarms stand for accounts or regions that are no longer expected \(keywatch-heartbeat-999999999999-us-east-1\)/),
    );
  });

  test('all alive with no delivery failures is fully covered; pending alone does not fail the audit', async () => {
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [MGMT, SECURITY, MEMBER].flatMap((a) =>
        ['us-east-1', 'eu-west-1'].map((r) => alarm(a, r, a === MEMBER && r === 'us-east-1' ? 'INSUFFICIENT_DATA' : 'OK', minutesAgo(3))),
      ),
    });
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { liveness: {}, now: () => NOW });
    expect(report.summary).toMatchObject({ gaps: 0, liveness: { alive: 5, pending: 1 } });
    expect(isFullyCovered(report)).toBe(true);
  });

  test('sender delivery failures in the window are counted per cell from keywatch/SenderDeliveryFailures and are gaps', async () => {
    // GIVEN every cell alive, and the member's eu-west-1 sender whose DLQ alarm fired twice in the window
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [MGMT, SECURITY, MEMBER].flatMap((a) => ['us-east-1', 'eu-west-1'].map((r) => alarm(a, r, 'OK'))) });
    cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[] }) => ({
      MetricDataResults: input.MetricDataQueries.map((q) => {
        const dims = Object.fromEntries(q.MetricStat!.Metric!.Dimensions!.map((d) => [d.Name, d.Value]));
        const failing = dims.account === MEMBER && dims.region === 'eu-west-1';
        return { Id: q.Id, StatusCode: 'Complete', Values: failing ? [1, 1] : [], Timestamps: failing ? [minutesAgo(300), minutesAgo(60)] : [] };
      }),
    }));

    // WHEN a 6-hour window
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { liveness: { deliveryHours: 6 }, now: () => NOW });

    // THEN
    const input = cw.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(input.StartTime).toEqual(new Date('2026-12-01T06:00:00Z'));
    expect(input.EndTime).toEqual(NOW);
    expect(input.MetricDataQueries![0]).toEqual({
      Id: 'd0',
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: 'keywatch',
          MetricName: 'SenderDeliveryFailures',
          Dimensions: [
            { Name: 'account', Value: MGMT },
            { Name: 'region', Value: 'us-east-1' },
          ],
        },
        Period: 21600,
        Stat: 'Sum',
      },
    });
    expect(report.cells.find((c) => c.account === MEMBER && c.region === 'eu-west-1')!.deliveryFailures).toBe(2);
    expect(report.cells.filter((c) => c.deliveryFailures === 0)).toHaveLength(5);
    expect(report.summary).toMatchObject({ gaps: 1, deliveryFailing: 1 });
    expect(isFullyCovered(report)).toBe(false);
  });

  test('GetMetricData is sent in batches of 500 queries, following NextToken', async () => {
    // GIVEN 252 accounts × 2 regions = 504 cells
    accounts = [MGMT, SECURITY, ...Array.from({ length: 250 }, (_, i) => String(400000000000 + i))];
    cfn.on(ListStackInstancesCommand).resolves({ Summaries: [] });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const sizes: unknown[] = [];
    cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[]; NextToken?: string }) => {
      sizes.push([input.MetricDataQueries.length, input.NextToken]);
      const half = Math.ceil(input.MetricDataQueries.length / 2);
      const part = input.NextToken ? input.MetricDataQueries.slice(half) : input.MetricDataQueries.slice(0, half);
      return {
        MetricDataResults: part.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Values: [1], Timestamps: [NOW] })),
        ...(input.NextToken ? {} : { NextToken: 'more' }),
      };
    });
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { liveness: {}, now: () => NOW });
    expect(sizes).toEqual([
      [500, undefined],
      [500, 'more'],
      [4, undefined],
      [4, 'more'],
    ]);
    expect(report.cells).toHaveLength(504);
    expect(report.cells.every((c) => c.deliveryFailures === 1)).toBe(true);
  });

  test('without credentials of the security account, --liveness is an error (exit 2) naming --security-profile, never a pass', async () => {
    aws.sts.on(GetCallerIdentityCommand).resolves({ Account: MGMT });
    const p = auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { liveness: {}, now: () => NOW });
    await expect(p).rejects.toBeInstanceOf(KeywatchError);
    await expect(p).rejects.toThrow(
      `--liveness reads the liveness alarms of the security account ${SECURITY} (central.account) in eu-west-1, but the credentials belong to account ${MGMT}; pass --security-profile <profile of account ${SECURITY}>.`,
    );
    expect(cw.commandCalls(DescribeAlarmsCommand)).toHaveLength(0);
  });

  test('separate security clients are used when given', async () => {
    aws.sts.on(GetCallerIdentityCommand).resolves({ Account: MGMT });
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    const security = aws.clients();
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { liveness: { securityClients: security }, now: () => NOW });
    expect(report.summary.liveness?.unmonitored).toBe(6);
    expect(cw.commandCalls(DescribeAlarmsCommand)[0].thisValue).toBe(security.cloudWatch('eu-west-1'));
    expect(cw.commandCalls(GetMetricDataCommand)[0].thisValue).toBe(security.cloudWatch('eu-west-1'));
  });

  test.each([
    [
      'access denied',
      Object.assign(new Error('User: arn:aws:iam::222222222222:user/x is not authorized to perform: cloudwatch:DescribeAlarms'), {
        name: 'AccessDenied',
        $metadata: { httpStatusCode: 403 },
      }),
      /^Access denied for cloudwatch:DescribeAlarms in eu-west-1/,
    ],
    [
      'throttling after retries',
      Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400, attempts: 8 } }),
      /^AWS kept throttling cloudwatch:DescribeAlarms in eu-west-1 \(Throttling\) after 8 attempts; nothing was concluded from it/,
    ],
    [
      'a server error after retries',
      Object.assign(new Error('Internal'), { name: 'InternalFailure', $metadata: { httpStatusCode: 500, attempts: 8 } }),
      /^AWS answered cloudwatch:DescribeAlarms in eu-west-1 with HTTP 500 \(InternalFailure\) after 8 attempts/,
    ],
  ])('%s on DescribeAlarms is exit 2 with a sentence, not gaps', async (_name, error, message) => {
    cw.on(DescribeAlarmsCommand).rejects(error);
    const p = auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { liveness: {}, now: () => NOW });
    await expect(p).rejects.toMatchObject({ exitCode: 2 });
    await expect(p).rejects.toThrow(message);
  });

  test('a GetMetricData query answered Forbidden is exit 2, not zero failures', async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'd0', StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'denied' }] }] });
    const p = auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { liveness: {}, now: () => NOW });
    await expect(p).rejects.toMatchObject({ exitCode: 2 });
    await expect(p).rejects.toThrow(/GetMetricData for keywatch\/SenderDeliveryFailures with Forbidden \(denied\); nothing was concluded/);
  });
});

test('auditCoverage rejects a bad delivery window before any AWS call', async () => {
  await expect(auditCoverage(aws.clients(), { config }, { liveness: { deliveryHours: 0.5 } })).rejects.toThrow(
    "'--delivery-hours' must be a whole number from 1 to 336; got '0.5'",
  );
  expect(aws.cfn.calls()).toHaveLength(0);
});

describe('readDeliveryFailures', () => {
  test('rejects a window outside 1..336 hours before any call', async () => {
    await expect(readDeliveryFailures(aws.clients().cloudWatch('eu-west-1'), [], 0, NOW, { operation: 'x' })).rejects.toThrow(
      "'--delivery-hours' must be a whole number from 1 to 336; got '0'",
    );
    await expect(readDeliveryFailures(aws.clients().cloudWatch('eu-west-1'), [], 337, NOW, { operation: 'x' })).rejects.toThrow(/got '337'/);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });

  test('rounds the end up to a whole minute so one period covers the window', async () => {
    await readDeliveryFailures(aws.clients().cloudWatch('eu-west-1'), [{ account: MEMBER, region: 'us-east-1' }], 1, new Date('2026-12-01T12:00:30.500Z'), {
      operation: 'x',
    });
    const input = cw.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(input.EndTime).toEqual(new Date('2026-12-01T12:01:00Z'));
    expect(input.StartTime).toEqual(new Date('2026-12-01T11:01:00Z'));
  });
});
