import {
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackSetOperationCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  DetectStackSetDriftCommand,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { auditCoverage, isFullyCovered } from '../../../packages/cli/lib/audit';
import { MOCK_MANAGEMENT as MGMT, orgAccount, useAuditMocks } from '../../helpers/audit-aws';
import { makeConfig, makeDirectory } from '../../helpers/config';

// Issue 14 item 13: a DRIFTED stack instance (or management stack) is a gap; --detect-drift runs DetectStackSetDrift first,
// and DetectStackDrift on the management account's stacks when its credentials are at hand.
const aws = useAuditMocks(() => [MGMT, '222222222222', '333333333333'].map((id) => orgAccount(id, id)));
const { cfn } = aws;

beforeEach(() => {
  cfn.on(ListStackInstancesCommand).callsFake((input: { StackInstanceRegion: string }) => ({
    Summaries: [
      { Account: '222222222222', Region: input.StackInstanceRegion, Status: 'CURRENT', DriftStatus: 'DRIFTED' },
      { Account: '333333333333', Region: input.StackInstanceRegion, Status: 'CURRENT', DriftStatus: 'IN_SYNC' },
    ],
  }));
  cfn.on(DetectStackDriftCommand).resolves({ StackDriftDetectionId: 'sd-1' });
  cfn
    .on(DescribeStackDriftDetectionStatusCommand)
    .resolves({ StackDriftDetectionId: 'sd-1', DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: 'IN_SYNC' });
});

const config = makeConfig({ organization: { managementAccount: MGMT }, deployment: { regions: ['us-east-1'], delegatedAdmin: true } });

describe('audit and drift', () => {
  test('a DRIFTED stack instance is a gap, not covered', async () => {
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() });
    const cell = report.cells.find((c) => c.account === '222222222222')!;
    expect(cell.state).toBe('drifted');
    expect(report.summary).toMatchObject({ covered: 2, gaps: 1, drifted: 1 });
    expect(isFullyCovered(report)).toBe(false);
  });

  test('a DRIFTED management stack is a gap', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'x', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), DriftInformation: { StackDriftStatus: 'DRIFTED' } }],
    });
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() });
    expect(report.cells.find((c) => c.account === MGMT)!.state).toBe('drifted');
  });

  test('detectDrift starts DetectStackSetDrift with CallAs, waits for the operation with progress, then reads the instances', async () => {
    cfn.on(DetectStackSetDriftCommand).resolves({ OperationId: 'op-1' });
    cfn
      .on(DescribeStackSetOperationCommand)
      .resolvesOnce({ StackSetOperation: { OperationId: 'op-1', Status: 'RUNNING' } })
      .resolvesOnce({ StackSetOperation: { OperationId: 'op-1', Status: 'RUNNING' } })
      .resolves({ StackSetOperation: { OperationId: 'op-1', Status: 'SUCCEEDED' } });
    const messages: string[] = [];
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { detectDrift: { pollMs: 1, onWait: (m) => messages.push(m) } });
    expect(cfn.commandCalls(DetectStackSetDriftCommand)[0].args[0].input).toMatchObject({ StackSetName: 'keywatch-sender', CallAs: 'DELEGATED_ADMIN' });
    expect(cfn.commandCalls(DescribeStackSetOperationCommand)).toHaveLength(3);
    expect(messages.length).toBeGreaterThan(0);
    // the listing came after the operation ended
    const order = cfn.calls().map((c) => c.args[0].constructor.name);
    expect(order.lastIndexOf('DescribeStackSetOperationCommand')).toBeLessThan(order.indexOf('ListStackInstancesCommand'));
    expect(report.summary.drifted).toBe(1);
  });

  test('a drift detection that fails is reported as a warning, not as gaps', async () => {
    cfn.on(DetectStackSetDriftCommand).resolves({ OperationId: 'op-2' });
    cfn.on(DescribeStackSetOperationCommand).resolves({ StackSetOperation: { OperationId: 'op-2', Status: 'FAILED', StatusReason: 'boom' } });
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { detectDrift: { pollMs: 1 } });
    expect(report.warnings).toContainEqual(expect.stringMatching(/drift detection op-2 ended FAILED \(boom\); the drift shown is from the last detection/));
  });

  test('without --detect-drift the management stacks are not drift-checked (their last DriftInformation is read)', async () => {
    await auditCoverage(aws.clients(), { config, directory: makeDirectory() });
    expect(cfn.commandCalls(DetectStackDriftCommand)).toHaveLength(0);
  });

  test('detectDrift runs DetectStackDrift on each management stack and waits; DRIFTED from it is a gap', async () => {
    // GIVEN DescribeStacks knows of no drift, but a new detection finds some after two polls
    cfn.on(DetectStackSetDriftCommand).resolves({ OperationId: 'op-1' });
    cfn.on(DescribeStackSetOperationCommand).resolves({ StackSetOperation: { OperationId: 'op-1', Status: 'SUCCEEDED' } });
    cfn
      .on(DescribeStackDriftDetectionStatusCommand)
      .resolvesOnce({ StackDriftDetectionId: 'sd-1', DetectionStatus: 'DETECTION_IN_PROGRESS' })
      .resolvesOnce({ StackDriftDetectionId: 'sd-1', DetectionStatus: 'DETECTION_IN_PROGRESS' })
      .resolves({ StackDriftDetectionId: 'sd-1', DetectionStatus: 'DETECTION_COMPLETE', StackDriftStatus: 'DRIFTED', DriftedStackResourceCount: 1 });
    const messages: string[] = [];

    // WHEN
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { detectDrift: { pollMs: 1, onWait: (m) => messages.push(m) } });

    // THEN
    expect(cfn.commandCalls(DetectStackDriftCommand).map((c) => c.args[0].input)).toEqual([{ StackName: 'keywatch-management-us-east-1' }]);
    expect(cfn.commandCalls(DescribeStackDriftDetectionStatusCommand)).toHaveLength(3);
    expect(cfn.commandCalls(DescribeStackDriftDetectionStatusCommand)[0].args[0].input).toEqual({ StackDriftDetectionId: 'sd-1' });
    expect(report.cells.find((c) => c.account === MGMT)).toMatchObject({ state: 'drifted', drift: 'DRIFTED', source: 'stack' });
    expect(messages).toContainEqual('drift detection of keywatch-management-us-east-1: DETECTION_COMPLETE after 0 s (1 drifted resources)');
    expect(isFullyCovered(report)).toBe(false);
  });

  test('an IN_SYNC detection clears an old DRIFTED; a failed one warns and still counts the DRIFTED it found', async () => {
    cfn.on(DetectStackSetDriftCommand).resolves({ OperationId: 'op-1' });
    cfn.on(DescribeStackSetOperationCommand).resolves({ StackSetOperation: { OperationId: 'op-1', Status: 'SUCCEEDED' } });
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'x', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), DriftInformation: { StackDriftStatus: 'DRIFTED' } }],
    });
    const inSync = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { detectDrift: { pollMs: 1 } });
    expect(inSync.cells.find((c) => c.account === MGMT)).toMatchObject({ state: 'covered', drift: 'IN_SYNC' });

    cfn.on(DescribeStackDriftDetectionStatusCommand).resolves({
      StackDriftDetectionId: 'sd-1',
      DetectionStatus: 'DETECTION_FAILED',
      DetectionStatusReason: 'Failed to detect drift on resource [Role]',
      StackDriftStatus: 'DRIFTED',
    });
    const failed = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { detectDrift: { pollMs: 1 } });
    expect(failed.cells.find((c) => c.account === MGMT)!.state).toBe('drifted');
    expect(failed.warnings).toContain(
      'drift detection of keywatch-management-us-east-1 ended DETECTION_FAILED (Failed to detect drift on resource [Role]); its drift status DRIFTED covers only the resources it could check',
    );
  });

  test('a management stack in progress is not drift-checked, and the report says so', async () => {
    cfn.on(DetectStackSetDriftCommand).resolves({ OperationId: 'op-1' });
    cfn.on(DescribeStackSetOperationCommand).resolves({ StackSetOperation: { OperationId: 'op-1', Status: 'SUCCEEDED' } });
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'x', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] });
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { detectDrift: { pollMs: 1 } });
    expect(cfn.commandCalls(DetectStackDriftCommand)).toHaveLength(0);
    expect(report.warnings).toContain(
      'keywatch-management-us-east-1 is UPDATE_IN_PROGRESS, so its drift was not detected (CloudFormation detects drift only on a stable stack).',
    );
  });

  test('without management credentials the management stacks stay unchecked and the warning says their drift was not checked', async () => {
    aws.sts.on(GetCallerIdentityCommand).resolves({ Account: '222222222222' }); // a delegated administrator
    cfn.on(DetectStackSetDriftCommand).resolves({ OperationId: 'op-1' });
    cfn.on(DescribeStackSetOperationCommand).resolves({ StackSetOperation: { OperationId: 'op-1', Status: 'SUCCEEDED' } });
    const report = await auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { detectDrift: { pollMs: 1 } });
    expect(cfn.commandCalls(DetectStackDriftCommand)).toHaveLength(0);
    expect(report.cells.find((c) => c.account === MGMT)!.state).toBe('unchecked');
    expect(report.warnings).toContain(
      `The credentials belong to account 222222222222, not the management account ${MGMT}, so its keywatch-management-<region> stacks are unchecked (neither their status nor their drift); pass --management-profile.`,
    );
  });

  test('access denied on DetectStackDrift is an error with the fix (exit 2), not a gap', async () => {
    cfn.on(DetectStackSetDriftCommand).resolves({ OperationId: 'op-1' });
    cfn.on(DescribeStackSetOperationCommand).resolves({ StackSetOperation: { OperationId: 'op-1', Status: 'SUCCEEDED' } });
    cfn
      .on(DetectStackDriftCommand)
      .rejects(Object.assign(new Error('User is not authorized to perform: cloudformation:DetectStackDrift'), { name: 'AccessDenied' }));
    const p = auditCoverage(aws.clients(), { config, directory: makeDirectory() }, { detectDrift: { pollMs: 1 } });
    await expect(p).rejects.toMatchObject({ exitCode: 2 });
    await expect(p).rejects.toThrow(/^Access denied for cloudformation:DetectStackDrift in us-east-1/);
  });
});
