import { compileHunt, HuntSchema, KeywatchConfigSchema, KeywatchError, sqlIdentifier, sqlString, type HuntSource } from '@keywatch/shared';
import { BASE_CONFIG, makeConfig, makeDirectory } from '../../helpers/config';

const SINCE = new Date('2026-11-01T00:00:00Z');
const UNTIL = new Date('2026-11-07T23:59:59Z');
const ATHENA: HuntSource = {
  dialect: 'athena',
  database: 'keywatch',
  table: 'cloudtrail_org',
  partitionColumns: { account: 'account', region: 'region', date: 'day' },
};
const LAKE: HuntSource = { dialect: 'cloudtrail-lake', eventDataStore: 'EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE' };

/** The example organization with per-OU and per-account sections and a VPC endpoint. */
function policyConfig() {
  return makeConfig({
    allow: {
      networks: ['192.0.2.0/24', '2001:db8:1000::/48'],
      vpcEndpoints: ['vpce-0a1b2c3d4e5f67890'],
      organizationalUnits: [{ path: 'Workloads', networks: ['198.51.100.0/25'] }],
      accounts: [{ account: 'sandbox-alice', mode: 'replace', networks: ['203.0.113.0/24'] }],
    },
    watch: { excludeAccessKeys: ['AKIAIOSFODNN7EXAMPLE'] },
  });
}

describe('compileHunt', () => {
  test('SQL snapshot: Athena engine v3', () => {
    expect(compileHunt(policyConfig(), makeDirectory(), { source: ATHENA, since: SINCE, until: UNTIL }).sql).toMatchSnapshot();
  });

  test('SQL snapshot: CloudTrail Lake', () => {
    expect(compileHunt(policyConfig(), makeDirectory(), { source: LAKE, since: SINCE, until: UNTIL }).sql).toMatchSnapshot();
  });

  test('partition predicates come first in the WHERE clause, and bound day, region and account', () => {
    // GIVEN a hunt of two accounts in one region
    const q = compileHunt(policyConfig(), makeDirectory(), {
      source: ATHENA,
      since: SINCE,
      until: UNTIL,
      accounts: ['444444444444', '111111111111'],
      regions: ['eu-west-1'],
    });
    // THEN the first three conditions are on the partition columns; the day range runs one day past until (late deliveries)
    const where = q.sql.split('\n  WHERE ')[1].split('\n    AND ');
    expect(where.slice(0, 3)).toEqual([
      `"day" BETWEEN '2026/11/01' AND '2026/11/08'`,
      `"region" IN ('eu-west-1')`,
      `"account" IN ('111111111111', '444444444444')`,
    ]);
    expect(q.partitions).toEqual({
      accounts: ['111111111111', '444444444444'],
      regions: ['eu-west-1'],
      firstDay: '2026/11/01',
      lastDay: '2026/11/08',
      days: 8,
    });
    expect(q.sql).toContain("recipientaccountid IN ('111111111111', '444444444444')");
  });

  test('every IPv6 allowlist entry applies to IPv6 values only, every IPv4 entry to IPv4 values only (Trino sees IPv4 as IPv4-mapped IPv6)', () => {
    const q = compileHunt(makeConfig({ allow: { networks: ['10.0.0.0/8', '::/0'] } }), undefined, { source: ATHENA, since: SINCE, until: UNTIL });
    expect(q.sql).toContain("AND NOT (ipv4 AND (contains('10.0.0.0/8', ip)))");
    expect(q.sql).toContain("AND NOT (NOT ipv4 AND (contains('::/0', ip)))");
    expect(q.sql).toContain("strpos(CAST(ip AS VARCHAR), ':') = 0 AS ipv4");
  });

  test('networks reach the SQL normalised: merged, host bits clear, single hosts with /32 or /128', () => {
    const q = compileHunt(makeConfig({ allow: { networks: ['10.0.0.0/9', '10.128.0.0/9', '198.51.100.7', '2001:db8::1'] } }), undefined, {
      source: ATHENA,
      since: SINCE,
      until: UNTIL,
    });
    expect(q.sql).toContain("contains('10.0.0.0/8', ip) OR contains('198.51.100.7/32', ip)");
    expect(q.sql).toContain("contains('2001:db8::1/128', ip)");
    expect(q.sql).not.toContain('10.128.0.0');
  });

  test('per-account allowlists: accounts sharing a policy share one branch; accounts not in the directory get the default; an account that allows everything has none', () => {
    const config = makeConfig({ allow: { accounts: [{ account: 'network', networks: ['0.0.0.0/0', '::/0'] }] } });
    const q = compileHunt(config, makeDirectory(), { source: ATHENA, since: SINCE, until: UNTIL });
    const branches = q.sql.split('\nWHERE ')[1].split('\nORDER BY')[0].split('\n   OR ');
    expect(branches).toHaveLength(2);
    expect(branches[0]).toMatch(/^\(account_id IN \('111111111111', '222222222222', '444444444444', '555555555555', '666666666666'\) AND NOT \(ipv4/);
    expect(branches[1]).toMatch(/^\(account_id NOT IN \('111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666'\) AND/);
    expect(q.policies).toBe(2);
  });

  test('VPC endpoints allow a call whatever its source address; a missing vpcendpointid does not', () => {
    const q = compileHunt(policyConfig(), makeDirectory(), { source: ATHENA, since: SINCE, until: UNTIL });
    expect(q.sql).toContain("(vpc_endpoint_id IS NULL OR vpc_endpoint_id NOT IN ('vpce-0a1b2c3d4e5f67890'))");
  });

  test.each([
    ['long-term', [], ["useridentity.accesskeyid LIKE 'AKIA%'"]],
    ['long-term', ['AKIAIOSFODNN7EXAMPLE'], ["useridentity.accesskeyid LIKE 'AKIA%'", "useridentity.accesskeyid NOT IN ('AKIAIOSFODNN7EXAMPLE')"]],
    ['all', ['AKIAIOSFODNN7EXAMPLE'], ["useridentity.accesskeyid <> ''", "useridentity.accesskeyid NOT IN ('AKIAIOSFODNN7EXAMPLE')"]],
    [['AKIAIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE'], ['AKIAIOSFODNN7EXAMPLE'], ["useridentity.accesskeyid IN ('ASIAIOSFODNN7EXAMPLE')"]],
  ] as const)('watched keys %j minus %j', (accessKeys, excludeAccessKeys, expected) => {
    const q = compileHunt(makeConfig({ watch: { accessKeys: accessKeys as never, excludeAccessKeys: [...excludeAccessKeys] } }), undefined, {
      source: ATHENA,
      since: SINCE,
      until: UNTIL,
    });
    const keyLines = q.sql.split('\n').filter((l) => l.includes('useridentity.accesskeyid') && !l.includes(' AS '));
    expect(keyLines.map((l) => l.replace(/^\s*(AND )?/, ''))).toEqual(expected);
  });

  test('read-only calls: left out only when watch.readOnlyEvents is false, except the STS calls EventBridge counts as changes', () => {
    const on = compileHunt(makeConfig(), undefined, { source: ATHENA, since: SINCE, until: UNTIL });
    const off = compileHunt(makeConfig({ watch: { readOnlyEvents: false } }), undefined, { source: ATHENA, since: SINCE, until: UNTIL });
    expect(on.sql).not.toContain('readonly, ');
    expect(off.sql).toContain(
      "NOT (coalesce(readonly, '') = 'true' AND coalesce(eventcategory, '') <> 'Data' AND NOT ((eventsource = 'sts.amazonaws.com' AND eventname = 'GetSessionToken') OR (eventsource = 'sts.amazonaws.com' AND eventname = 'GetFederationToken')))",
    );
    const lake = compileHunt(makeConfig({ watch: { readOnlyEvents: false } }), undefined, { source: LAKE, since: SINCE, until: UNTIL });
    expect(lake.sql).toContain('NOT (coalesce(readonly, false) AND');
  });

  test('CloudTrail Lake: no partitions, timestamp literals, the event data store unquoted', () => {
    const q = compileHunt(makeConfig(), undefined, { source: LAKE, since: SINCE, until: UNTIL });
    expect(q.sql).toContain('FROM EXAMPLEf852-4e8f-8bd1-bcf6cEXAMPLE\n');
    expect(q.sql).toContain("eventtime BETWEEN TIMESTAMP '2026-11-01 00:00:00.000' AND TIMESTAMP '2026-11-07 23:59:59.000'");
    expect(q.sql).not.toContain('"day"');
    expect(() =>
      compileHunt(makeConfig(), undefined, { source: { dialect: 'cloudtrail-lake', eventDataStore: 'x; DROP' }, since: SINCE, until: UNTIL }),
    ).toThrow(/event data store ID must be the last part of its ARN .*got 'x; DROP'/);
  });

  test('bad windows and regions are rejected with the fix', () => {
    expect(() => compileHunt(makeConfig(), undefined, { source: ATHENA, since: UNTIL, until: SINCE })).toThrow(KeywatchError);
    expect(() => compileHunt(makeConfig(), undefined, { source: ATHENA, since: UNTIL, until: SINCE })).toThrow(
      /since \(2026-11-07T23:59:59.000Z\) is after until/,
    );
    expect(() => compileHunt(makeConfig(), undefined, { source: ATHENA, since: SINCE, until: UNTIL, regions: ['us-west-2'] })).toThrow(
      /--regions names 'us-west-2', not in deployment.regions \(eu-west-1, us-east-1\)/,
    );
  });

  test('an allowlist too long for Athena is refused with the limit named', () => {
    const networks = Array.from({ length: 9000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/25`);
    expect(() => compileHunt(makeConfig({ allow: { networks } }), undefined, { source: ATHENA, since: SINCE, until: UNTIL })).toThrow(
      /over Athena's limit of 262144/,
    );
  });
});

describe('SQL text', () => {
  test('string literals double single quotes; identifiers double double quotes', () => {
    expect(sqlString("O'Brien's")).toBe("'O''Brien''s'");
    expect(sqlString('')).toBe("''");
    expect(sqlIdentifier('a"b')).toBe('"a""b"');
  });
});

describe('hunt config section', () => {
  const parse = (hunt: unknown) => KeywatchConfigSchema.safeParse({ ...BASE_CONFIG, hunt });

  test('is off by default, and defaults the names', () => {
    expect(makeConfig().hunt).toBeUndefined();
    expect(HuntSchema.parse({})).toEqual({
      deploy: false,
      database: 'keywatch',
      table: 'cloudtrail_org',
      partitionColumns: { account: 'account', region: 'region', date: 'day' },
      workgroup: 'keywatch-hunt',
      maxScanGigabytes: 1000,
      resultsRetentionDays: 30,
    });
  });

  test.each([
    [{ deploy: true }, 'hunt.trail', 'is required when deploy is true'],
    [{ trail: { bucket: 'Bad_Bucket' } }, 'hunt.trail.bucket', 'must be an S3 bucket name'],
    [{ trail: { bucket: 'org-trail', prefix: '/logs/' } }, 'hunt.trail.prefix', 'without leading or trailing "/"'],
    [{ trail: { bucket: 'org-trail', startDate: '2025-01-01' } }, 'hunt.trail.startDate', 'yyyy/MM/dd'],
    [{ table: 'CloudTrail' }, 'hunt.table', 'lower-case letters, digits or "_"'],
    [{ maxScanGigabytes: 0 }, 'hunt.maxScanGigabytes', 'at least 1'],
    [{ resultsRetentionDays: 5000 }, 'hunt.resultsRetentionDays', '1 to 3650 days'],
    [{ workgroup: 'a b' }, 'hunt.workgroup', 'Athena workgroup name'],
  ])('rejects %j at %s', (hunt, where, message) => {
    const result = parse(hunt);
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => ['hunt', ...i.path].slice(1).join('.') === where.replace(/^hunt\./, '') || i.path.join('.') === where);
    expect(issue?.message).toContain(message);
  });
});
