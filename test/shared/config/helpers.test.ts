import { makeConfig, makeDirectory } from '../../helpers/config';

describe('makeConfig', () => {
  test('returns the base config with defaults applied', () => {
    const config = makeConfig();
    expect(config.organization.managementAccount).toBe('111111111111');
    expect(config.central).toEqual({
      account: '222222222222',
      region: 'eu-west-1',
      busName: 'keywatch-receiver',
      alertLogRetentionDays: 400,
      archiveRetentionDays: 90,
      shards: 1,
    });
  });

  test('merges objects deeply and replaces arrays', () => {
    const config = makeConfig({ central: { region: 'us-east-1' }, allow: { networks: ['198.51.100.0/24'] } });
    expect(config.central.account).toBe('222222222222');
    expect(config.central.region).toBe('us-east-1');
    expect(config.allow.networks).toEqual(['198.51.100.0/24']);
  });

  test('throws on an invalid result instead of returning it', () => {
    expect(() => makeConfig({ central: { region: 'moon-1' } })).toThrow(/makeConfig produced an invalid config:\n.*must be an AWS region name/);
  });
});

describe('makeDirectory', () => {
  test('fills the defaults of each account', () => {
    expect(makeDirectory([{ name: 'x' }, {}]).accounts).toEqual([
      { id: '100000000000', name: 'x', email: 'x@example.com', status: 'ACTIVE', organizationalUnit: '', tags: {} },
      { id: '100000000001', name: 'account-01', email: 'account-01@example.com', status: 'ACTIVE', organizationalUnit: '', tags: {} },
    ]);
  });

  test('the default directory covers the example OUs', () => {
    const directory = makeDirectory();
    expect(directory.organizationId).toBe('o-exampleorg1');
    expect(directory.accounts.map((a) => a.organizationalUnit)).toEqual(['', 'Security', 'Infrastructure', 'Workloads/Prod', 'Workloads/Dev', 'Sandbox']);
  });
});
