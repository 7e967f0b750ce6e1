import type { KeywatchConfig, NetworkPolicy, PlanBlindSpot } from '@keywatch/shared';
import { judge, unknownAccounts, type ProbeTask } from '../../../packages/cli/lib/verify/probe-plan';
import {
  FALLBACK_SET,
  SENDER_SET,
  addressProbes,
  centralIntent,
  forwardVerdict,
  probeEvent,
  probeKeys,
  probeSuite,
  senderIntent,
  type IntentContext,
  type ProbeSpec,
} from '../../../packages/cli/lib/verify/probes';

const watch = (w: Partial<KeywatchConfig['watch']> = {}): KeywatchConfig['watch'] => ({
  accessKeys: 'long-term',
  excludeAccessKeys: [],
  readOnlyEvents: true,
  ...w,
});
const spec = (sourceIp: string, extra: Partial<ProbeSpec> = {}): ProbeSpec => ({
  kind: 'unlisted',
  sourceIp,
  accessKeyId: 'AKIAKEYWATCHVERIFY01',
  source: 'aws.sts',
  ...extra,
});
const common: NetworkPolicy = { networks: ['192.0.2.0/24', '2001:db8:1000::/48'], vpcEndpoints: ['vpce-0a1b2c3d4e5f67890'] };
const ctx = (over: Partial<IntentContext> = {}): IntentContext => ({ watch: watch(), filtering: 'sender-and-central', common, blindSpots: [], ...over });

describe('addressProbes', () => {
  test('an IPv4 /24: first, middle, last, the neighbours outside, and the IPv6 mirror of its ends', () => {
    expect(addressProbes(['192.0.2.0/24'])).toEqual([
      { kind: 'network-first', address: '192.0.2.0' },
      { kind: 'network-middle', address: '192.0.2.127' },
      { kind: 'network-last', address: '192.0.2.255' },
      { kind: 'below-network', address: '192.0.1.255' },
      { kind: 'above-network', address: '192.0.3.0' },
      { kind: 'ipv6-mirror', address: 'c000:200::' },
      { kind: 'ipv6-mirror', address: 'c000:2ff:ffff:ffff:ffff:ffff:ffff:ffff' },
    ]);
  });

  test('an IPv6 /48: its neighbours and the IPv4 shadow of its first 32 bits (once)', () => {
    expect(addressProbes(['2001:db8:1000::/48'])).toEqual([
      { kind: 'network-first', address: '2001:db8:1000::' },
      { kind: 'network-middle', address: '2001:db8:1000:7fff:ffff:ffff:ffff:ffff' },
      { kind: 'network-last', address: '2001:db8:1000:ffff:ffff:ffff:ffff:ffff' },
      { kind: 'below-network', address: '2001:db8:fff:ffff:ffff:ffff:ffff:ffff' },
      { kind: 'above-network', address: '2001:db8:1001::' },
      { kind: 'ipv4-shadow', address: '32.1.13.184' },
    ]);
  });

  test('single hosts and the ends of the address space: no middle, no neighbour outside the space', () => {
    expect(addressProbes(['198.51.100.10', '0.0.0.0/8', '255.255.255.255']).map((p) => `${p.kind} ${p.address}`)).toEqual([
      'network-first 198.51.100.10',
      'below-network 198.51.100.9',
      'above-network 198.51.100.11',
      'ipv6-mirror c633:640a::',
      'ipv6-mirror c633:640a:ffff:ffff:ffff:ffff:ffff:ffff',
      'network-first 0.0.0.0',
      'network-middle 0.127.255.255',
      'network-last 0.255.255.255',
      'above-network 1.0.0.0',
      'ipv6-mirror ::',
      'ipv6-mirror ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
      'network-first 255.255.255.255',
      'below-network 255.255.255.254',
      'ipv6-mirror ffff:ffff::',
      'ipv6-mirror ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    ]);
  });
});

describe('keys', () => {
  test('probeKeys picks a watched, an unwatched and the excluded keys for each mode', () => {
    expect(probeKeys(watch({ excludeAccessKeys: ['AKIAKEYWATCHVERIFY01'] }))).toEqual({
      watched: 'AKIAKEYWATCHVERIFY02',
      unwatched: 'ASIAKEYWATCHVERIFY01',
      excluded: ['AKIAKEYWATCHVERIFY01'],
    });
    expect(probeKeys(watch({ accessKeys: 'all' }))).toMatchObject({ unwatched: '' });
    expect(probeKeys(watch({ accessKeys: ['AKIAONE0000000000001', 'AKIATWO0000000000002'], excludeAccessKeys: ['AKIAONE0000000000001'] }))).toMatchObject({
      watched: 'AKIATWO0000000000002',
      excluded: ['AKIAONE0000000000001'],
    });
  });
});

describe('intent (from the policy, never from the compiler)', () => {
  const blind: PlanBlindSpot = { network: '32.1.13.184', kind: 'ipv4-shadow', reachable: true, affects: [SENDER_SET] };

  test('sender-and-central: the sender forwards watched keys from outside the common networks only', () => {
    const c = ctx({ watch: watch({ excludeAccessKeys: ['AKIAEXAMPLEBACKUP001'] }), blindSpots: [blind] });
    expect(senderIntent(spec('198.18.0.1'), c).want).toBe('one');
    expect(senderIntent(spec('2001:db8:1001::'), c).want).toBe('one');
    expect(senderIntent(spec('192.0.2.255'), c).want).toBe('none');
    expect(senderIntent(spec('2001:db8:1000:ffff::1'), c).want).toBe('none');
    expect(senderIntent(spec('ec2.amazonaws.com'), c).want).toBe('none');
    expect(senderIntent(spec('198.18.0.1', { vpcEndpointId: 'vpce-0a1b2c3d4e5f67890' }), c).want).toBe('none');
    expect(senderIntent(spec('198.18.0.1', { vpcEndpointId: 'vpce-0fffffffffffffff0' }), c).want).toBe('one');
    expect(senderIntent(spec('198.18.0.1', { accessKeyId: 'ASIAKEYWATCHVERIFY01' }), c).want).toBe('none');
    expect(senderIntent(spec('198.18.0.1', { accessKeyId: 'AKIAEXAMPLEBACKUP001' }), c).want).toBe('at-most-one');
    expect(senderIntent(spec('32.1.13.184'), c)).toEqual({ want: 'none', why: expect.stringContaining('blind spot 32.1.13.184'), blindSpot: '32.1.13.184' });
  });

  test('central-only: every watched key is forwarded, service names included', () => {
    const c = ctx({ filtering: 'central-only' });
    expect(forwardVerdict(spec('192.0.2.1'), c).verdict).toBe('must');
    expect(forwardVerdict(spec('AWS Internal'), c).verdict).toBe('must');
    expect(centralIntent(spec('AWS Internal'), common, FALLBACK_SET, c)?.want).toBe('none');
  });

  test('central: an account’s own networks and endpoints, excluded keys, forged sources; unforwarded probes are left out', () => {
    const own: NetworkPolicy = { networks: [...common.networks, '203.0.113.16/28'], vpcEndpoints: [...common.vpcEndpoints, 'vpce-0123456789abcdef0'] };
    const set = 'account 444444444444 (shop-prod)';
    const c = ctx({
      watch: watch({ excludeAccessKeys: ['AKIAEXAMPLEBACKUP001'] }),
      blindSpots: [{ network: '203.0.113.32/28', kind: 'ipv4-shadow', reachable: true, affects: [set] }],
    });
    expect(centralIntent(spec('203.0.113.20'), own, set, c)?.want).toBe('none');
    expect(centralIntent(spec('203.0.113.20'), common, FALLBACK_SET, c)?.want).toBe('one');
    expect(centralIntent(spec('203.0.113.15'), own, set, c)?.want).toBe('one');
    expect(centralIntent(spec('198.18.0.1', { vpcEndpointId: 'vpce-0123456789abcdef0' }), own, set, c)?.want).toBe('none');
    expect(centralIntent(spec('198.18.0.1', { accessKeyId: 'AKIAEXAMPLEBACKUP001' }), own, set, c)?.want).toBe('none');
    expect(centralIntent(spec('198.18.0.1', { source: 'com.example.forged' }), own, set, c)?.want).toBe('none');
    expect(centralIntent(spec('203.0.113.40'), own, set, c)).toMatchObject({ want: 'none', blindSpot: '203.0.113.32/28' });
    // the same address is no blind spot of another set
    expect(centralIntent(spec('203.0.113.40'), common, FALLBACK_SET, c)?.want).toBe('one');
    // never forwarded: nothing to check centrally
    expect(centralIntent(spec('192.0.2.7'), own, set, c)).toBeUndefined();
    expect(centralIntent(spec('ec2.amazonaws.com'), own, set, c)).toBeUndefined();
    expect(centralIntent(spec('198.18.0.1', { accessKeyId: 'ASIAKEYWATCHVERIFY01' }), own, set, c)).toBeUndefined();
  });
});

describe('probe suites and events', () => {
  test('the suite covers every probe kind the intent distinguishes, once each', () => {
    const suite = probeSuite(common, probeKeys(watch({ excludeAccessKeys: ['AKIAEXAMPLEBACKUP001'] })), 'central');
    const kinds = new Set(suite.map((s) => s.kind));
    for (const k of [
      'network-first',
      'network-last',
      'below-network',
      'above-network',
      'ipv6-mirror',
      'ipv4-shadow',
      'unlisted',
      'service-name',
      'excluded-key',
      'unwatched-key',
      'allowed-vpc-endpoint',
      'unlisted-vpc-endpoint',
      'forged-source',
    ]) {
      expect(kinds).toContain(k);
    }
    const keys = suite.map((s) => JSON.stringify([s.sourceIp, s.accessKeyId, s.vpcEndpointId, s.source]));
    expect(new Set(keys).size).toBe(keys.length);
    expect(probeSuite(common, probeKeys(watch()), 'sender').some((s) => s.kind === 'forged-source')).toBe(false);
  });

  test('a probe event is CloudTrail-shaped, has every field TestEventPattern requires, and is deterministic', () => {
    const text = probeEvent(spec('198.18.0.1', { vpcEndpointId: 'vpce-0fffffffffffffff0' }), '444444444444', 'eu-west-1', '2026-12-01T00:00:00Z');
    const e = JSON.parse(text);
    expect(e).toMatchObject({
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.sts',
      account: '444444444444',
      region: 'eu-west-1',
      resources: [],
      detail: {
        sourceIPAddress: '198.18.0.1',
        vpcEndpointId: 'vpce-0fffffffffffffff0',
        recipientAccountId: '444444444444',
        userIdentity: { accessKeyId: 'AKIAKEYWATCHVERIFY01' },
      },
    });
    for (const f of ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type']) expect(e).toHaveProperty([f]);
    expect(probeEvent(spec('198.18.0.1', { vpcEndpointId: 'vpce-0fffffffffffffff0' }), '444444444444', 'eu-west-1', '2026-12-01T00:00:00Z')).toBe(text);
    expect(JSON.parse(probeEvent(spec('198.18.0.1'), '444444444444', 'eu-west-1', '2026-12-01T00:00:00Z')).detail).not.toHaveProperty('vpcEndpointId');
  });

  test('unknownAccounts avoids every known ID', () => {
    expect(unknownAccounts(['999999999999', '000000000001', '111111111111'])).toEqual(['999999999998', '000000000002', '111111111112']);
    expect(unknownAccounts(['000000000001', '000000000002', '000000000003'])).toEqual(['999999999999', '000000000004', '000000000005']);
    expect(unknownAccounts([])).toEqual(['999999999999', '000000000001']);
  });

  test('judge: exactly one of the set’s own rules, none, or at most one', () => {
    const task = (want: 'one' | 'none' | 'at-most-one'): ProbeTask => ({
      set: 's',
      region: 'r',
      account: 'a',
      label: 'l',
      intent: { want, why: '' },
      event: '{}',
      rules: [],
      own: new Set(['mine']),
    });
    expect(judge(task('one'), ['mine'])).toBe(true);
    expect(judge(task('one'), ['fallback'])).toBe(false);
    expect(judge(task('one'), ['mine', 'fallback'])).toBe(false);
    expect(judge(task('one'), [])).toBe(false);
    expect(judge(task('none'), [])).toBe(true);
    expect(judge(task('none'), ['mine'])).toBe(false);
    expect(judge(task('at-most-one'), ['mine'])).toBe(true);
    expect(judge(task('at-most-one'), ['mine', 'x'])).toBe(false);
  });
});
