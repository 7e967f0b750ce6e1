import {
  CloudFormationClient,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  DescribeStacksCommand,
  DetectStackSetDriftCommand,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { auditCoverage, isFullyCovered } from '../../../packages/cli/lib/audit';
import { createAwsClients } from '../../../packages/cli/lib/aws/clients';
import { makeConfig, makeDirectory } from '../../helpers/config';

// Issue 14 item 13: a DRIFTED stack instance (or management stack) is a gap; --detect-drift runs DetectStackSetDrift first.
const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const cfn = mockClient(CloudFormationClient);
const org = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
afterAll(() => [cfn, org, sts].forEach((m) => m.restore()));
const MGMT = '111111111111';

beforeEach(() => {
  [cfn, org, sts].forEach((m) => m.reset());
  cfn.on(DescribeStackSetCommand).resolves({ StackSet: { StackSetName: 'keywatch-sender', Status: 'ACTIVE' } });
  sts.on(GetCallerIdentityCommand).resolves({ Account: MGMT });
  org.on(ListAccountsCommand).resolves({
    Accounts: [MGMT, '222222222222', '333333333333'].map((Id) => ({ Id, Name: Id, State: 'ACTIVE' as const })),
  });
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'x', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
  cfn.on(ListStackInstancesCommand).callsFake((input: { StackInstanceRegion: string }) => ({
    Summaries: [
      { Account: '222222222222', Region: input.StackInstanceRegion, Status: 'CURRENT', DriftStatus: 'DRIFTED' },
      { Account: '333333333333', Region: input.StackInstanceRegion, Status: 'CURRENT', DriftStatus: 'IN_SYNC' },
    ],
  }));
});

const config = makeConfig({ organization: { managementAccount: MGMT }, deployment: { regions: ['us-east-1'], delegatedAdmin: true } });

describe('audit and drift', () => {
  test('a DRIFTED stack instance is a gap, not covered', async () => {
    const report = await auditCoverage(createAwsClients({ credentials: creds }), { config, directory: makeDirectory() });
    const cell = report.cells.find((c) => c.account === '222222222222')!;
    expect(cell.state).toBe('drifted');
    expect(report.summary).toMatchObject({ covered: 2, gaps: 1, drifted: 1 });
    expect(isFullyCovered(report)).toBe(false);
  });

  test('a DRIFTED management stack is a gap', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: 'x', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date(), DriftInformation: { StackDriftStatus: 'DRIFTED' } }],
    });
    const report = await auditCoverage(createAwsClients({ credentials: creds }), { config, directory: makeDirectory() });
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
    const report = await auditCoverage(
      createAwsClients({ credentials: creds }),
      { config, directory: makeDirectory() },
      { detectDrift: { pollMs: 1, onWait: (m) => messages.push(m) } },
    );
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
    const report = await auditCoverage(createAwsClients({ credentials: creds }), { config, directory: makeDirectory() }, { detectDrift: { pollMs: 1 } });
    expect(report.warnings).toContainEqual(expect.stringMatching(/drift detection op-2 ended FAILED \(boom\); the drift shown is from the last detection/));
  });
});
