import {
  DescribeStackSetCommand,
  DescribeStacksCommand,
  ListStackInstancesCommand,
  StackSetNotFoundException,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import { AccessDeniedException, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { KeywatchError } from '@keywatch/shared';
import { auditCoverage, defaultStackSetRegion } from '../../../packages/cli/lib/audit';
import { MOCK_MANAGEMENT as MGMT, orgAccount as acct, useAuditMocks } from '../../helpers/audit-aws';
import { makeConfig, makeDirectory } from '../../helpers/config';

const aws = useAuditMocks(() => [
  acct(MGMT, 'management'),
  acct('222222222222', 'a'),
  acct('333333333333', 'b'),
  acct('444444444444', 'c'),
  acct('555555555555', 'd', 'SUSPENDED'),
]);
const { cfn, org } = aws;
const inst = (Account: string, Region: string, Status: string, DetailedStatus?: string, extra: Partial<StackInstanceSummary> = {}): StackInstanceSummary =>
  ({ Account, Region, Status, ...(DetailedStatus ? { StackInstanceStatus: { DetailedStatus } } : {}), ...extra }) as StackInstanceSummary;

const config = (delegatedAdmin = true) =>
  makeConfig({ organization: { managementAccount: MGMT }, deployment: { regions: ['us-east-1', 'eu-west-1'], delegatedAdmin } });

describe('auditCoverage (aws-sdk-client-mock: states moto cannot model, paging, errors)', () => {
  test('classifies every stack instance state, reads DriftStatus, follows pages, uses CallAs and StackInstanceRegion', async () => {
    // GIVEN us-east-1 over two pages and eu-west-1 in one, with failures of every kind
    cfn
      .on(ListStackInstancesCommand, { StackInstanceRegion: 'us-east-1' })
      .resolvesOnce({ Summaries: [inst('222222222222', 'us-east-1', 'CURRENT', 'SUCCEEDED', { DriftStatus: 'DRIFTED' })], NextToken: 'p2' })
      .resolvesOnce({
        Summaries: [
          inst('333333333333', 'us-east-1', 'OUTDATED', 'RUNNING'),
          inst('444444444444', 'us-east-1', 'OUTDATED', 'FAILED', {
            StatusReason: "Account 444444444444 should have 'AWSCloudFormationStackSetExecutionRole'",
          }),
          inst('555555555555', 'us-east-1', 'OUTDATED', 'SKIPPED_SUSPENDED_ACCOUNT'), // suspended: not audited
        ],
      });
    cfn.on(ListStackInstancesCommand, { StackInstanceRegion: 'eu-west-1' }).resolves({
      Summaries: [
        inst('222222222222', 'eu-west-1', 'INOPERABLE', 'INOPERABLE'),
        inst('333333333333', 'eu-west-1', 'OUTDATED', 'CANCELLED'),
        inst('222222222222', 'us-east-1', 'CURRENT', 'SUCCEEDED'), // wrong region in the answer: ignored
      ],
    });
    cfn
      .on(DescribeStacksCommand, { StackName: 'keywatch-management-eu-west-1' })
      .rejects(Object.assign(new Error('Stack with id keywatch-management-eu-west-1 does not exist'), { name: 'ValidationError' }));

    // WHEN
    const report = await auditCoverage(aws.clients(), { config: config(), directory: makeDirectory() });

    // THEN
    const cell = (a: string, r: string) => report.cells.find((c) => c.account === a && c.region === r)!;
    expect(cell('222222222222', 'us-east-1')).toMatchObject({ state: 'drifted', drift: 'DRIFTED' });
    expect(cell('333333333333', 'us-east-1').state).toBe('deploying');
    expect(cell('444444444444', 'us-east-1')).toMatchObject({ state: 'failed', reason: expect.stringContaining('ExecutionRole') });
    expect(cell('222222222222', 'eu-west-1').state).toBe('inoperable');
    expect(cell('333333333333', 'eu-west-1').state).toBe('cancelled');
    expect(cell('444444444444', 'eu-west-1').state).toBe('missing');
    expect(cell(MGMT, 'us-east-1')).toMatchObject({ state: 'covered', source: 'stack', status: 'UPDATE_COMPLETE' });
    expect(cell(MGMT, 'eu-west-1')).toMatchObject({ state: 'missing', source: 'stack' });
    expect(report.cells.some((c) => c.account === '555555555555')).toBe(false);
    expect(report.summary).toMatchObject({ cells: 8, covered: 1, deploying: 1, gaps: 6, drifted: 1 });
    expect(
      cfn.commandCalls(ListStackInstancesCommand, { StackInstanceRegion: 'us-east-1', CallAs: 'DELEGATED_ADMIN', StackSetName: 'keywatch-sender' }),
    ).toHaveLength(2);
    expect(cfn.commandCalls(DescribeStackSetCommand, { CallAs: 'DELEGATED_ADMIN' })).toHaveLength(1);
  });

  test('CallAs SELF from the management account', async () => {
    cfn.on(ListStackInstancesCommand).resolves({ Summaries: [] });
    await auditCoverage(aws.clients(), { config: config(false) });
    expect(cfn.commandCalls(ListStackInstancesCommand, { CallAs: 'SELF' })).toHaveLength(2);
  });

  test('a deleted StackSet (StackSetNotFoundException) is a KeywatchError with the fix', async () => {
    cfn.on(DescribeStackSetCommand).rejects(new StackSetNotFoundException({ message: 'StackSet keywatch-sender not found', $metadata: {} }));
    const p = auditCoverage(aws.clients(), { config: config() });
    await expect(p).rejects.toBeInstanceOf(KeywatchError);
    await expect(p).rejects.toThrow(
      "StackSet 'keywatch-sender' was not found in eu-west-1 (CallAs DELEGATED_ADMIN); deploy keywatch first, or fix --region and deployment.delegatedAdmin (true: run from the delegated administrator).",
    );
  });

  test('a StackSet in status DELETED is reported like a missing one', async () => {
    cfn.on(DescribeStackSetCommand).resolves({ StackSet: { StackSetName: 'keywatch-sender', Status: 'DELETED' } });
    await expect(auditCoverage(aws.clients(), { config: config() })).rejects.toThrow(/was not found/);
  });

  test('not a delegated administrator (ValidationError) names both ways to fix it', async () => {
    cfn.on(DescribeStackSetCommand).rejects(Object.assign(new Error('Account used is not a delegated administrator'), { name: 'ValidationError' }));
    await expect(auditCoverage(aws.clients(), { config: config() })).rejects.toThrow(
      /CallAs DELEGATED_ADMIN .*run from the management account with deployment.delegatedAdmin: false, or from the registered CloudFormation StackSets delegated administrator/,
    );
  });

  test('Organizations AccessDenied falls back to the directory with a warning; without a directory it is an error', async () => {
    cfn.on(ListStackInstancesCommand).resolves({ Summaries: [] });
    org.on(ListAccountsCommand).rejects(new AccessDeniedException({ message: 'denied', $metadata: {} }));
    const report = await auditCoverage(aws.clients(), { config: config(), directory: makeDirectory() });
    expect(report.accounts).toHaveLength(6);
    expect(report.warnings.join(' ')).toMatch(/not readable .*AccessDeniedException.*directory file/);
    await expect(auditCoverage(aws.clients(), { config: config() })).rejects.toThrow(/AWS Organizations denied organizations:ListAccounts/);
  });
});

describe('defaultStackSetRegion', () => {
  test('follows buildKeywatchApp: central region, else the first deployment region without a delegated admin', () => {
    expect(defaultStackSetRegion(makeConfig({ central: { region: 'eu-west-1' }, deployment: { delegatedAdmin: true, regions: ['us-east-1'] } }))).toBe(
      'eu-west-1',
    );
    expect(defaultStackSetRegion(makeConfig({ central: { region: 'eu-west-1' }, deployment: { delegatedAdmin: false, regions: ['us-east-1'] } }))).toBe(
      'us-east-1',
    );
    expect(
      defaultStackSetRegion(makeConfig({ central: { region: 'eu-west-1' }, deployment: { delegatedAdmin: false, regions: ['us-east-1', 'eu-west-1'] } })),
    ).toBe('eu-west-1');
  });
});
