import {
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { parseDirectoryText } from '@keywatch/shared';
import { renderDirectoryYaml, syncAccountsDirectory } from '../../../packages/cli/lib/accounts';
import { createAwsClients } from '../../../packages/cli/lib/aws/clients';
import { makeDirectory } from '../../helpers/config';

// Issue 14 item 9: accounts sync accepts what AWS Organizations accepts and never aborts the organization for one account.
const orgMock = mockClient(OrganizationsClient);
beforeEach(() => orgMock.reset());
afterAll(() => orgMock.restore());

function organization(accounts: Array<{ Id: string; Name: string; Email: string }>): void {
  orgMock.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-exampleorg1' } });
  orgMock.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12' }] });
  orgMock.on(ListOrganizationalUnitsForParentCommand).resolves({ OrganizationalUnits: [] });
  orgMock.on(ListAccountsForParentCommand).resolves({ Accounts: accounts.map((a) => ({ ...a, State: 'ACTIVE' })) });
  orgMock.on(ListTagsForResourceCommand).resolves({ Tags: [] });
}

const clients = () => createAwsClients({ defaultRegion: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });

describe('accounts sync', () => {
  // The Organizations API's Account.Email pattern is [^\s@]+@[^\s@]+\.[^\s@]+ (6-64 characters).
  test.each(['a@b.cd', "o'brien+aws@example.com", 'ops@sub_domain.example.com', 'x@example.c', 'first..last@example.com'])(
    'accepts the e-mail %s, which AWS Organizations accepts',
    async (email) => {
      organization([
        { Id: '111111111111', Name: 'management', Email: 'root@example.com' },
        { Id: '222222222222', Name: 'odd', Email: email },
      ]);
      const dir = await syncAccountsDirectory(clients(), {});
      expect(dir.accounts.map((a) => a.email)).toEqual(['root@example.com', email]);
      // and the written file loads again
      expect(parseDirectoryText(renderDirectoryYaml(dir), 'accounts.yml').accounts).toHaveLength(2);
    },
  );

  test('one account that cannot be written is left out with a warning naming its ID; the others are written', async () => {
    organization([
      { Id: '111111111111', Name: 'management', Email: 'root@example.com' },
      { Id: '222222222222', Name: 'x'.repeat(51), Email: 'no-at-sign' },
    ]);
    const warnings: string[] = [];
    const dir = await syncAccountsDirectory(clients(), { onWarning: (w) => warnings.push(w) });
    expect(dir.accounts.map((a) => a.id)).toEqual(['111111111111']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^account 222222222222 is left out of the directory \(name: .*; email: .*\); its alerts use the generic text until it is fixed in AWS Organizations$/,
    );
  });

  test('syncedAt is written quoted, as README says', () => {
    expect(renderDirectoryYaml(makeDirectory())).toMatch(/^syncedAt: "2026-11-01T00:00:00Z"$/m);
  });
});
