import { validateConfig } from '@keywatch/shared';
import type { DirectoryAccount, KeywatchConfigInput } from '@keywatch/shared';
import type { DeepPartial } from '../../helpers/config';
import { makeConfig, makeDirectory } from '../../helpers/config';

type ErrorCase = [name: string, overrides: DeepPartial<KeywatchConfigInput>, path: string, message: RegExp];
type WarningCase = [name: string, overrides: DeepPartial<KeywatchConfigInput>, extraAccounts: Partial<DirectoryAccount>[], warning: string];

const NOW = new Date('2026-11-10T00:00:00Z');

describe('validateConfig', () => {
  test('a valid config with a directory has no errors and no warnings', () => {
    const config = makeConfig({
      allow: {
        organizationalUnits: [{ path: 'Workloads', networks: ['203.0.113.0/28'] }],
        accounts: [
          { account: 'shop-prod', networks: ['203.0.113.200/29'] },
          { account: '555555555555', mode: 'replace', vpcEndpoints: ['vpce-0a1b2c3d4e5f67890'] },
        ],
      },
      notify: { accounts: [{ account: 'sandbox-alice', email: ['alice@example.com'] }] },
      accounts: 'accounts.yml',
    });
    expect(validateConfig(config, makeDirectory(), { now: NOW })).toEqual({ errors: [], warnings: [] });
  });

  test.each<ErrorCase>([
    ['empty org allowlist', { allow: { networks: [] } }, 'allow.networks', /^must list at least one network: .*office, VPN and NAT egress networks/],
    [
      'OU section replacing with nothing',
      { allow: { organizationalUnits: [{ path: 'Sandbox', mode: 'replace' }] } },
      'allow.organizationalUnits[0]',
      /^mode "replace" with no networks and no vpcEndpoints leaves the accounts in OU 'Sandbox' with an empty allowlist/,
    ],
    [
      'account section replacing with nothing',
      { allow: { accounts: [{ account: 'shop-dev', mode: 'replace', networks: [] }] } },
      'allow.accounts[0]',
      /leaves account 'shop-dev' with an empty allowlist/,
    ],
    [
      'unknown OU path',
      { allow: { organizationalUnits: [{ path: 'Workloads/Test', networks: ['203.0.113.0/28'] }] } },
      'allow.organizationalUnits[0].path',
      /^'Workloads\/Test' is not an OU path in the accounts directory \(did you mean 'Workloads\/Dev'\?\); known OU paths: Infrastructure, Sandbox, Security, Workloads, Workloads\/Dev, Workloads\/Prod$/,
    ],
    [
      'unknown allow account',
      { allow: { accounts: [{ account: 'shop-deb', networks: ['203.0.113.0/28'] }] } },
      'allow.accounts[0].account',
      /^'shop-deb' is not an account ID or name in the accounts directory \(did you mean 'shop-dev'\?\)/,
    ],
    [
      'unknown notify account',
      { notify: { accounts: [{ account: '999999999999', email: ['x@example.com'] }] } },
      'notify.accounts[0].account',
      /^'999999999999' is not an account ID or name/,
    ],
    [
      'duplicate region',
      { deployment: { regions: ['us-east-1', 'eu-west-1', 'eu-west-1'] } },
      'deployment.regions[2]',
      /^duplicate region 'eu-west-1' \(first at deployment.regions\[1\]\)/,
    ],
    ['duplicate OU target', { deployment: { organizationalUnits: ['r-ab12', 'r-ab12'] } }, 'deployment.organizationalUnits[1]', /^duplicate target 'r-ab12'/],
    ['duplicate e-mail', { notify: { email: ['a@example.com', 'a@example.com'] } }, 'notify.email[1]', /^duplicate e-mail address 'a@example.com'/],
    [
      'duplicate account section by name and ID',
      {
        allow: {
          accounts: [
            { account: 'shop-prod', networks: ['203.0.113.0/28'] },
            { account: '444444444444', networks: ['203.0.113.16/28'] },
          ],
        },
      },
      'allow.accounts[1].account',
      /^duplicate account section for account 444444444444 \(first at allow.accounts\[0\]\)/,
    ],
    [
      'key watched and excluded',
      { watch: { accessKeys: ['AKIAIOSFODNN7EXAMPLE'], excludeAccessKeys: ['AKIAIOSFODNN7EXAMPLE'] } },
      'watch.excludeAccessKeys[0]',
      /is also listed in watch.accessKeys/,
    ],
    [
      'temporary key excluded while watching long-term keys',
      { watch: { excludeAccessKeys: ['ASIAIOSFODNN7EXAMPLE'] } },
      'watch.excludeAccessKeys[0]',
      /never watches; remove it, or set watch.accessKeys to "all"$/,
    ],
    [
      'delegated admin in the management account',
      { central: { account: '111111111111' } },
      'deployment.delegatedAdmin',
      /cannot be a delegated administrator; set delegatedAdmin: false/,
    ],
    [
      'central account not in the directory',
      { central: { account: '999999999999' } },
      'central.account',
      /^the central account '999999999999' is not an account ID or name in the accounts directory/,
    ],
    [
      'management account not in the directory',
      { organization: { managementAccount: '999999999999' } },
      'organization.managementAccount',
      /^the management account '999999999999' is not/,
    ],
    [
      'directory of another organization',
      { organization: { id: 'o-otherorg123' } },
      'organization.id',
      /^is 'o-otherorg123' but the accounts directory was synced from 'o-exampleorg1'/,
    ],
  ])('%s is an error', (_name, overrides, path, message) => {
    // GIVEN
    const config = makeConfig(overrides);

    // WHEN
    const { errors } = validateConfig(config, makeDirectory(), { now: NOW });

    // THEN
    expect(errors).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  test('a temporary key may be excluded when every key is watched', () => {
    const config = makeConfig({ watch: { accessKeys: 'all', excludeAccessKeys: ['ASIAIOSFODNN7EXAMPLE'] } });
    expect(validateConfig(config, makeDirectory(), { now: NOW }).errors).toEqual([]);
  });

  test('delegatedAdmin false from the management account is fine', () => {
    const config = makeConfig({ central: { account: '111111111111' }, deployment: { delegatedAdmin: false } });
    expect(validateConfig(config, makeDirectory(), { now: NOW }).errors).toEqual([]);
  });

  test('a replace section with only VPC endpoints is allowed', () => {
    const config = makeConfig({ allow: { accounts: [{ account: 'shop-dev', mode: 'replace', vpcEndpoints: ['vpce-0a1b2c3d4e5f67890'] }] } });
    expect(validateConfig(config, makeDirectory(), { now: NOW }).errors).toEqual([]);
  });

  test('an OU path exists when an account sits below it', () => {
    const config = makeConfig({ allow: { organizationalUnits: [{ path: 'Workloads', networks: ['203.0.113.0/28'] }] } });
    expect(validateConfig(config, makeDirectory([{ organizationalUnit: 'Workloads/Prod/EU' }]), { now: NOW }).errors.map((e) => e.path)).toEqual([
      'organization.managementAccount',
      'central.account',
    ]);
  });

  test('duplicate IDs and names in the directory point at the accounts field', () => {
    const directory = makeDirectory([
      { id: '111111111111', name: 'management' },
      { id: '222222222222', name: 'security' },
      { id: '222222222222', name: 'security-2' },
      { id: '333333333333', name: 'security' },
    ]);
    expect(validateConfig(makeConfig(), directory, { now: NOW }).errors).toEqual([
      {
        path: 'accounts',
        message: 'the accounts directory lists account ID 222222222222 twice (accounts[1] and accounts[2]); run `keywatch accounts sync` again or remove one',
      },
      {
        path: 'accounts',
        message: "the accounts directory has two accounts named 'security' (accounts[1] and accounts[3]); names must be unique to be referenced, rename one",
      },
    ]);
  });

  describe('without a directory', () => {
    test('OU sections and account names are errors, 12-digit IDs are fine', () => {
      const config = makeConfig({
        allow: {
          organizationalUnits: [{ path: 'Sandbox', networks: ['203.0.113.0/28'] }],
          accounts: [
            { account: 'shop-prod', networks: ['203.0.113.16/28'] },
            { account: '444444444444', networks: ['203.0.113.32/28'] },
          ],
        },
        notify: {
          accounts: [
            { account: '444444444444', email: ['team@example.com'] },
            { account: '444444444444', email: ['other@example.com'] },
          ],
        },
      });
      expect(validateConfig(config, undefined, { now: NOW }).errors).toEqual([
        {
          path: 'allow.organizationalUnits[0].path',
          message: "OU section 'Sandbox' needs an accounts directory: set `accounts:` to the file written by `keywatch accounts sync`",
        },
        {
          path: 'allow.accounts[0].account',
          message:
            "'shop-prod' is not a 12-digit account ID; referring to accounts by name needs an accounts directory: set `accounts:` to the file written by `keywatch accounts sync`",
        },
        { path: 'notify.accounts[1].account', message: "duplicate entry for account '444444444444' (first at notify.accounts[0]); merge the e-mail lists" },
      ]);
    });
  });

  test('collects every problem at once', () => {
    const config = makeConfig({ allow: { networks: [] }, notify: { email: ['a@example.com', 'a@example.com'] }, central: { account: '999999999999' } });
    expect(validateConfig(config, makeDirectory(), { now: NOW }).errors.map((e) => e.path)).toEqual(['allow.networks', 'notify.email[1]', 'central.account']);
  });

  describe('warnings', () => {
    test.each<WarningCase>([
      [
        'us-east-1 missing',
        { deployment: { regions: ['eu-west-1'] } },
        [],
        'deployment.regions: does not include us-east-1, where IAM, global STS and console sign-in events are recorded; add us-east-1 or those calls are never seen',
      ],
      [
        'central region not deployed',
        { central: { region: 'eu-central-1' } },
        [],
        'central.region: eu-central-1 is not in deployment.regions, so calls made in eu-central-1 are not watched; add it to deployment.regions',
      ],
      [
        'an extend section that adds nothing',
        { allow: { organizationalUnits: [{ path: 'Sandbox' }] } },
        [],
        "allow.organizationalUnits[0]: adds no networks and no vpcEndpoints; remove the section or list what the accounts in OU 'Sandbox' may use",
      ],
      [
        'a suspended account referenced',
        { notify: { accounts: [{ account: 'old', email: ['x@example.com'] }] } },
        [{ id: '777777777777', name: 'old', status: 'SUSPENDED' as const }],
        "notify.accounts[0].account: account 'old' (777777777777) is SUSPENDED in the accounts directory; remove the reference once it is closed",
      ],
      [
        'a closing account referenced',
        { allow: { accounts: [{ account: '777777777777', networks: ['203.0.113.0/28'] }] } },
        [{ id: '777777777777', name: 'old', status: 'PENDING_CLOSURE' as const }],
        "allow.accounts[0].account: account '777777777777' (777777777777) is PENDING_CLOSURE in the accounts directory; remove the reference once it is closed",
      ],
    ])('%s', (_name, overrides, extraAccounts, warning) => {
      const directory = makeDirectory([
        { id: '111111111111', name: 'management' },
        { id: '222222222222', name: 'security', organizationalUnit: 'Security' },
        { organizationalUnit: 'Sandbox' },
        ...extraAccounts,
      ]);
      const result = validateConfig(makeConfig(overrides), directory, { now: NOW });
      expect(result).toEqual({ errors: [], warnings: [warning] });
    });

    test('a directory older than 30 days is stale, 30 days is not', () => {
      const directory = makeDirectory();
      expect(validateConfig(makeConfig(), directory, { now: new Date('2026-12-01T00:00:00Z') }).warnings).toEqual([]);
      expect(validateConfig(makeConfig(), directory, { now: new Date('2026-12-02T00:00:00Z') }).warnings).toEqual([
        'accounts: the accounts directory was synced 31 days ago (2026-11-01T00:00:00Z); run `keywatch accounts sync` so new accounts get their names and owners',
      ]);
    });

    test('a directory without syncedAt has an unknown age', () => {
      const directory = makeDirectory();
      delete directory.syncedAt;
      expect(validateConfig(makeConfig(), directory, { now: NOW }).warnings).toEqual([
        'accounts: the accounts directory has no syncedAt, so its age is unknown; run `keywatch accounts sync` to refresh it',
      ]);
    });
  });
});
