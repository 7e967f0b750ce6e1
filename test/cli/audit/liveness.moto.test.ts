import { PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { heartbeatAlarmName } from '@keywatch/central';
import { auditCoverage, isFullyCovered } from '../../../packages/cli/lib/audit';
import { makeConfig } from '../../helpers/config';
import { MOTO_ACCOUNT, motoAvailable, startMoto, type MotoServer } from '../../helpers/moto';
import { seedOrganization, seedStack, seedStackSet, type SeededOrganization } from '../../helpers/moto-seed';

const run = motoAvailable() ? describe : describe.skip;
const REGIONS = ['us-east-1', 'eu-west-1'];

// moto 5.2 implements PutMetricAlarm, SetAlarmState, DescribeAlarms (AlarmNamePrefix; it does not paginate) and
// GetMetricData over PutMetricData datapoints; it does not run metric filters, so the delivery failure count is put as
// the metric the filter would produce. Paging and error paths are in liveness.mock.test.ts.
run('auditCoverage --liveness against moto server (CloudWatch alarms and metrics)', () => {
  let moto: MotoServer;
  let org: SeededOrganization;

  beforeAll(async () => {
    moto = await startMoto();
    const clients = moto.clients();
    org = await seedOrganization(clients, [
      { name: 'shop-prod', ou: 'Workloads' },
      { name: 'shop-dev', ou: 'Workloads' },
    ]);
    await seedStackSet(clients, 'eu-west-1', 'keywatch-sender', [org.ous.get('Workloads')!], REGIONS);
    for (const r of REGIONS) await seedStack(clients, r, `keywatch-management-${r}`);

    // Alarms as the central stack creates them, in the security account (moto's account) in central.region.
    const cw = clients.cloudWatch('eu-west-1');
    const prod = org.accounts.get('shop-prod')!;
    const dev = org.accounts.get('shop-dev')!;
    const cells: [string, string, 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'][] = [
      [MOTO_ACCOUNT, 'us-east-1', 'OK'],
      [MOTO_ACCOUNT, 'eu-west-1', 'OK'],
      [prod, 'us-east-1', 'OK'],
      [prod, 'eu-west-1', 'ALARM'],
      [dev, 'us-east-1', 'INSUFFICIENT_DATA'], // as a new alarm starts on AWS (moto starts every alarm OK)
      // dev eu-west-1: no alarm at all
    ];
    for (const [account, region, state] of cells) {
      const AlarmName = heartbeatAlarmName(account, region);
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName,
          Namespace: 'keywatch',
          MetricName: 'Heartbeats',
          Dimensions: [
            { Name: 'account', Value: account },
            { Name: 'region', Value: region },
          ],
          Statistic: 'Sum',
          Period: 900,
          EvaluationPeriods: 3,
          DatapointsToAlarm: 2,
          Threshold: 2,
          ComparisonOperator: 'LessThanThreshold',
          TreatMissingData: 'breaching',
        }),
      );
      await cw.send(new SetAlarmStateCommand({ AlarmName, StateValue: state, StateReason: `test: ${state}` }));
    }
    // An alarm of an account that has left, and an unrelated alarm with another prefix.
    for (const AlarmName of [heartbeatAlarmName('999999999999', 'us-east-1'), 'other-alarm']) {
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName,
          Namespace: 'keywatch',
          MetricName: 'Heartbeats',
          Statistic: 'Sum',
          Period: 900,
          EvaluationPeriods: 3,
          Threshold: 1,
          ComparisonOperator: 'LessThanThreshold',
        }),
      );
    }
    // Two delivery failures of shop-prod in us-east-1, now, and one of shop-dev three days ago (outside 24 h).
    const failure = (account: string, region: string, Timestamp: Date, Value: number) =>
      cw.send(
        new PutMetricDataCommand({
          Namespace: 'keywatch',
          MetricData: [
            {
              MetricName: 'SenderDeliveryFailures',
              Dimensions: [
                { Name: 'account', Value: account },
                { Name: 'region', Value: region },
              ],
              Timestamp,
              Value,
              Unit: 'Count',
            },
          ],
        }),
      );
    await failure(prod, 'us-east-1', new Date(Date.now() - 60_000), 1);
    await failure(prod, 'us-east-1', new Date(Date.now() - 120_000), 1);
    await failure(dev, 'eu-west-1', new Date(Date.now() - 3 * 86_400_000), 1);
  });
  afterAll(async () => moto?.stop());

  test('classifies every account × region by its alarm, counts delivery failures in the window, and lists left-over alarms', async () => {
    // GIVEN the security account is the caller (moto has one account)
    const config = makeConfig({
      organization: { id: org.organizationId, managementAccount: MOTO_ACCOUNT },
      central: { account: MOTO_ACCOUNT, region: 'eu-west-1' },
      deployment: { regions: REGIONS, delegatedAdmin: false },
    });

    // WHEN
    const report = await auditCoverage(moto.clients(), { config }, { liveness: {} });

    // THEN
    const cell = (name: string, region: string) =>
      report.cells.find((c) => c.account === (name === 'management' ? MOTO_ACCOUNT : org.accounts.get(name)) && c.region === region)!;
    expect(cell('management', 'us-east-1').liveness).toMatchObject({ state: 'alive', alarmState: 'OK', windowMinutes: 45 });
    expect(cell('shop-prod', 'eu-west-1').liveness).toMatchObject({ state: 'silent', alarmState: 'ALARM', reason: 'test: ALARM' });
    expect(cell('shop-dev', 'us-east-1').liveness).toMatchObject({ state: 'pending', alarmState: 'INSUFFICIENT_DATA' });
    expect(cell('shop-dev', 'eu-west-1').liveness).toMatchObject({ state: 'unmonitored' });
    expect(cell('shop-prod', 'us-east-1')).toMatchObject({ liveness: { state: 'alive' }, deliveryFailures: 2 });
    expect(cell('shop-dev', 'eu-west-1').deliveryFailures).toBe(0); // three days ago: outside the 24 h window
    expect(report.summary).toMatchObject({
      cells: 6,
      gaps: 3, // silent, not monitored, delivery failures
      liveness: { alive: 3, silent: 1, pending: 1, unknown: 0, unmonitored: 1 },
      deliveryFailing: 1,
    });
    expect(report.liveness).toMatchObject({
      account: MOTO_ACCOUNT,
      region: 'eu-west-1',
      alarms: 6,
      unexpectedAlarms: ['keywatch-heartbeat-999999999999-us-east-1'],
    });
    expect(isFullyCovered(report)).toBe(false);

    // AND a 96-hour window sees the older failure too
    const longer = await auditCoverage(moto.clients(), { config }, { liveness: { deliveryHours: 96 } });
    expect(longer.cells.find((c) => c.account === org.accounts.get('shop-dev') && c.region === 'eu-west-1')!.deliveryFailures).toBe(1);
  });
});
