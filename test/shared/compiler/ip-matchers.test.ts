import fc from 'fast-check';
import {
  addressInNetworks,
  compileOrganization,
  matchesEventPattern,
  MAX_MIRROR_FILL_BLOCKS,
  outsideMatchers,
  serializedLength,
  toMatcher,
} from '@keywatch/shared';
import type { IpSemantics, OutsideMatchers } from '@keywatch/shared';
import { address, allowlist, allowlistIn32Slash3 } from '../../helpers/arbitraries';
import { edgeAddresses } from '../../helpers/addresses';
import { makeConfig } from '../../helpers/config';
import { toRange } from '../../helpers/ranges';
import { ipMatches, isUnavoidableBlindSpot, SEMANTICS } from '../../helpers/ip-semantics';

const names = (r: OutsideMatchers, reachable?: boolean) =>
  r.blindSpots.filter((b) => reachable === undefined || b.reachable === reachable).map((b) => b.network);
const PROBES = [
  '8.8.8.8',
  '1.1.1.1',
  '0.0.0.0',
  '255.255.255.255',
  '32.1.13.184',
  '::',
  '::1',
  '2606:4700::6810:84e5',
  '2001:db8::1',
  'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
];

/**
 * Asserts, through the local EventBridge engine under `semantics`, that the matchers match exactly the addresses outside
 * `allowed` (ipaddr.js membership) but for the reported blind spots, that every blind spot is one no pattern can avoid
 * (an independent check), and that no address matches two groups.
 */
function expectExactOutside(result: OutsideMatchers, allowed: readonly string[], probes: readonly string[], semantics: IpSemantics) {
  const blind = names(result);
  const wrong = probes.filter((ip) => ipMatches(result.matchers, ip, semantics) !== (!addressInNetworks(ip, allowed) && !addressInNetworks(ip, blind)));
  expect([semantics, wrong]).toEqual([semantics, []]);
  const avoidable = probes.filter((ip) => addressInNetworks(ip, blind) && !isUnavoidableBlindSpot(ip, allowed));
  expect([semantics, avoidable]).toEqual([semantics, []]);
  const doubles = probes.filter((ip) => result.groups.filter((g) => ipMatches(g, ip, semantics)).length > 1);
  expect([semantics, doubles]).toEqual([semantics, []]);
}

describe.each(SEMANTICS)('outsideMatchers under %s IP semantics', (semantics) => {
  test.each<[string, string[], string[]]>([
    ['one IPv4 block', ['10.0.0.0/8'], []],
    ['a single IPv4 host', ['192.0.2.1'], []],
    ['a single IPv6 host', ['2001:db8::1'], ['32.1.13.184']],
    ['IPv4 and IPv6 office networks', ['192.0.2.0/26', '192.0.2.128/25', '198.51.100.10', '2001:db8:1000::/48'], ['32.1.13.184']],
    ['an IPv4 network whose IPv6 mirror is global unicast', ['36.1.2.4/30', '2400:cb00::/32'], ['36.0.203.0']],
    ['adjacent blocks', ['192.0.2.0/25', '192.0.2.128/25'], []],
    ['a short IPv6 network (its shadow is a block)', ['2600:1f00::/24'], ['38.0.31.0/24']],
    ['an IPv6 network covering its own shadow IPv4 network', ['2001:db8::/32', '32.1.13.184'], []],
    ['an IPv4 host in 32.0.0.0/3 (mirror filled)', ['32.1.2.3'], []],
  ])('%s: exact through the engine, one group per address', (_name, allowed, reachableBlindSpots) => {
    const result = outsideMatchers(allowed);
    expect(names(result, true)).toEqual(reachableBlindSpots);
    expectExactOutside(result, allowed, [...edgeAddresses(allowed), ...PROBES], semantics);
  });

  test('an IPv4 network in 32.0.0.0/3 too wide to fill its IPv6 mirror reports the mirror as a reachable blind spot', () => {
    const result = outsideMatchers(['36.1.2.0/24']);
    expect(result.blindSpots).toEqual([{ network: '2401:200::/24', kind: 'ipv6-mirror', reachable: true }]);
    expectExactOutside(result, ['36.1.2.0/24'], [...edgeAddresses(['36.1.2.0/24']), ...PROBES], semantics);
  });

  test('every unlisted IPv4 address alerts (the defect this design removes: no IPv4 matcher at all)', () => {
    const { matchers } = outsideMatchers(['192.0.2.0/24', '198.51.100.0/24', '2001:db8:1000::/48']);
    for (const ip of ['8.8.8.8', '1.1.1.1', '9.9.9.9', '203.0.113.7', '192.0.3.0', '198.51.99.255']) {
      expect([ip, ipMatches(matchers, ip, semantics)]).toEqual([ip, true]);
    }
    for (const ip of ['192.0.2.0', '192.0.2.255', '198.51.100.17', '2001:db8:1000::1']) {
      expect([ip, ipMatches(matchers, ip, semantics)]).toEqual([ip, false]);
    }
  });

  test('nothing allowed: everything matches; everything allowed: nothing does', () => {
    const all = outsideMatchers([]);
    expect(all.blindSpots).toEqual([]);
    expect(all.groups).toEqual([[{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }]]);
    for (const ip of ['0.0.0.0', '8.8.8.8', '255.255.255.255', '::', '2001:db8::1', 'ffff::']) {
      expect(ipMatches(all.matchers, ip, semantics)).toBe(true);
    }
    expect(outsideMatchers(['0.0.0.0/0', '::/0']).matchers).toEqual([]);
  });

  test('the IPv6 mirror of an IPv4 allowlist outside 2000::/3 is left uncovered rather than alerting on allowed addresses', () => {
    const { matchers, blindSpots } = outsideMatchers(['10.0.0.0/8']);
    expect(blindSpots).toEqual([{ network: 'a00::/8', kind: 'ipv6-mirror', reachable: false }]);
    expect(ipMatches(matchers, '10.1.2.3', semantics)).toBe(false);
    expect(ipMatches(matchers, 'a00::1', semantics)).toBe(false);
    expect(ipMatches(matchers, 'b00::1', semantics)).toBe(true);
  });

  test('property: for random allowlists the matchers are exact (but for unavoidable blind spots), one group per address', () => {
    fc.assert(
      fc.property(fc.oneof(allowlist, allowlistIn32Slash3), fc.array(address, { maxLength: 20 }), (allowed, random) => {
        expectExactOutside(outsideMatchers(allowed), allowed, [...edgeAddresses(allowed), ...random, ...PROBES], semantics);
      }),
      { numRuns: 100 },
    );
  });
});

describe('outsideMatchers (shape)', () => {
  test('the naive complement would alert on an allowed IPv4 office through an IPv6 block (the leak this design avoids)', () => {
    // GIVEN the plain complement of 192.0.2.0/24 in IPv6 space contains 8000::/1, whose first-32-bit projection contains 192.0.2.10
    expect(matchesEventPattern({ ip: [{ cidr: '8000::/1' }] }, { ip: '192.0.2.10' })).toBe(true);
    expect(matchesEventPattern({ ip: [{ cidr: '8000::/1' }] }, { ip: '192.0.2.10' }, { ipSemantics: 'strict' })).toBe(false);
    // THEN keywatch's matchers never match it, under either semantics
    for (const semantics of SEMANTICS) {
      expect(ipMatches(outsideMatchers(['192.0.2.0/24', '2001:db8::/32']).matchers, '192.0.2.10', semantics)).toBe(false);
    }
  });

  test('an IPv4 block is grouped with its IPv6 mirror, so the leaks of each stay inside the group', () => {
    expect(outsideMatchers(['128.0.0.0/1']).groups).toEqual([[{ cidr: '0.0.0.0/1' }, { cidr: '::/1' }]]);
    fc.assert(
      fc.property(fc.oneof(allowlist, allowlistIn32Slash3), (allowed) => {
        for (const group of outsideMatchers(allowed).groups) {
          const ranges = group.map(toRange);
          if (ranges[0].version === 4) {
            // an IPv4 block and the IPv6 block of the same bits, ranges checked with ipaddr.js
            expect(ranges).toHaveLength(2);
            expect([ranges[1].version, ranges[1].start, ranges[1].end >> 96n]).toEqual([6, ranges[0].start << 96n, ranges[0].end]);
          } else {
            // an IPv6 block that cannot leak onto IPv4 values: /31 or longer
            expect(ranges).toHaveLength(1);
            expect(ranges[0].end - ranges[0].start).toBeLessThan(1n << 97n);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  test('adjacent and overlapping allowlist blocks give the same matchers as their union', () => {
    expect(outsideMatchers(['192.0.2.0/25', '192.0.2.128/25', '10.0.0.0/8', '10.1.0.0/16'])).toEqual(outsideMatchers(['192.0.2.0/24', '10.0.0.0/8']));
  });

  test('the mirror fill stops at MAX_MIRROR_FILL_BLOCKS leak-free /31 blocks', () => {
    // a /26 in 32.0.0.0/3 needs 2^(31-26) = 32 blocks: filled; a /25 needs 64: left as a blind spot
    const filled = outsideMatchers(['36.1.2.0/26']);
    expect(MAX_MIRROR_FILL_BLOCKS).toBe(32);
    expect(filled.blindSpots).toEqual([]);
    expect(filled.matchers.filter((m) => typeof m !== 'string' && m.cidr.endsWith('/31'))).toHaveLength(32);
    expect(outsideMatchers(['36.1.2.0/25']).blindSpots).toEqual([{ network: '2401:200::/25', kind: 'ipv6-mirror', reachable: true }]);
  });

  test('never emits /32 IPv4 or /128 IPv6 cidr matchers (the engine rejects them)', () => {
    fc.assert(
      fc.property(fc.oneof(allowlist, allowlistIn32Slash3), (allowed) => {
        for (const m of outsideMatchers(allowed).matchers) {
          if (typeof m === 'string') {
            expect(m).not.toContain('/');
          } else {
            expect(m.cidr).not.toMatch(/^[0-9.]+\/32$|\/128$/);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  test('toMatcher: host masks become bare addresses', () => {
    expect(toMatcher('198.51.100.7/32')).toBe('198.51.100.7');
    expect(toMatcher('2001:db8::7/128')).toBe('2001:db8::7');
    expect(toMatcher('198.51.100.0/31')).toEqual({ cidr: '198.51.100.0/31' });
    expect(toMatcher('::/0')).toEqual({ cidr: '::/0' });
  });
});

describe.each(SEMANTICS)('sender chunks under %s IP semantics', (semantics) => {
  test('property: chunks are disjoint, together exact, and each fits the pattern size quota', () => {
    fc.assert(
      fc.property(
        fc.oneof(allowlist, allowlistIn32Slash3),
        // from 650: the largest tamper condition with its heartbeat branch is 644 characters (EventBridge's own quota is at least 2,048)
        fc.integer({ min: 650, max: 4096 }),
        fc.array(address, { maxLength: 10 }),
        (allowed, maxChars, random) => {
          // GIVEN a random org allowlist and quota
          const config = makeConfig({ allow: { networks: allowed }, quotas: { eventPatternMaxChars: maxChars } });
          if (outsideMatchers(allowed).matchers.length === 0) {
            // e.g. 0.0.0.0/1 with 8000::/1: every IPv4 address is allowed or the shadow of an allowed IPv6 network, and the
            // rest of IPv6 mirrors an allowed IPv4 network: nothing could ever alert, and the compiler says so
            expect(() => compileOrganization(config)).toThrow(/leaves no address that EventBridge can match as outside it/);
            return;
          }
          // WHEN
          const plan = compileOrganization(config);
          const blind = plan.blindSpots.map((b) => b.network);
          // THEN every pattern fits, compact or spaced
          for (const rule of plan.sender) {
            expect(serializedLength(rule.pattern)).toBeLessThanOrEqual(maxChars);
            expect(JSON.stringify(rule.pattern).length).toBeLessThanOrEqual(maxChars);
          }
          // and each address is forwarded by exactly the rules it should be: one when outside, none when allowed
          for (const ip of [...edgeAddresses(allowed), ...random, ...PROBES]) {
            const event = {
              'detail-type': 'AWS API Call via CloudTrail',
              detail: { userIdentity: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, sourceIPAddress: ip },
            };
            const hits = plan.sender.filter((r) => matchesEventPattern(r.pattern, event, { ipSemantics: semantics })).length;
            expect([ip, hits]).toEqual([ip, !addressInNetworks(ip, allowed) && !addressInNetworks(ip, blind) ? 1 : 0]);
            if (addressInNetworks(ip, blind)) expect([ip, isUnavoidableBlindSpot(ip, allowed)]).toEqual([ip, true]);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('an allowlist that leaves nothing watchable', () => {
  test('0.0.0.0/1 with 8000::/1 (found by the property test): refused, since every outside address is a blind spot', () => {
    const result = outsideMatchers(['0.0.0.0/1', '8000::/1']);
    expect(result.matchers).toEqual([]);
    expect(result.blindSpots.map((b) => b.network)).toEqual(['128.0.0.0/1', '::/1']);
    expect(() => compileOrganization(makeConfig({ allow: { networks: ['0.0.0.0/1', '8000::/1'] } }))).toThrow(/leaves no address that EventBridge can match/);
  });
});

describe('sender quota', () => {
  test('a quota too small for even one block fails with the quota named', () => {
    const config = makeConfig({
      quotas: { eventPatternMaxChars: 256 },
      watch: {
        accessKeys: [
          'AKIAIOSFODNN7EXAMPLE',
          'AKIAI44QH8DHBEXAMPLE',
          'AKIAJ2EXAMPLEKEY0001',
          'AKIAJ2EXAMPLEKEY0002',
          'AKIAJ2EXAMPLEKEY0003',
          'AKIAJ2EXAMPLEKEY0004',
          'AKIAJ2EXAMPLEKEY0005',
          'AKIAJ2EXAMPLEKEY0006',
          'AKIAJ2EXAMPLEKEY0007',
        ],
      },
    });
    expect(() => compileOrganization(config)).toThrow(
      /cannot be split into event patterns of at most 256 characters \(quotas\.eventPatternMaxChars\).*'Event pattern size'/s,
    );
  });
});
