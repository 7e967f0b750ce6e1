import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  ResourceNotFoundException,
  StartQueryCommand,
  StopQueryCommand,
  type ResultField,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { KeywatchError } from '@keywatch/shared';
import { createAwsClients } from '../../../packages/cli/lib/aws/clients';
import { alertReport, pollDelay, reportQueries, runInsightsQuery, toAlertEntry } from '../../../packages/cli/lib/report';

const logs = mockClient(CloudWatchLogsClient);
beforeEach(() => logs.reset());
afterAll(() => logs.restore());
const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const noSleep = { sleep: async () => undefined };
const row = (o: Record<string, string>): ResultField[] => [...Object.entries(o).map(([field, value]) => ({ field, value })), { field: '@ptr', value: 'x' }];

// moto 5.2's Logs Insights runs only `fields`/`sort`/`limit`; the `stats` aggregations are exercised here with results
// shaped like Logs Insights' own (strings, @ptr per row), and the `fields` query against moto in report.moto.test.ts.
describe('alertReport (aws-sdk-client-mock)', () => {
  test('runs one query per breakdown over the window and converts the rows', async () => {
    // GIVEN a query id per query string, each Running once, then Complete
    const queries = reportQueries();
    queries.forEach((q, i) => logs.on(StartQueryCommand, { queryString: q.query }).resolves({ queryId: `q${i}` }));
    const results: Record<string, ResultField[][]> = {
      q0: [row({ alerts: '42', keys: '3', accounts: '2', sourceIps: '5' })],
      q1: [
        row({
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          sourceIPAddress: '203.0.113.9',
          account: '444444444444',
          alerts: '40',
          events: '7',
          firstSeen: '2026-11-20 10:00:00.000',
          lastSeen: '2026-11-26 09:00:00.000',
        }),
      ],
      q2: [
        row({ account: '444444444444', alerts: '40', keys: '2' }),
        row({ account: '555555555555', alerts: '2', keys: '1' }),
        row({ account: '777777777777', alerts: '1', keys: '1' }),
      ],
      q3: [row({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', account: '444444444444', userName: 'ci', alerts: '40', sourceIps: '1' })],
      q4: [row({ sourceIPAddress: '203.0.113.9', alerts: '40', keys: '1' })],
      q5: [row({ eventSource: 'sts.amazonaws.com', eventName: 'GetCallerIdentity', alerts: '30' })],
      q6: [row({ day: '2026-11-26 00:00:00.000', alerts: '42' })],
      q7: [
        row({
          '@timestamp': '2026-11-26 09:00:00.000',
          '@message': JSON.stringify({
            account: '444444444444',
            accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
            eventName: 'GetCallerIdentity',
            sourceIPAddress: '203.0.113.9',
            userAgent: 'aws-cli/2',
          }),
        }),
        // a record of a rule shared by accounts of the same policy (no accountName), and one of a fallback rule (accountName "")
        row({ '@timestamp': '2026-11-26 08:00:00.000', '@message': JSON.stringify({ account: '555555555555', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' }) }),
        row({
          '@timestamp': '2026-11-26 07:00:00.000',
          '@message': JSON.stringify({ account: '777777777777', accountName: '', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' }),
        }),
      ],
    };
    for (const [id, rows] of Object.entries(results)) {
      logs
        .on(GetQueryResultsCommand, { queryId: id })
        .resolvesOnce({ status: 'Running' })
        .resolves({ status: 'Complete', results: rows, statistics: { recordsScanned: 42 } });
    }

    // WHEN
    const start = new Date('2026-11-20T12:00:00Z');
    const end = new Date('2026-11-27T12:00:00Z');
    const accountNames = new Map([
      ['444444444444', 'shop-prod'],
      ['555555555555', 'shop-dev'],
    ]);
    const report = await alertReport(createAwsClients({ credentials: creds }), {
      region: 'eu-west-1',
      start,
      end,
      polling: noSleep,
      now: () => end,
      accountNames,
    });

    // THEN
    expect(report.totals).toEqual({ alerts: 42, keys: 3, accounts: 2, sourceIps: 5 });
    expect(report.byAccount).toEqual([
      { account: '444444444444', accountName: 'shop-prod', alerts: 40, keys: 2 },
      { account: '555555555555', accountName: 'shop-dev', alerts: 2, keys: 1 },
      { account: '777777777777', alerts: 1, keys: 1 }, // not in the directory: no name
    ]);
    expect(report.topOffenders[0]).toMatchObject({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', alerts: 40, events: 7 });
    expect(report.byDay).toEqual([{ day: '2026-11-26 00:00:00.000', alerts: 42 }]);
    expect(report.latest[0]).toEqual({
      timestamp: '2026-11-26 09:00:00.000',
      account: '444444444444',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      eventName: 'GetCallerIdentity',
      sourceIPAddress: '203.0.113.9',
      userAgent: 'aws-cli/2',
      accountName: 'shop-prod',
    });
    expect(report.latest[1]).toEqual({
      timestamp: '2026-11-26 08:00:00.000',
      account: '555555555555',
      accountName: 'shop-dev',
      accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
    });
    expect(report.latest[2]).toEqual({ timestamp: '2026-11-26 07:00:00.000', account: '777777777777', accountName: '', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' });
    expect(report.recordsScanned).toBe(42);
    const starts = logs.commandCalls(StartQueryCommand);
    expect(starts).toHaveLength(8);
    expect(starts[0].args[0].input).toMatchObject({ logGroupName: '/keywatch/alerts', startTime: start.getTime() / 1000, endTime: end.getTime() / 1000 });
    expect(start.getTime() / 1000).toBe(Date.UTC(2026, 10, 20, 12) / 1000);
    expect(logs.commandCalls(GetQueryResultsCommand)).toHaveLength(16);
    // (the call counter is client middleware, which aws-sdk-client-mock bypasses; moto tests check it)
  });

  test('a missing log group is one sentence with the fix', async () => {
    logs.on(StartQueryCommand).rejects(new ResourceNotFoundException({ message: 'Log group does not exist', $metadata: {} }));
    const p = alertReport(createAwsClients({ credentials: creds }), { region: 'eu-west-1', start: new Date(0), end: new Date(1000), polling: noSleep });
    await expect(p).rejects.toBeInstanceOf(KeywatchError);
    await expect(p).rejects.toThrow("Log group '/keywatch/alerts' was not found in eu-west-1; deploy the central stack first");
  });
});

describe('runInsightsQuery', () => {
  const opts = { logGroupName: '/keywatch/alerts', start: new Date(0), end: new Date(60_000), query: 'fields @message' };

  test.each(['Failed', 'Cancelled', 'Timeout'] as const)('status %s is a KeywatchError', async (status) => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q' });
    logs.on(GetQueryResultsCommand).resolves({ status });
    await expect(runInsightsQuery(new CloudWatchLogsClient({ credentials: creds, region: 'eu-west-1' }), { ...opts, ...noSleep })).rejects.toThrow(
      `ended with status ${status}`,
    );
  });

  test('polls with growing waits and stops the query at the deadline', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    logs.on(StopQueryCommand).resolves({ success: true });
    const waits: number[] = [];
    const client = new CloudWatchLogsClient({ credentials: creds, region: 'eu-west-1' });
    const sleep = async (ms: number) => {
      waits.push(ms);
    };
    await expect(runInsightsQuery(client, { ...opts, sleep, timeoutMs: 0 })).rejects.toThrow(/did not finish in time and was stopped/);
    expect(waits).toEqual([]); // deadline already passed at the first Running answer
    expect(logs.commandCalls(StopQueryCommand, { queryId: 'q' })).toHaveLength(1);
    expect(pollDelay(0, 500, 5000, () => 0)).toBe(500);
    expect(pollDelay(1, 500, 5000, () => 0)).toBe(750);
    expect(pollDelay(20, 500, 5000, () => 1)).toBe(6000);
  });
});

describe('toAlertEntry', () => {
  test('keeps only the timestamp when the message is not JSON', () => {
    expect(toAlertEntry({ '@timestamp': 't', '@message': 'not json' })).toEqual({ timestamp: 't' });
  });
});
