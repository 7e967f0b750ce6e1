import { CloudFormationClient, DescribeStackSetCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ListAccountsCommand, OrganizationsClient, type Account, type AccountState } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { createAwsClients, type AwsClients } from '../../packages/cli/lib/aws/clients';

/** Fake static credentials for clients whose calls aws-sdk-client-mock answers. */
export const MOCK_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** The management account of the mocked organization. */
export const MOCK_MANAGEMENT = '111111111111';

/** An AWS Organizations account of the mocked organization (default ACTIVE). */
export function orgAccount(id: string, name: string, State: AccountState = 'ACTIVE'): Account {
  return { Id: id, Name: name, State, Arn: `arn:aws:organizations::${MOCK_MANAGEMENT}:account/o-exampleorg1/${id}` };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Stub = AwsStub<any, any, any>;

/** The mocked clients of an audit. */
export interface AuditMocks {
  readonly cfn: Stub;
  readonly org: Stub;
  readonly sts: Stub;
  readonly cw: Stub;
  /** Clients whose calls the mocks answer. */
  clients(): AwsClients;
}

/**
 * Mocks every client `keywatch audit` uses and, before each test, resets them to a healthy baseline: the StackSet
 * ACTIVE, the caller `caller` (default the management account), ListAccounts answering `accounts()`, and every
 * management stack UPDATE_COMPLETE. Restores the clients after the file.
 */
export function useAuditMocks(accounts: () => Account[], caller: () => string = () => MOCK_MANAGEMENT): AuditMocks {
  const mocks = {
    cfn: mockClient(CloudFormationClient) as Stub,
    org: mockClient(OrganizationsClient) as Stub,
    sts: mockClient(STSClient) as Stub,
    cw: mockClient(CloudWatchClient) as Stub,
  };
  const all = Object.values(mocks);
  beforeEach(() => {
    all.forEach((m) => m.reset());
    mocks.cfn.on(DescribeStackSetCommand).resolves({ StackSet: { StackSetName: 'keywatch-sender', Status: 'ACTIVE' } });
    mocks.sts.on(GetCallerIdentityCommand).callsFake(() => ({ Account: caller() }));
    mocks.org.on(ListAccountsCommand).callsFake(() => ({ Accounts: accounts() }));
    mocks.cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'x', StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
  });
  afterAll(() => all.forEach((m) => m.restore()));
  return { ...mocks, clients: () => createAwsClients({ credentials: MOCK_CREDENTIALS }) };
}
