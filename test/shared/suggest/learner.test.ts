import ipaddr from 'ipaddr.js';
import { AllowlistLearner, networkInfo, resolvePolicy, type DescribeNetwork, type ObservedCall } from '@keywatch/shared';
import { makeConfig, makeDirectory } from '../../helpers/config';
import { AWS_SERVICE_IP, EXCLUDED_KEY, SANDBOX, SHOP_DEV, SHOP_PROD, TRUTH, plantedCorpus, type PlannedCall } from '../../helpers/planted-corpus';

/** The planted organization's configuration: sandbox-alice replaces the default with its own network. */
const config = makeConfig({
  watch: { excludeAccessKeys: [EXCLUDED_KEY] },
  allow: { accounts: [{ account: 'sandbox-alice', mode: 'replace', networks: ['192.0.2.0/24'] }] },
  accounts: 'accounts.yml',
});
const policy = resolvePolicy(config, makeDirectory());

/** The fixture's AWS ranges, written out by hand: 198.18.0.0/24 is S3, 198.19.0.0/24 is EC2; no AS data. */
const describeNet: DescribeNetwork = (a) => {
  const block = a.family === 4 ? Number(a.value >> 8n) : -1; // the /24 as a number
  const aws = block === (198 << 16) + (18 << 8) ? ['AMAZON', 'S3'] : block === (198 << 16) + (19 << 8) ? ['AMAZON', 'EC2'] : [];
  return networkInfo(a, undefined, aws);
};

function observed(c: PlannedCall): ObservedCall {
  return {
    account: c.account,
    accessKeyId: c.key,
    sourceIp: c.ip,
    time: Date.parse(c.time),
    eventName: c.eventName,
    user: c.user,
    vpcEndpointId: c.vpcEndpointId,
  };
}

function learn(calls: readonly PlannedCall[]): AllowlistLearner {
  const learner = new AllowlistLearner(config.watch, policy);
  for (const c of calls) learner.add(observed(c));
  return learner;
}

describe('AllowlistLearner on a corpus with planted networks', () => {
  const { training } = plantedCorpus();

  test('recovers the planted networks: the one every account uses as the organization default, the rest per account', () => {
    // GIVEN a week of calls  WHEN suggesting at the default thresholds
    const s = learn(training).suggest(describeNet);
    // THEN exactly the planted networks, adjacent /24s merged, the EC2 address not widened
    expect(s.organization.map((n) => n.network)).toEqual(TRUTH.organization);
    expect(Object.fromEntries(s.accounts.map((a) => [a.account, a.networks.map((n) => n.network)]))).toEqual(TRUTH.accounts);
    expect(s.observedAccounts).toEqual([SHOP_PROD, SHOP_DEV, SANDBOX]);
  });

  test('never suggests the attacker seen on one day, AWS service or private addresses, unwatched, excluded or non-IP sources', () => {
    const s = learn(training).suggest(describeNet);
    const suggested = [...s.organization, ...s.accounts.flatMap((a) => a.networks)].map((n) => n.network);
    for (const ip of TRUTH.neverSuggested) {
      const address = ipaddr.parse(ip);
      expect(suggested.filter((n) => ipaddr.parseCIDR(n)[0].kind() === address.kind() && address.match(ipaddr.parseCIDR(n)))).toEqual([]);
    }
    const left = Object.fromEntries(s.notSuggested.filter((n) => n.account === SHOP_PROD).map((n) => [n.network, n.reason]));
    expect(left).toEqual({ '198.18.0.0/24': 'aws-service', '198.18.77.0/24': 'below-thresholds', '10.1.2.0/24': 'private' });
    // counts from the plan: 7 days x 3 accounts x (1 unwatched + 1 excluded) keys; 21 non-IP; 21 already allowed
    expect(s.stats).toMatchObject({ unwatchedKey: 42, nonIpSource: 21, alreadyAllowed: 21 });
    expect(s.stats.calls).toBe(training.length);
  });

  test('gives each network its evidence: first and last seen, calls, days, keys, users, event names', () => {
    const s = learn(training).suggest(describeNet);
    const home = s.accounts.find((a) => a.account === SHOP_DEV)!.networks.find((n) => n.network === TRUTH.onlyKey.network)!;
    const planned = training.filter((c) => c.account === SHOP_DEV && c.ip.startsWith('198.18.30.'));
    expect(home.evidence).toMatchObject({
      calls: planned.length,
      days: 7,
      firstSeen: new Date(planned[0].time).toISOString(),
      lastSeen: new Date(planned[planned.length - 1].time).toISOString(),
      keys: [{ accessKeyId: TRUTH.onlyKey.key, calls: planned.length }],
      users: ['alice'],
    });
    expect(new Set(home.evidence.eventNames)).toEqual(new Set(planned.map((c) => c.eventName)));
    expect(home.onlyKey).toBe(TRUTH.onlyKey.key);
    const ec2 = s.accounts.find((a) => a.account === SHOP_PROD)!.networks.find((n) => n.network === '198.19.0.25/32')!;
    expect(ec2.kind).toBe('cloud');
    expect(ec2.evidence.networks[0].awsServices).toEqual(['AMAZON', 'EC2']);
  });

  test('thresholds separate habit from accident: with --min-days 1 the attacker is suggested, with --min-calls 8 the daily networks are not', () => {
    expect(
      learn(training)
        .suggest(describeNet, { minDays: 1, minCalls: 1 })
        .accounts.find((a) => a.account === SHOP_PROD)!
        .networks.map((n) => n.network),
    ).toContain('198.18.77.0/24');
    // each per-account planted network has 7 calls (one a day)
    expect(learn(training).suggest(describeNet, { minCalls: 8 }).accounts).toEqual([]);
  });

  test('prefix lengths are configurable: /32 and /64 keep observed addresses apart', () => {
    const s = learn(training).suggest(describeNet, { ipv4Prefix: 32, ipv6Prefix: 64, minDays: 1, minCalls: 1 });
    const dev = s.accounts.find((a) => a.account === SHOP_DEV)!.networks.map((n) => n.network);
    // subnets :1 to :9 of 2001:db8:5555::/48 were used: merged /64s are at most a /62; the home /24 stays addresses
    expect(dev.filter((n) => n.includes(':')).every((n) => Number(n.split('/')[1]) >= 62)).toBe(true);
    expect(dev.filter((n) => !n.includes(':')).every((n) => Number(n.split('/')[1]) >= 25)).toBe(true);
    expect(dev).not.toContain('2001:db8:5555::/48');
  });

  test('addresses the effective allowlist already allows are not suggested again', () => {
    // GIVEN the planted networks already allowed  WHEN suggesting again  THEN nothing is proposed
    const allowed = makeConfig({
      watch: { excludeAccessKeys: [EXCLUDED_KEY] },
      allow: {
        networks: ['192.0.2.0/24', ...TRUTH.organization],
        accounts: [
          { account: 'sandbox-alice', mode: 'replace', networks: ['192.0.2.0/24', ...TRUTH.organization] },
          { account: 'shop-prod', networks: TRUTH.accounts[SHOP_PROD] },
          { account: 'shop-dev', networks: TRUTH.accounts[SHOP_DEV] },
        ],
      },
      accounts: 'accounts.yml',
    });
    const learner = new AllowlistLearner(allowed.watch, resolvePolicy(allowed, makeDirectory()));
    for (const c of training) learner.add(observed(c));
    const s = learner.suggest(describeNet);
    expect(s.organization).toEqual([]);
    expect(s.accounts).toEqual([]);
  });

  test('a call through an allowed VPC endpoint is already allowed, whatever its address', () => {
    const withEndpoint = makeConfig({ allow: { vpcEndpoints: ['vpce-0123456789abcdef0'] } });
    const learner = new AllowlistLearner(withEndpoint.watch, resolvePolicy(withEndpoint));
    const c = {
      account: SHOP_PROD,
      accessKeyId: 'AKIAPRODCI0000000001',
      sourceIp: '10.1.2.3',
      eventName: 'ListBuckets',
      vpcEndpointId: 'vpce-0123456789abcdef0',
    };
    learner.add({ ...c, time: Date.parse('2026-11-16T10:00:00Z') });
    learner.add({ ...c, time: Date.parse('2026-11-17T10:00:00Z'), vpcEndpointId: 'vpce-0000000000000000f' });
    expect(learner.suggest(describeNet).stats).toMatchObject({ alreadyAllowed: 1, learned: 1 });
  });

  test('one account alone gets no organization default', () => {
    const s = learn(plantedCorpus().training.filter((c) => c.account === SHOP_PROD)).suggest(describeNet);
    expect(s.organization).toEqual([]);
    expect(s.accounts.map((a) => a.networks.map((n) => n.network))).toEqual([['198.19.0.25/32', '198.51.100.0/24', '203.0.112.0/23']]);
  });

  test('an AWS service address is told apart from an EC2 address by the ranges given', () => {
    const s = learn(training).suggest(describeNet);
    expect(s.notSuggested.find((n) => n.account === SANDBOX && n.reason === 'aws-service')!.evidence.networks[0].awsServices).toEqual(['AMAZON', 'S3']);
    expect(AWS_SERVICE_IP.startsWith('198.18.0.')).toBe(true);
  });
});

describe('AllowlistLearner with OUs', () => {
  test('a network every known account of an OU used goes to the OU, not to each account', () => {
    // GIVEN two accounts in Workloads/Prod and one in Workloads/Dev
    const directory = makeDirectory([
      { id: '444444444444', name: 'shop-prod', organizationalUnit: 'Workloads/Prod' },
      { id: '444444444455', name: 'shop-prod-eu', organizationalUnit: 'Workloads/Prod' },
      { id: '555555555555', name: 'shop-dev', organizationalUnit: 'Workloads/Dev' },
    ]);
    const cfg = makeConfig({ accounts: 'accounts.yml' });
    const learner = new AllowlistLearner(cfg.watch, resolvePolicy(cfg, directory));
    const days = ['2026-11-16', '2026-11-17', '2026-11-18'];
    for (const day of days) {
      for (const [account, ip] of [
        ['444444444444', '203.0.113.10'],
        ['444444444455', '203.0.113.20'],
        ['555555555555', '198.18.5.5'],
      ]) {
        learner.add({ account, accessKeyId: 'AKIAOUTEST0000000001', sourceIp: ip, time: Date.parse(`${day}T10:00:00Z`), eventName: 'ListBuckets' });
      }
    }
    // WHEN
    const s = learner.suggest(describeNet);
    // THEN
    expect(s.organization).toEqual([]);
    expect(s.organizationalUnits.map((o) => ({ path: o.path, accounts: o.accounts, networks: o.networks.map((n) => n.network) }))).toEqual([
      { path: 'Workloads/Prod', accounts: ['444444444444', '444444444455'], networks: ['203.0.113.0/24'] },
    ]);
    expect(s.accounts.map((a) => [a.account, a.networks.map((n) => n.network)])).toEqual([['555555555555', ['198.18.5.0/24']]]);
  });
});
