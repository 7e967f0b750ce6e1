import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type GetQueryResultsCommandOutput,
  type QueryExecutionState,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { KeywatchError } from '@keywatch/shared';
import { runAthenaQuery } from '../../../packages/cli/lib/hunt/athena';

const athena = mockClient(AthenaClient);
const noSleep = async () => undefined;
const client = () => new AthenaClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' } });
const base = { sql: 'SELECT 1', workgroup: 'keywatch-hunt', database: 'keywatch', sleep: noSleep };

const state = (State: QueryExecutionState, bytes = 0, StateChangeReason?: string) => ({
  QueryExecution: {
    QueryExecutionId: 'q-1',
    Status: { State, StateChangeReason },
    Statistics: { DataScannedInBytes: bytes, EngineExecutionTimeInMillis: 1200 },
  },
});
const page = (rows: string[][], NextToken?: string, withColumns = true): GetQueryResultsCommandOutput =>
  ({
    ResultSet: {
      ResultSetMetadata: withColumns
        ? {
            ColumnInfo: [
              { Name: 'event_id', Type: 'varchar' },
              { Name: 'source_ip', Type: 'varchar' },
            ],
          }
        : undefined,
      Rows: rows.map((r) => ({ Data: r.map((v) => (v === '<null>' ? {} : { VarCharValue: v })) })),
    },
    NextToken,
    $metadata: {},
  }) as GetQueryResultsCommandOutput;

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
});

describe('runAthenaQuery', () => {
  test('polls until SUCCEEDED reporting state and bytes, then reads every page (the header row dropped once)', async () => {
    // GIVEN a query that is queued, runs, succeeds, and has two pages of results
    athena.on(GetQueryExecutionCommand).resolvesOnce(state('QUEUED')).resolvesOnce(state('RUNNING', 1_000_000)).resolves(state('SUCCEEDED', 2_500_000));
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: undefined })
      .resolves(
        page(
          [
            ['event_id', 'source_ip'],
            ['e1', '203.0.113.5'],
          ],
          't2',
        ),
      )
      .on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', NextToken: 't2' })
      .resolves(page([['e2', '<null>']]));
    const progress: [string, number][] = [];
    // WHEN
    const result = await runAthenaQuery(client(), { ...base, onProgress: (s, b) => progress.push([s, b]) });
    // THEN
    expect(progress).toEqual([
      ['QUEUED', 0],
      ['RUNNING', 1_000_000],
      ['SUCCEEDED', 2_500_000],
    ]);
    expect(result.rows).toEqual([
      { event_id: 'e1', source_ip: '203.0.113.5' },
      { event_id: 'e2', source_ip: null },
    ]);
    expect(result).toMatchObject({ queryExecutionId: 'q-1', bytesScanned: 2_500_000 });
    expect(athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input).toEqual({
      QueryString: 'SELECT 1',
      WorkGroup: 'keywatch-hunt',
      QueryExecutionContext: { Database: 'keywatch' },
    });
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
  });

  test('a FAILED query throws with Athena reason; a missing table and denied access are worded with their fix', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves(state('FAILED', 0, "TABLE_NOT_FOUND: line 5:8: Table 'awsdatacatalog.keywatch.cloudtrail_org' does not exist"));
    await expect(runAthenaQuery(client(), base)).rejects.toThrow(/the CloudTrail table is missing .*TABLE_NOT_FOUND.*hunt.deploy: true/);
    athena.on(GetQueryExecutionCommand).resolves(state('FAILED', 0, 'Access denied when writing output to url: s3://results/q-1.csv'));
    await expect(runAthenaQuery(client(), base)).rejects.toThrow(/access denied .*s3:PutObject on the results bucket/);
    athena.on(GetQueryExecutionCommand).resolves(state('FAILED', 0, 'GENERIC_INTERNAL_ERROR: something broke'));
    const err = await runAthenaQuery(client(), base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeywatchError);
    expect((err as Error).message).toBe('The Athena query q-1 failed: GENERIC_INTERNAL_ERROR: something broke');
  });

  test('CANCELLED by the workgroup scan limit names hunt.maxScanGigabytes', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('CANCELLED', 1e12, 'Query cancelled: bytes scanned limit was exceeded'));
    await expect(runAthenaQuery(client(), base)).rejects.toThrow(/cancelled by the workgroup's data-scanned limit .*hunt.maxScanGigabytes/);
  });

  test('an abort (Ctrl-C) stops the query with StopQueryExecution and throws a cancelled error', async () => {
    athena.on(GetQueryExecutionCommand).resolves(state('RUNNING', 10));
    athena.on(StopQueryExecutionCommand).resolves({});
    const abort = new AbortController();
    let polls = 0;
    const sleep = async () => {
      if (++polls === 2) abort.abort();
    };
    await expect(runAthenaQuery(client(), { ...base, sleep, signal: abort.signal })).rejects.toThrow(/^Cancelled: the Athena query q-1 was stopped/);
    expect(athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([{ QueryExecutionId: 'q-1' }]);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  test('request errors: unknown workgroup, denied access, no credentials', async () => {
    athena.on(StartQueryExecutionCommand).rejects(Object.assign(new Error('WorkGroup keywatch-hunt is not found.'), { name: 'InvalidRequestException' }));
    await expect(runAthenaQuery(client(), base)).rejects.toThrow(/WorkGroup keywatch-hunt is not found.*deploy it with hunt.deploy: true/);
    athena
      .on(StartQueryExecutionCommand)
      .rejects(
        Object.assign(new Error('User: arn:aws:iam::1:user/x is not authorized to perform: athena:StartQueryExecution'), { name: 'AccessDeniedException' }),
      );
    await expect(runAthenaQuery(client(), { ...base, profile: 'sec' })).rejects.toThrow(/Access denied for athena:StartQueryExecution with profile 'sec'/);
    athena
      .on(StartQueryExecutionCommand)
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    await expect(runAthenaQuery(client(), base)).rejects.toThrow(/No AWS credentials found/);
  });
});
