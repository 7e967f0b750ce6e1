import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { concurrentAccountsPerRegion, countStackTrees, DEPLOYMENT_QUOTAS, deploymentQuotaChecks, quotaVerdict, renderQuotaCheck } from '@keywatch/cli';
import type { DeploymentCounts } from '@keywatch/cli';

// Figures as the pages quoted in docs/architecture.md ("Quotas of a large deployment") give them, written out here.
const BASE: DeploymentCounts = {
  central: 'security account 222222222222 / eu-west-1',
  stackSetAdmin: 'management account 111111111111 / eu-west-1',
  stackInstances: 5 * 4,
  memberAccounts: 5,
  regions: 4,
  maxConcurrent: '25%',
  stackSets: 1,
  centralStacks: 1,
  largestTree: { stack: 'keywatch-central.template.json', resources: 150 },
  alarms: 24,
  metricFiltersPerLogGroup: 5,
  logsResourcePolicies: 2,
};
const row = (counts: Partial<DeploymentCounts>, name: string) => {
  const found = deploymentQuotaChecks({ ...BASE, ...counts }).find((c) => c.quota.name === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
};

describe('deploymentQuotaChecks', () => {
  test('a small organization is within every quota however it is read', () => {
    const rows = deploymentQuotaChecks(BASE);
    expect(rows.map((r) => [r.quota.name, r.verdict])).toEqual([
      ['Stack instances per stack set', 'ok'],
      ['Stack sets per administrator account', 'ok'],
      ['Stack instance operations per administrator account', 'ok'],
      ['Stack count', 'ok'],
      ['Nested stacks (resources per operation; not in Service Quotas)', 'ok'],
      ['alarms per Region per account (not in the current Service Quotas table)', 'ok'],
      ['Rate of PutMetricAlarm requests', 'ok'],
      ['Metric filters per log group', 'ok'],
      ['Resource policies per Region', 'ok'],
    ]);
    // 25% of 5 accounts rounds down to 1, × 4 regions in parallel
    expect(row({}, 'Stack instance operations per administrator account').needed).toBe(4);
  });

  test.each([
    // stack instances: 2,000 in the 2023 edition, 100,000 now
    [2_000, 'ok'],
    [2_001, 'check'],
    [84_983, 'check'],
    [100_000, 'check'],
    [100_001, 'increase'],
  ] as const)('%i stack instances: %s', (instances, verdict) => {
    expect(row({ stackInstances: instances }, 'Stack instances per stack set').verdict).toBe(verdict);
  });

  test('without a directory the stack instances are unknown: no row, and no concurrency row', () => {
    const names = deploymentQuotaChecks({ ...BASE, stackInstances: undefined, memberAccounts: undefined }).map((r) => r.quota.name);
    expect(names).not.toContain('Stack instances per stack set');
    expect(names).not.toContain('Stack instance operations per administrator account');
  });

  test('concurrent stack instance operations: per region (1,249 of 4,999 at 25%) and all 17 regions together (21,233); the larger reading decides', () => {
    const r = row({ memberAccounts: 4_999, regions: 17, maxConcurrent: '25%' }, 'Stack instance operations per administrator account');
    expect(r.needed).toBe(21_233);
    expect(r.verdict).toBe('check'); // 1,249 per region fits either figure; 21,233 all together fits neither
    expect(r.note).toContain('deployment.maxConcurrent 205'); // floor(3,500 / 17)
    expect(row({ memberAccounts: 4_999, regions: 17, maxConcurrent: 205 }, 'Stack instance operations per administrator account')).toMatchObject({
      needed: 3_485,
      verdict: 'ok',
    });
    // Even per region above the current 10,000: an increase however it is read
    expect(row({ memberAccounts: 12_000, regions: 1, maxConcurrent: '100%' }, 'Stack instance operations per administrator account').verdict).toBe('increase');
  });

  test('a stack tree of more than 2,500 resources cannot be created in one operation and cannot be raised', () => {
    expect(row({ largestTree: { stack: 's.template.json', resources: 2_500 } }, 'Nested stacks (resources per operation; not in Service Quotas)').verdict).toBe(
      'ok',
    );
    const over = row({ largestTree: { stack: 's.template.json', resources: 2_501 } }, 'Nested stacks (resources per operation; not in Service Quotas)');
    expect(over).toMatchObject({ verdict: 'over', scope: 's.template.json' });
    expect(renderQuotaCheck(over)).toMatch(
      /^AWS CloudFormation 'Nested stacks .*' \(not adjustable\): 2,501; quota 2,500; s\.template\.json — OVER \(cannot be raised\)/,
    );
  });

  test('stacks: 200 in older editions, 2,000 now', () => {
    expect(row({ centralStacks: 200 }, 'Stack count').verdict).toBe('ok');
    expect(row({ centralStacks: 280 }, 'Stack count').verdict).toBe('check');
    expect(row({ centralStacks: 2_001 }, 'Stack count').verdict).toBe('increase');
  });

  test('alarms: no current quota, 5,000 in the older table; PutMetricAlarm at 3 per second makes 85,451 alarms take 7.9 h', () => {
    expect(row({ alarms: 5_000 }, 'alarms per Region per account (not in the current Service Quotas table)').verdict).toBe('ok');
    expect(row({ alarms: 5_001 }, 'alarms per Region per account (not in the current Service Quotas table)').verdict).toBe('check');
    const rate = row({ alarms: 85_451 }, 'Rate of PutMetricAlarm requests');
    expect(rate.verdict).toBe('check');
    expect(rate.note).toContain('7.9 h'); // 85,451 / 3 / 3,600 = 7.91
    expect(renderQuotaCheck(rate)).toContain("Amazon CloudWatch 'Rate of PutMetricAlarm requests' (adjustable): 85,451 alarms to create; quota 3 per second;");
    const small = row({ alarms: 10_800 }, 'Rate of PutMetricAlarm requests'); // 10,800 / 3 = 3,600 s: an hour
    expect(small.verdict).toBe('check');
    expect(row({ alarms: 10_799 }, 'Rate of PutMetricAlarm requests')).toMatchObject({ verdict: 'ok', note: expect.stringContaining('60 min') });
  });

  test('CloudWatch Logs: 100 metric filters per log group and 10 resource policies per region, neither adjustable', () => {
    expect(row({ metricFiltersPerLogGroup: 100 }, 'Metric filters per log group').verdict).toBe('ok');
    expect(row({ metricFiltersPerLogGroup: 101 }, 'Metric filters per log group').verdict).toBe('over');
    expect(row({ logsResourcePolicies: 11 }, 'Resource policies per Region').verdict).toBe('over');
    expect(DEPLOYMENT_QUOTAS.metricFilters.adjustable).toBe(false);
  });

  test('stack sets: 100 in the 2023 edition, 1,000 now', () => {
    expect(quotaVerdict(DEPLOYMENT_QUOTAS.stackSets, 101)).toBe('check');
    expect(quotaVerdict(DEPLOYMENT_QUOTAS.stackSets, 1_001)).toBe('increase');
  });
});

describe('concurrentAccountsPerRegion', () => {
  test.each([
    [3, 10, 3],
    [30, 10, 10],
    ['25%', 10, 2],
    ['10%', 5, 1], // 0.5 rounds down to 0, and at least one account is deployed
    ['100%', 7, 7],
  ] as const)('%s of %i accounts: %i', (max, accounts, expected) => {
    expect(concurrentAccountsPerRegion(max, accounts)).toBe(expected);
  });
  test('a malformed value is refused with the field', () => {
    expect(() => concurrentAccountsPerRegion('lots', 3)).toThrow(/'deployment.maxConcurrent' must be a whole number or a percentage/);
  });
});

describe('countStackTrees', () => {
  test('follows nested stacks through the assets file and counts stacks, the largest tree, types and filters per log group', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywatch-trees-'));
    const hash = 'a'.repeat(64);
    const write = (f: string, o: object) => fs.writeFileSync(path.join(dir, f), JSON.stringify(o));
    write('top.template.json', {
      Resources: {
        Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/keywatch/heartbeats' } },
        F1: { Type: 'AWS::Logs::MetricFilter', Properties: { LogGroupName: { Ref: 'Group' } } },
        F2: { Type: 'AWS::Logs::MetricFilter', Properties: { LogGroupName: '/keywatch/heartbeats' } },
        F3: { Type: 'AWS::Logs::MetricFilter', Properties: { LogGroupName: '/keywatch/alerts' } },
        Nested: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: { 'Fn::Join': ['', ['https://s3.', `/bucket/${hash}.json`]] } } },
      },
    });
    write('top.assets.json', { files: { [hash]: { source: { path: 'child.nested.template.json' } } } });
    write('child.nested.template.json', { Resources: { A1: { Type: 'AWS::CloudWatch::Alarm' }, A2: { Type: 'AWS::CloudWatch::Alarm' } } });
    write('small.template.json', { Resources: { A: { Type: 'AWS::CloudWatch::Alarm' } } });
    const c = countStackTrees(dir, ['small.template.json', 'top.template.json']);
    expect(c.stacks).toBe(3);
    expect(c.largestTree).toEqual({ stack: 'top.template.json', resources: 7 }); // 5 + the nested stack's 2
    expect(c.types.get('AWS::CloudWatch::Alarm')).toBe(3);
    expect(c.metricFiltersPerLogGroup).toBe(2); // F1 (by Ref) and F2 on /keywatch/heartbeats
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
