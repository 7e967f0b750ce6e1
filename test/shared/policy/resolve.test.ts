import { resolvePolicy } from '@keywatch/shared';
import { makeConfig, makeDirectory } from '../../helpers/config';

describe('resolvePolicy', () => {
  const directory = makeDirectory([
    { id: '111111111111', name: 'management', organizationalUnit: '' },
    { id: '444444444444', name: 'shop-prod', organizationalUnit: 'Workloads/Prod' },
    { id: '444444444455', name: 'shop-prod-eu', organizationalUnit: 'Workloads/Prod/EU' },
    { id: '555555555555', name: 'shop-dev', organizationalUnit: 'Workloads/Dev' },
  ]);

  test('org default → OU chain outermost first → account; replace starts over', () => {
    // GIVEN
    const config = makeConfig({
      allow: {
        networks: ['192.0.2.0/24'],
        vpcEndpoints: ['vpce-0a1b2c3d4e5f67890'],
        organizationalUnits: [
          { path: 'Workloads', networks: ['198.51.100.0/25'] },
          { path: 'Workloads/Prod/EU', mode: 'replace', networks: ['203.0.113.0/24'] },
          { path: 'Workloads/Prod', networks: ['198.51.100.128/25'] },
        ],
        accounts: [{ account: 'shop-prod-eu', networks: ['2001:db8::/32'], vpcEndpoints: ['vpce-0fffffffffffffff0'] }],
      },
    });
    // WHEN
    const policy = resolvePolicy(config, directory);
    const byId = Object.fromEntries(policy.accounts.map((a) => [a.identity.id, a]));
    // THEN
    expect(policy.default).toEqual({ networks: ['192.0.2.0/24'], vpcEndpoints: ['vpce-0a1b2c3d4e5f67890'] });
    expect(byId['111111111111'].networks).toEqual(['192.0.2.0/24']);
    expect(byId['444444444444'].networks).toEqual(['192.0.2.0/24', '198.51.100.0/24']); // adjacent halves merged
    expect(byId['444444444455']).toMatchObject({ networks: ['203.0.113.0/24', '2001:db8::/32'], vpcEndpoints: ['vpce-0fffffffffffffff0'] });
    expect(byId['555555555555'].networks).toEqual(['192.0.2.0/24', '198.51.100.0/25']);
    // the intersection of all of them (and of the default)
    expect(policy.common).toEqual({ networks: [], vpcEndpoints: [] });
  });

  test('common networks are the intersection of every effective allowlist and the default', () => {
    const config = makeConfig({
      allow: {
        networks: ['192.0.2.0/24', '198.51.100.0/24'],
        accounts: [{ account: 'shop-dev', mode: 'replace', networks: ['192.0.2.128/25', '203.0.113.0/24'] }],
      },
    });
    expect(resolvePolicy(config, directory).common.networks).toEqual(['192.0.2.128/25']);
  });

  test('without a directory, accounts named by ID in the config are known', () => {
    const config = makeConfig({ allow: { accounts: [{ account: '777777777777', networks: ['203.0.113.0/24'] }] } });
    const policy = resolvePolicy(config);
    expect(policy.accounts.map((a) => a.identity)).toEqual([{ id: '777777777777', name: '777777777777', ouPath: '', owner: '' }]);
  });

  test('only ACTIVE directory accounts are known', () => {
    const policy = resolvePolicy(makeConfig(), makeDirectory([{ id: '111111111111' }, { id: '222222222222', status: 'SUSPENDED' }]));
    expect(policy.accounts.map((a) => a.identity.id)).toEqual(['111111111111']);
  });
});
