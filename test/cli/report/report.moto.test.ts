import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { runInsightsQuery, toAlertEntry, latestAlertsQuery } from '../../../packages/cli/lib/report';
import { alertReport } from '../../../packages/cli/lib/report/report';
import { motoAvailable, startMoto, type MotoServer } from '../../helpers/moto';

const run = motoAvailable() ? describe : describe.skip;

// moto 5.2 runs Logs Insights `fields | sort | limit` queries (no `stats`), so the raw "latest alerts" query is checked
// end to end here (StartQuery → GetQueryResults → Complete); the aggregations use aws-sdk-client-mock (report.mock.test.ts).
run('Logs Insights against moto server', () => {
  let moto: MotoServer;
  const now = Date.now();
  const alert = (i: number) => ({
    account: '444444444444',
    accountName: 'shop-prod',
    ouPath: 'Workloads/Prod',
    owner: 'shop@example.com',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    userName: 'ci',
    arn: 'arn:aws:iam::444444444444:user/ci',
    identityType: 'IAMUser',
    eventName: i % 2 ? 'ListBuckets' : 'GetCallerIdentity',
    eventSource: 's3.amazonaws.com',
    region: 'eu-west-1',
    sourceIPAddress: `203.0.113.${i}`,
    userAgent: 'aws-cli/2.15',
    eventTime: new Date(now - i * 60_000).toISOString(),
    eventID: `id-${i}`,
    readOnly: true,
    vpcEndpointId: null,
    rule: 'keywatch-444444444444',
  });

  beforeAll(async () => {
    moto = await startMoto();
    const logs = moto.clients().logs('eu-west-1');
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/keywatch/alerts' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: '/keywatch/alerts', logStreamName: 'alerts' }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/keywatch/alerts',
        logStreamName: 'alerts',
        logEvents: [5, 4, 3, 2, 1].map((i) => ({ timestamp: now - i * 60_000, message: JSON.stringify(alert(i)) })),
      }),
    );
  });
  afterAll(async () => moto?.stop());

  test('the latest-alerts query returns the newest alerts first, parsed from the JSON messages', async () => {
    const logs = moto.clients().logs('eu-west-1');
    const res = await runInsightsQuery(logs, {
      logGroupName: '/keywatch/alerts',
      start: new Date(now - 3_600_000),
      end: new Date(now + 60_000),
      query: latestAlertsQuery(3),
      pollInitialMs: 10,
    });
    const entries = res.rows.map(toAlertEntry);
    expect(entries.map((e) => e.sourceIPAddress)).toEqual(['203.0.113.1', '203.0.113.2', '203.0.113.3']);
    expect(entries[0]).toMatchObject({ account: '444444444444', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', eventName: 'ListBuckets', userAgent: 'aws-cli/2.15' });
  });

  test('a log group that does not exist fails with the fix', async () => {
    await expect(
      alertReport(moto.clients(), { region: 'eu-west-1', logGroupName: '/keywatch/none', start: new Date(now - 1000), end: new Date(now) }),
    ).rejects.toThrow("Log group '/keywatch/none' was not found in eu-west-1; deploy the central stack first");
  });
});
