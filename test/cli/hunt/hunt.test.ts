import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { AthenaClient, GetQueryExecutionCommand, GetQueryResultsCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { HUNT_COLUMNS } from '@keywatch/shared';
import { huntCommand, type HuntCliOptions } from '../../../packages/cli/lib/cli/commands/hunt';
import { BASE_CONFIG, makeDirectory } from '../../helpers/config';
import { cli } from '../../helpers/cli';

const athena = mockClient(AthenaClient);
const s3 = mockClient(S3Client);

/** A keywatch.yml (with `hunt` unless told otherwise) and its accounts directory in a new temporary directory. */
function writeConfig(hunt: unknown = { database: 'keywatch', table: 'cloudtrail_org' }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-hunt-'));
  fs.writeFileSync(path.join(dir, 'accounts.yml'), stringify(makeDirectory()));
  fs.writeFileSync(path.join(dir, 'keywatch.yml'), stringify({ ...BASE_CONFIG, accounts: 'accounts.yml', ...(hunt ? { hunt } : {}) }));
  return path.join(dir, 'keywatch.yml');
}

const row = (values: Partial<Record<(typeof HUNT_COLUMNS)[number], string>>) => ({
  Data: HUNT_COLUMNS.map((c) => (values[c] === undefined ? {} : { VarCharValue: values[c] })),
});
const FINDING = {
  event_id: '00000000-0000-4000-8000-000000000001',
  event_time: '2026-11-20T08:15:30Z',
  account_id: '444444444444',
  region: 'eu-west-1',
  access_key_id: 'AKIAIOSFODNN7EXAMPLE',
  user_name: 'deploy-bot',
  principal_arn: 'arn:aws:iam::444444444444:user/deploy-bot',
  identity_type: 'IAMUser',
  source_ip: '203.0.113.99',
  event_source: 's3.amazonaws.com',
  event_name: 'ListBuckets',
  read_only: 'true',
};

function answer(rows: ReturnType<typeof row>[]) {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-7' });
  athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 123_456_789 } } });
  athena.on(GetQueryResultsCommand).resolves({
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: HUNT_COLUMNS.map((Name) => ({ Name, Type: 'varchar' })) },
      Rows: [{ Data: HUNT_COLUMNS.map((c) => ({ VarCharValue: c })) }, ...rows],
    },
  });
}

beforeEach(() => {
  athena.reset();
  s3.reset();
});

describe('keywatch hunt', () => {
  test('--json: one document { findings, summary }, each finding with the fields allowlist suggest reads; exit 1 on findings', async () => {
    // GIVEN Athena returns one finding
    answer([row(FINDING)]);
    // WHEN
    const { code, stdout, stderr } = await cli(['hunt', '-c', writeConfig(), '--since', '2026-11-01T00:00:00Z', '--until', '2026-11-30T00:00:00Z', '--json']);
    // THEN
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['findings', 'summary']);
    expect(doc.findings).toEqual([
      {
        eventId: '00000000-0000-4000-8000-000000000001',
        eventTime: '2026-11-20T08:15:30.000Z',
        account: '444444444444',
        accountName: 'shop-prod',
        region: 'eu-west-1',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        userName: 'deploy-bot',
        principal: 'arn:aws:iam::444444444444:user/deploy-bot',
        identityType: 'IAMUser',
        sourceIpAddress: '203.0.113.99',
        eventSource: 's3.amazonaws.com',
        eventName: 'ListBuckets',
        readOnly: true,
        vpcEndpointId: '',
        userAgent: '',
        errorCode: '',
      },
    ]);
    expect(doc.summary).toMatchObject({
      findings: 1,
      accounts: 1,
      accessKeys: 1,
      sourceIps: 1,
      byAccount: [{ key: '444444444444', label: 'shop-prod', findings: 1 }],
      byDay: [{ key: '2026-11-20', findings: 1 }],
      bytesScanned: 123_456_789,
      queryExecutionId: 'q-7',
    });
    expect(stderr).toContain('keywatch hunt: 1 finding; Athena scanned 123.46 MB');
    // the query ran in the configured workgroup and database
    expect(athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input).toMatchObject({
      WorkGroup: 'keywatch-hunt',
      QueryExecutionContext: { Database: 'keywatch' },
    });
  });

  test('no findings: exit 0, and the table says so', async () => {
    answer([]);
    const { code, stdout } = await cli(['hunt', '-c', writeConfig(), '--since', '7d']);
    expect(code).toBe(0);
    expect(stdout).toContain('No watched key was used from outside its allowed networks in this window.');
  });

  test('the summary counts findings and distinct source IPs per account and key, with first and last seen', async () => {
    answer([
      row(FINDING),
      row({ ...FINDING, event_id: 'e-2', source_ip: '2001:db8:2000::1', event_time: '2026-11-21T01:00:00Z' }),
      row({ ...FINDING, event_id: 'e-3', event_time: '2026-11-19T23:00:00Z' }),
    ]);
    const { summary } = JSON.parse((await cli(['hunt', '-c', writeConfig(), '--json'])).stdout);
    expect(summary.byAccessKey).toEqual([
      {
        key: 'AKIAIOSFODNN7EXAMPLE',
        label: '444444444444 deploy-bot',
        findings: 3,
        sourceIps: 2,
        firstSeen: '2026-11-19T23:00:00.000Z',
        lastSeen: '2026-11-21T01:00:00.000Z',
      },
    ]);
    expect(summary.bySourceIp).toEqual([
      { key: '203.0.113.99', findings: 2, firstSeen: '2026-11-19T23:00:00.000Z', lastSeen: '2026-11-20T08:15:30.000Z' },
      { key: '2001:db8:2000::1', findings: 1, firstSeen: '2026-11-21T01:00:00.000Z', lastSeen: '2026-11-21T01:00:00.000Z' },
    ]);
    expect(summary.byDay.map((d: { key: string; findings: number }) => [d.key, d.findings])).toEqual([
      ['2026-11-19', 1],
      ['2026-11-20', 1],
      ['2026-11-21', 1],
    ]);
  });

  test('--csv has one row per finding; --markdown and --html render the summary', async () => {
    answer([row(FINDING), row({ ...FINDING, event_id: 'e-2', source_ip: '2001:db8:2000::1' })]);
    const csv = await cli(['hunt', '-c', writeConfig(), '--csv']);
    expect(csv.stdout.trim().split(/\r?\n/)).toHaveLength(3);
    expect(csv.stdout.split(/\r?\n/)[0]).toBe(
      'eventId,eventTime,account,accountName,region,accessKeyId,userName,principal,sourceIpAddress,eventSource,eventName,readOnly,vpcEndpointId,errorCode',
    );
    expect((await cli(['hunt', '-c', writeConfig(), '--markdown'])).stdout).toContain('## By source IP');
    expect((await cli(['hunt', '-c', writeConfig(), '--html'])).stdout).toContain('<html');
  });

  test('--print-sql and --dry-run run nothing on AWS', async () => {
    const file = writeConfig();
    const sql = await cli([
      'hunt',
      '-c',
      file,
      '--print-sql',
      '--since',
      '2026-11-01T00:00:00Z',
      '--until',
      '2026-11-02T00:00:00Z',
      '--accounts',
      'shop-prod,111111111111',
    ]);
    expect(sql.code).toBe(0);
    expect(sql.stdout).toContain(`"account" IN ('111111111111', '444444444444')`);
    expect(sql.stdout).toContain('FROM "keywatch"."cloudtrail_org"');
    const dry = await cli(['hunt', '-c', file, '--dry-run', '--since', '2026-11-01T00:00:00Z', '--until', '2026-11-02T00:00:00Z', '--regions', 'eu-west-1']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('days:      2026/11/01 to 2026/11/03 (3 day partitions');
    expect(dry.stdout).toContain('partitions read: 18 (accounts × regions × days)'); // 6 directory accounts × 1 region × 3 days
    expect(dry.stdout).toContain('one hunt costs at most about $5.00');
    expect(dry.stdout).toContain('estimated scan: not measured: hunt.trail names no bucket to measure');
    expect(athena.calls()).toHaveLength(0);
    expect(s3.calls()).toHaveLength(0);
  });

  test('--dry-run with the trail bucket: one day of every account × region folder listed (every page), times the days', async () => {
    // GIVEN 2 accounts × 2 regions; one folder has two pages
    const file = writeConfig({ trail: { bucket: 'org-trail', prefix: 'ct' } });
    s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'a', Size: 1_000_000 }], IsTruncated: false });
    s3.on(ListObjectsV2Command, { Prefix: 'ct/AWSLogs/o-exampleorg1/444444444444/CloudTrail/eu-west-1/2026/11/02/', ContinuationToken: undefined }).resolves({
      Contents: [{ Key: 'b', Size: 2_000_000 }],
      IsTruncated: true,
      NextContinuationToken: 'p2',
    });
    s3.on(ListObjectsV2Command, { ContinuationToken: 'p2' }).resolves({ Contents: [{ Key: 'c', Size: 3_000_000 }], IsTruncated: false });
    // WHEN the window is 2026-11-01..2026-11-02 (3 day partitions), the sample is 2026/11/02
    const dry = await cli([
      'hunt',
      '-c',
      file,
      '--dry-run',
      '--since',
      '2026-11-01T00:00:00Z',
      '--until',
      '2026-11-02T12:00:00Z',
      '--accounts',
      'shop-prod,111111111111',
    ]);
    // THEN (1 + 1 + 1 + 2 + 3) MB = 8 MB in 5 files, × 3 days = 24 MB
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('estimated scan: 24.00 MB (about $0.0001): 8.00 MB in 5 files on 2026/11/02 × 3 days');
    const prefixes = s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input.Prefix);
    expect(new Set(prefixes)).toEqual(
      new Set(
        ['111111111111', '444444444444'].flatMap((a) => ['eu-west-1', 'us-east-1'].map((r) => `ct/AWSLogs/o-exampleorg1/${a}/CloudTrail/${r}/2026/11/02/`)),
      ),
    );
    expect(s3.commandCalls(ListObjectsV2Command).every((c) => c.args[0].input.Bucket === 'org-trail')).toBe(true);
    expect(athena.calls()).toHaveLength(0);
    // without access to the bucket the estimate says why, and the rest is still printed
    s3.on(ListObjectsV2Command).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    const denied = await cli(['hunt', '-c', file, '--dry-run', '--accounts', 'shop-prod']);
    expect(denied.code).toBe(0);
    expect(denied.stdout).toMatch(/estimated scan: not measured: Access denied for s3:ListBucket/);
  });

  test('no credentials: exit 2, naming the account that holds the trail and the Athena workgroup, not the management account', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const { code, stderr } = await cli([
      'hunt',
      '-c',
      writeConfig({ database: 'keywatch', table: 'cloudtrail_org', account: '333333333333' }),
      '--since',
      '7d',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /No AWS credentials found; .* in the account that holds the trail bucket and the Athena workgroup \(hunt.account, default central.account: 333333333333\)/,
    );
    expect(stderr).not.toMatch(/management/);
  });

  test('bad input exits 2 with the fix: no hunt section, unknown account name, region not deployed', async () => {
    const none = await cli(['hunt', '-c', writeConfig(null)]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/has no 'hunt' section: add one/);
    const name = await cli(['hunt', '-c', writeConfig(), '--accounts', 'no-such-account', '--print-sql']);
    expect(name.code).toBe(2);
    expect(name.stderr).toMatch(/--accounts names 'no-such-account', not in the accounts directory/);
    const region = await cli(['hunt', '-c', writeConfig(), '--regions', 'ap-south-1', '--print-sql']);
    expect(region.code).toBe(2);
    expect(region.stderr).toMatch(/--regions names 'ap-south-1', not in deployment.regions/);
  });

  test('argument parsing: defaults, lists, format shortcuts', async () => {
    const seen: HuntCliOptions[] = [];
    const program = new Command().exitOverride();
    huntCommand(async (o) => void seen.push(o))(program);
    program.commands[0].configureOutput({ writeErr: () => undefined });
    await program.parseAsync(['hunt'], { from: 'user' });
    expect(seen[0]).toMatchObject({ config: 'keywatch.yml', since: '7d', format: 'table' });
    await program.parseAsync(['hunt', '--since', '90d', '--accounts', 'a,b', '--accounts', 'c', '--regions', 'eu-west-1', '--json', '--lake', 'eds-1'], {
      from: 'user',
    });
    expect(seen[1]).toMatchObject({ since: '90d', accounts: ['a', 'b', 'c'], regions: ['eu-west-1'], json: true, lake: 'eds-1' });
    await expect(program.parseAsync(['hunt', 'extra'], { from: 'user' })).rejects.toThrow(/too many arguments/);
  });
});
