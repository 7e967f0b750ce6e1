import { addressInNetworks, compileOrganization, matchesEventPattern, RESERVED_CENTRAL_RULES } from '@keywatch/shared';
import type { IpSemantics, OrganizationPlan } from '@keywatch/shared';
import fc from 'fast-check';
import { apiCallEvent, ApiCallOptions } from '../../helpers/cloudtrail';
import { isEventBridgeIp } from '../../helpers/addresses';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { SEMANTICS } from '../../helpers/ip-semantics';

/** IDs of the central rules that fire for `event`, after the sender rules decided whether it is forwarded at all. */
function firingRules(plan: OrganizationPlan, event: object, ipSemantics: IpSemantics = 'event-ruler'): string[] {
  if (!plan.sender.some((rule) => matchesEventPattern(rule.pattern, event, { ipSemantics }))) {
    return [];
  }
  return plan.central.filter((rule) => matchesEventPattern(rule.pattern, event, { ipSemantics })).map((rule) => rule.id);
}

const ORG_NETWORKS = ['192.0.2.0/24', '2001:db8:1000::/48', '198.51.100.7'];
const PROD_EXTRA = ['203.0.113.0/28', '2001:db8:2000::/56'];
const DEV_ONLY = ['198.51.100.0/24'];
const VPCE = 'vpce-0a1b2c3d4e5f67890';

/** Each account's allowlist written out by hand, the independent answer the compiled rules must agree with. */
const EXPECTED_ALLOW: Record<string, string[]> = {
  '111111111111': ORG_NETWORKS,
  '222222222222': ORG_NETWORKS,
  '333333333333': ORG_NETWORKS,
  '444444444444': [...ORG_NETWORKS, ...PROD_EXTRA],
  '555555555555': DEV_ONLY,
  '666666666666': [...ORG_NETWORKS, '100.64.0.0/10'],
  '999999999999': ORG_NETWORKS, // not in the directory: the organization default
};

function config(filtering: 'sender-and-central' | 'central-only') {
  return makeConfig({
    filtering,
    allow: {
      networks: ORG_NETWORKS,
      vpcEndpoints: [VPCE],
      organizationalUnits: [{ path: 'Workloads/Prod', networks: PROD_EXTRA }],
      accounts: [
        { account: 'shop-dev', mode: 'replace', networks: DEV_ONLY },
        { account: '666666666666', networks: ['100.64.0.0/10'] },
      ],
    },
  });
}

const ADDRESSES = [
  '192.0.2.0',
  '192.0.2.255',
  '192.0.1.255',
  '192.0.3.0',
  '8.8.8.8',
  '0.0.0.0',
  '255.255.255.255',
  '198.51.100.7',
  '198.51.100.6',
  '198.51.100.8',
  '203.0.113.15',
  '203.0.113.16',
  '10.1.2.3',
  '2001:db8:1000::1',
  '2001:0db8:1000:0000:0000:0000:0000:0001',
  '2001:DB8:1000::ABCD',
  '2001:db8:1001::',
  '2001:db8:2000:ff::1',
  '2001:db8:2001::1',
  '::1',
  '::',
  'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  '2606:4700::6810:84e5',
  '::ffff:192.0.2.5',
  '::ffff:8.8.8.8',
  '::ffff:c000:205',
  '100.64.0.1',
  '100.128.0.0',
];
const NOT_IPS = ['ec2.amazonaws.com', 'AWS Internal/3', '', 'AWS Internal'];

const MODES = (['sender-and-central', 'central-only'] as const).flatMap((filtering) => SEMANTICS.map((semantics) => [filtering, semantics] as const));

describe.each(MODES)('compileOrganization (%s, %s IP semantics)', (filtering, semantics) => {
  const plan = compileOrganization(config(filtering), makeDirectory());
  const firing = (p: OrganizationPlan, event: object) => firingRules(p, event, semantics);

  describe.each(Object.keys(EXPECTED_ALLOW))('account %s', (account) => {
    test.each(ADDRESSES)('address %s alerts exactly when it is outside the account allowlist', (ip) => {
      // GIVEN an AKIA key used from `ip`
      const event = apiCallEvent({ account, sourceIp: ip });
      // WHEN
      const fired = firing(plan, event);
      // THEN the independent ipaddr.js membership check decides (EventBridge reads "::ffff:1.2.3.4" as no IP at all)
      const expected = isEventBridgeIp(ip) && !addressInNetworks(ip, EXPECTED_ALLOW[account]);
      expect(fired.length).toBe(expected ? 1 : 0);
    });

    test.each(NOT_IPS)('non-IP source %p never alerts', (source) => {
      expect(firing(plan, apiCallEvent({ account, sourceIp: source }))).toEqual([]);
    });

    test('a missing sourceIPAddress never alerts', () => {
      expect(firing(plan, apiCallEvent({ account, sourceIp: null }))).toEqual([]);
    });
  });

  test('the alert comes from the account’s own rule, or the fallback for an account not in the directory', () => {
    expect(firing(plan, apiCallEvent({ account: '444444444444', sourceIp: '8.8.8.8' }))).toEqual([expect.stringMatching(/^Account444444444444(Part\d+)?$/)]);
    expect(firing(plan, apiCallEvent({ account: '999999999999', sourceIp: '8.8.8.8' }))).toEqual([expect.stringMatching(/^UnknownAccounts\d+$/)]);
  });

  test.each<[string, ApiCallOptions, boolean]>([
    ['through the allowlisted VPC endpoint from outside', { vpcEndpointId: VPCE, sourceIp: '10.1.2.3' }, false],
    ['through another VPC endpoint from outside', { vpcEndpointId: 'vpce-0fffffffffffffff0', sourceIp: '10.1.2.3' }, true],
    ['through another VPC endpoint from inside', { vpcEndpointId: 'vpce-0fffffffffffffff0', sourceIp: '192.0.2.10' }, false],
    ['an ASIA temporary key from outside', { accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }, false],
    ['no access key (console or service call)', { accessKeyId: null }, false],
    ['an empty access key', { accessKeyId: '' }, false],
  ])('%s', (_name, options, alerts) => {
    expect(firing(plan, apiCallEvent({ account: '333333333333', sourceIp: '8.8.8.8', ...options })).length).toBe(alerts ? 1 : 0);
  });

  test('a forged event (source not aws.*) put on the receiver bus never alerts', () => {
    const forged = { ...apiCallEvent({ sourceIp: '8.8.8.8' }), source: 'my.app' };
    expect(plan.central.filter((rule) => matchesEventPattern(rule.pattern, forged, { ipSemantics: semantics }))).toEqual([]);
  });
});

describe('compileOrganization rules', () => {
  test('an account on the default policy costs one central rule whose IP condition only requires an IP address (sender-and-central; mode every, where no rule is shared)', () => {
    const plan = compileOrganization(
      makeConfig({
        allow: { organizationalUnits: [{ path: 'Workloads/Prod', networks: PROD_EXTRA }] },
        notify: { email: ['secops@example.com'], mode: 'every' },
      }),
      makeDirectory(),
    );
    const network = plan.central.filter((r) => r.account?.id === '333333333333');
    expect(network).toHaveLength(1);
    expect(network[0].pattern).toEqual({
      source: [{ prefix: 'aws.' }],
      'detail-type': ['AWS API Call via CloudTrail'],
      account: ['333333333333'],
      // changed deliberately (#14 item 14): any IPv4 or IPv6 address, so a service name or "AWS Internal/#" put on the bus never alerts
      detail: { userIdentity: { accessKeyId: [{ prefix: 'AKIA' }] }, sourceIPAddress: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }] },
    });
    expect(plan.central.filter((r) => r.account?.id === '444444444444').length).toBeGreaterThanOrEqual(1);
    expect(plan.central.find((r) => r.account?.id === '444444444444')!.pattern).toHaveProperty(['detail', 'sourceIPAddress']);
  });

  test('an account that allows every address gets no rule, and the fallback still excludes it', () => {
    const plan = compileOrganization(makeConfig({ allow: { accounts: [{ account: '333333333333', networks: ['0.0.0.0/0', '::/0'] }] } }), makeDirectory());
    expect(plan.central.some((r) => r.account?.id === '333333333333')).toBe(false);
    expect(firingRules(plan, apiCallEvent({ account: '333333333333', sourceIp: '8.8.8.8' }))).toEqual([]);
  });

  test('account identity and extra recipients come from the directory and notify.accounts', () => {
    const plan = compileOrganization(
      makeConfig({ notify: { email: ['secops@example.com'], accounts: [{ account: 'shop-prod', email: ['shop@example.com'] }] } }),
      makeDirectory([{ id: '444444444444', name: 'shop-prod', organizationalUnit: 'Workloads/Prod', tags: { 'keywatch:owner': 'Shop Team' } }]),
    );
    const rule = plan.central.find((r) => r.kind === 'account')!;
    expect(rule.account).toEqual({ id: '444444444444', name: 'shop-prod', ouPath: 'Workloads/Prod', owner: 'Shop Team' });
    expect(rule.extraRecipients).toEqual(['shop@example.com']);
  });

  test('suspended directory accounts are left to the fallback rules', () => {
    const plan = compileOrganization(makeConfig(), makeDirectory([{ id: '444444444444', status: 'SUSPENDED' }, { id: '555555555555' }]));
    expect(plan.central.filter((r) => r.kind === 'account').map((r) => r.account?.id)).toEqual(['555555555555']);
    expect(firingRules(plan, apiCallEvent({ account: '444444444444', sourceIp: '8.8.8.8' }))).toEqual([expect.stringMatching(/^UnknownAccounts/)]);
  });

  test('property: with hundreds of accounts, every account not in the directory is caught by exactly one fallback rule, known ones by none', () => {
    // GIVEN 280 known accounts: one anything-but list of them would not fit 2,048 characters
    const ids = Array.from({ length: 280 }, (_, i) => String(100000000000 + i * 3_217_777_1).padStart(12, '0'));
    const plan = compileOrganization(makeConfig(), makeDirectory(ids.map((id) => ({ id }))));
    const fallback = plan.central.filter((r) => r.kind === 'fallback');
    expect(fallback.length).toBeGreaterThan(1);
    for (const rule of plan.central) {
      expect(rule.patternChars).toBeLessThanOrEqual(2048);
    }
    const fallbackHits = (account: string) => fallback.filter((r) => matchesEventPattern(r.pattern, apiCallEvent({ account, sourceIp: '8.8.8.8' }))).length;
    for (const id of ids) {
      expect(fallbackHits(id)).toBe(0);
    }
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), (account) => {
        expect(fallbackHits(account)).toBe(ids.includes(account) ? 0 : 1);
      }),
      { numRuns: 300 },
    );
  });

  test('too many accounts for the rules-per-bus quota fails naming the quota, the numbers and how to raise it (mode every: a rule per account)', () => {
    const ids = Array.from({ length: 12 }, (_, i) => String(200000000000 + i));
    const config = makeConfig({ quotas: { rulesPerBus: 10 }, notify: { email: ['secops@example.com'], mode: 'every' } });
    expect(() => compileOrganization(config, makeDirectory(ids.map((id) => ({ id }))))).toThrow(
      `the receiver bus needs ${12 + 1 + RESERVED_CENTRAL_RULES + 1} rules (12 for accounts in the directory, 1 for accounts not in it, ${RESERVED_CENTRAL_RULES + 1} for the archive, onboarding, heartbeat, sender delivery and tamper rules) but the EventBridge quota 'Rules per event bus' is 10 (quotas.rulesPerBus)`,
    );
  });

  test('the IPv4 shadow of an allowed IPv6 network is reported once, naming every rule it affects', () => {
    const plan = compileOrganization(makeConfig({ allow: { networks: ['192.0.2.0/24', '2001:db8:1000::/48'] } }), makeDirectory());
    expect(plan.warnings).toEqual([
      expect.stringMatching(
        /^calls from 32\.1\.13\.184 cannot alert \(the organization-wide sender rule\): it is made of the first 32 bits of an allowed IPv6 network/,
      ),
    ]);
    expect(plan.blindSpots).toEqual([
      { network: '32.1.13.184', kind: 'ipv4-shadow', reachable: true, affects: ['the organization-wide sender rule'] },
      { network: 'c000:200::/24', kind: 'ipv6-mirror', reachable: false, affects: ['the organization-wide sender rule'] },
    ]);
    expect(compileOrganization(makeConfig({ allow: { networks: ['192.0.2.0/24'] } }), makeDirectory()).warnings).toEqual([]);
  });

  test('an allowlist of every address is refused: nothing could alert', () => {
    expect(() => compileOrganization(makeConfig({ allow: { networks: ['0.0.0.0/0', '::/0'] } }))).toThrow(
      /leaves no address that EventBridge can match as outside it/,
    );
  });
});

describe('watched keys', () => {
  const alertsFor = (watch: object, accessKeyId: string) =>
    firingRules(compileOrganization(makeConfig({ watch })), apiCallEvent({ account: '999999999999', sourceIp: '8.8.8.8', accessKeyId })).length === 1;

  test.each<[string, object, string, boolean]>([
    ['long-term watches AKIA keys', { accessKeys: 'long-term' }, 'AKIAIOSFODNN7EXAMPLE', true],
    ['long-term ignores ASIA keys', { accessKeys: 'long-term' }, 'ASIAIOSFODNN7EXAMPLE', false],
    ['long-term minus an excluded key', { accessKeys: 'long-term', excludeAccessKeys: ['AKIAIOSFODNN7EXAMPLE'] }, 'AKIAIOSFODNN7EXAMPLE', false],
    [
      'long-term minus an excluded key still watches others',
      { accessKeys: 'long-term', excludeAccessKeys: ['AKIAIOSFODNN7EXAMPLE'] },
      'AKIAI44QH8DHBEXAMPLE',
      true,
    ],
    [
      'long-term minus an excluded key still ignores ASIA',
      { accessKeys: 'long-term', excludeAccessKeys: ['AKIAIOSFODNN7EXAMPLE'] },
      'ASIAI44QH8DHBEXAMPLE',
      false,
    ],
    ['all watches ASIA keys', { accessKeys: 'all' }, 'ASIAIOSFODNN7EXAMPLE', true],
    ['all minus an excluded key', { accessKeys: 'all', excludeAccessKeys: ['ASIAIOSFODNN7EXAMPLE'] }, 'ASIAIOSFODNN7EXAMPLE', false],
    ['all ignores an empty key', { accessKeys: 'all' }, '', false],
    ['a listed key', { accessKeys: ['AKIAIOSFODNN7EXAMPLE'] }, 'AKIAIOSFODNN7EXAMPLE', true],
    ['an unlisted key', { accessKeys: ['AKIAIOSFODNN7EXAMPLE'] }, 'AKIAI44QH8DHBEXAMPLE', false],
  ])('%s', (_name, watch, key, expected) => {
    expect(alertsFor(watch, key)).toBe(expected);
  });

  test('a list whose every key is excluded is refused', () => {
    expect(() => compileOrganization(makeConfig({ watch: { accessKeys: ['AKIAIOSFODNN7EXAMPLE'], excludeAccessKeys: ['AKIAIOSFODNN7EXAMPLE'] } }))).toThrow(
      /lists only keys that 'watch.excludeAccessKeys' excludes/,
    );
  });
});
