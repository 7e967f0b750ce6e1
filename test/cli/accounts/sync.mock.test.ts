import {
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { KeywatchError } from '@keywatch/shared';
import { accountStatus, syncAccountsDirectory } from '../../../packages/cli/lib/accounts';
import { createAwsClients } from '../../../packages/cli/lib/aws/clients';

const creds = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const orgMock = mockClient(OrganizationsClient);
beforeEach(() => orgMock.reset());
afterAll(() => orgMock.restore());

const account = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  Id: id,
  Name: name,
  Email: `${name}@example.com`,
  Arn: `arn:aws:organizations::111111111111:account/o-exampleorg1/${id}`,
  ...extra,
});

describe('accountStatus', () => {
  test('prefers State (Status was retired in September 2026) and falls back to Status', () => {
    expect(accountStatus({ State: 'CLOSED', Status: 'SUSPENDED' })).toBe('CLOSED');
    expect(accountStatus({ State: 'PENDING_ACTIVATION' })).toBe('PENDING_ACTIVATION');
    expect(accountStatus({ Status: 'PENDING_CLOSURE' })).toBe('PENDING_CLOSURE');
    expect(accountStatus({})).toBe('ACTIVE');
    expect(accountStatus({ State: 'SOMETHING_NEW' as never })).toBe('SUSPENDED');
  });
});

describe('syncAccountsDirectory (aws-sdk-client-mock: paging tokens and error paths)', () => {
  test('follows NextToken on every listing (OUs, accounts, tags)', async () => {
    // GIVEN a root with one OU, both listings split over two pages, and tags over two pages
    orgMock.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-exampleorg1' } });
    orgMock.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12' }] });
    orgMock
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-ab12' })
      .resolvesOnce({ OrganizationalUnits: [{ Id: 'ou-ab12-11111111', Name: 'Prod' }], NextToken: 't1' })
      .resolvesOnce({ OrganizationalUnits: [{ Id: 'ou-ab12-22222222', Name: 'Dev' }] });
    orgMock.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-ab12-11111111' }).resolves({ OrganizationalUnits: [] });
    orgMock.on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-ab12-22222222' }).resolves({ OrganizationalUnits: [] });
    orgMock.on(ListAccountsForParentCommand, { ParentId: 'r-ab12' }).resolves({ Accounts: [account('111111111111', 'management', { State: 'ACTIVE' })] });
    orgMock
      .on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-11111111' })
      .resolvesOnce({ Accounts: [account('444444444444', 'prod-b', { State: 'ACTIVE' })], NextToken: 'a1' })
      .resolvesOnce({ Accounts: [account('333333333333', 'prod-a', { State: 'PENDING_CLOSURE', Status: 'PENDING_CLOSURE' })] });
    orgMock.on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-22222222' }).resolves({ Accounts: [account('222222222222', 'dev', { State: 'CLOSED' })] });
    orgMock.on(ListTagsForResourceCommand).resolves({ Tags: [] });
    orgMock
      .on(ListTagsForResourceCommand, { ResourceId: '444444444444' })
      .resolvesOnce({ Tags: [{ Key: 'z', Value: '1' }], NextToken: 'g1' })
      .resolvesOnce({ Tags: [{ Key: 'keywatch:owner-email', Value: 'shop@example.com' }] });

    // WHEN
    const dir = await syncAccountsDirectory(createAwsClients({ credentials: creds }), { now: () => new Date('2026-11-01T00:00:00Z') });

    // THEN
    expect(dir.accounts.map((a) => [a.id, a.organizationalUnit, a.status])).toEqual([
      ['111111111111', '', 'ACTIVE'],
      ['222222222222', 'Dev', 'CLOSED'],
      ['333333333333', 'Prod', 'PENDING_CLOSURE'],
      ['444444444444', 'Prod', 'ACTIVE'],
    ]);
    expect(dir.accounts[3].tags).toEqual({ 'keywatch:owner-email': 'shop@example.com', z: '1' });
    // (the second pages' contents above prove the tokens were followed; the SDK paginator reuses its input object, so the
    // recorded inputs all show the last token)
    expect(orgMock.commandCalls(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-ab12' })).toHaveLength(2);
    expect(orgMock.commandCalls(ListAccountsForParentCommand, { ParentId: 'ou-ab12-11111111' })).toHaveLength(2);
    expect(orgMock.commandCalls(ListTagsForResourceCommand, { ResourceId: '444444444444' })).toHaveLength(2);
  });

  test('AccessDenied (not the management account) becomes one sentence with the fix', async () => {
    orgMock
      .on(DescribeOrganizationCommand)
      .rejects(new AccessDeniedException({ message: "You don't have permissions to access this resource.", $metadata: {} }));
    const p = syncAccountsDirectory(createAwsClients({ credentials: creds }), { profile: 'workload' });
    await expect(p).rejects.toBeInstanceOf(KeywatchError);
    await expect(p).rejects.toThrow(
      "AWS Organizations denied organizations:DescribeOrganization to profile 'workload'; run from the management account or an AWS Organizations delegated administrator, with organizations:List*/Describe* permissions.",
    );
  });

  test('an account outside any organization gets the fix too', async () => {
    orgMock.on(DescribeOrganizationCommand).rejects(new AWSOrganizationsNotInUseException({ message: 'not in use', $metadata: {} }));
    await expect(syncAccountsDirectory(createAwsClients({ credentials: creds }))).rejects.toThrow(/is not in an AWS Organization .*management account/);
  });
});
