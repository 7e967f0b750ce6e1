import fc from 'fast-check';
import { addressInNetworks, compileOrganization, matchesEventPattern, outsideMatchers, serializedLength, toMatcher } from '@keywatch/shared';
import type { IpMatcher, OutsideMatchers } from '@keywatch/shared';
import { address, allowlist } from '../../helpers/arbitraries';
import { edgeAddresses } from '../../helpers/addresses';
import { makeConfig } from '../../helpers/config';

const matches = (matchers: readonly IpMatcher[], ip: string) => matchers.length > 0 && matchesEventPattern({ detail: { sourceIPAddress: matchers } }, { detail: { sourceIPAddress: ip } });

/** Asserts, through the local EventBridge engine, that the groups match exactly the addresses outside `allowed` (minus the reported blind spots), each address within one group only. */
function expectExactOutside(result: OutsideMatchers, allowed: readonly string[], probes: readonly string[]) {
  const wrong = probes.filter((ip) => matches(result.matchers, ip) !== (!addressInNetworks(ip, allowed) && !addressInNetworks(ip, result.blindSpots)));
  expect(wrong).toEqual([]);
  const doubles = probes.filter((ip) => result.groups.filter((g) => matches(g, ip)).length > 1);
  expect(doubles).toEqual([]);
}

describe('outsideMatchers', () => {
  test.each<[string, string[], string[]]>([
    ['one IPv4 block', ['10.0.0.0/8'], []],
    ['a single IPv4 host', ['192.0.2.1'], []],
    ['a single IPv6 host', ['2001:db8::1'], ['32.1.13.184']],
    ['IPv4 and IPv6 office networks', ['192.0.2.0/26', '192.0.2.128/25', '198.51.100.10', '2001:db8:1000::/48'], ['32.1.13.184']],
    ['an IPv4 network whose IPv6 mirror is global unicast', ['36.1.2.4/30', '2400:cb00::/32'], ['36.0.203.0']],
    ['adjacent blocks', ['192.0.2.0/25', '192.0.2.128/25'], []],
  ])('%s: exact through the engine, one group per address', (_name, allowed, reachableBlindSpots) => {
    // WHEN
    const result = outsideMatchers(allowed);
    // THEN
    expect(result.reachableBlindSpots).toEqual(reachableBlindSpots);
    const probes = [...edgeAddresses(allowed), '8.8.8.8', '0.0.0.0', '255.255.255.255', '::', '::1', '2606:4700::6810:84e5', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'];
    expectExactOutside(result, allowed, probes);
  });

  test('an IPv4 network in 32.0.0.0/3 too wide to fill its IPv6 mirror reports the mirror as a reachable blind spot', () => {
    expect(outsideMatchers(['36.1.2.0/24']).reachableBlindSpots).toEqual(['2401:200::/24']);
  });

  test('the naive complement would alert on an allowed IPv4 office through an IPv6 block (the leak this design avoids)', () => {
    // GIVEN the plain complement of 192.0.2.0/24 in IPv6 space contains 8000::/1, whose first-32-bit projection contains 192.0.2.10
    expect(matchesEventPattern({ ip: [{ cidr: '8000::/1' }] }, { ip: '192.0.2.10' })).toBe(true);
    // THEN keywatch's matchers never match it
    expect(matches(outsideMatchers(['192.0.2.0/24', '2001:db8::/32']).matchers, '192.0.2.10')).toBe(false);
  });

  test('nothing allowed: everything matches; everything allowed: nothing does', () => {
    const all = outsideMatchers([]);
    expect(all.blindSpots).toEqual([]);
    expect(all.groups).toEqual([[{ cidr: '::/0' }, '0.0.0.0', '255.255.255.255']]);
    for (const ip of ['0.0.0.0', '8.8.8.8', '255.255.255.255', '::', '2001:db8::1', 'ffff::']) {
      expect(matches(all.matchers, ip)).toBe(true);
    }
    expect(outsideMatchers(['0.0.0.0/0', '::/0']).matchers).toEqual([]);
  });

  test('adjacent and overlapping allowlist blocks give the same matchers as their union', () => {
    expect(outsideMatchers(['192.0.2.0/25', '192.0.2.128/25', '10.0.0.0/8', '10.1.0.0/16'])).toEqual(outsideMatchers(['192.0.2.0/24', '10.0.0.0/8']));
  });

  test('the IPv6 mirror of an IPv4 allowlist outside 2000::/3 is left uncovered rather than alerting on allowed addresses', () => {
    const { matchers, blindSpots, reachableBlindSpots } = outsideMatchers(['10.0.0.0/8']);
    expect(blindSpots).toEqual(['a00::/8']);
    expect(reachableBlindSpots).toEqual([]);
    expect(matches(matchers, '10.1.2.3')).toBe(false);
    expect(matches(matchers, 'a00::1')).toBe(false);
    expect(matches(matchers, 'b00::1')).toBe(true);
  });

  test('never emits /32 or /128 cidr matchers (the engine rejects them), nor any IPv4 block (it would leak onto IPv6)', () => {
    fc.assert(
      fc.property(allowlist, (allowed) => {
        for (const m of outsideMatchers(allowed).matchers) {
          if (typeof m === 'string') {
            expect(m).not.toContain('/');
          } else {
            expect(m.cidr).toContain(':');
            expect(m.cidr).not.toMatch(/\/128$/);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  test('property: for random allowlists the matchers are exact (outside blind spots) through the engine, one matcher per address', () => {
    fc.assert(
      fc.property(allowlist, fc.array(address, { maxLength: 20 }), (allowed, random) => {
        expectExactOutside(outsideMatchers(allowed), allowed, [...edgeAddresses(allowed), ...random]);
      }),
      { numRuns: 120 },
    );
  });

  test('toMatcher: host masks become bare addresses', () => {
    expect(toMatcher('198.51.100.7/32')).toBe('198.51.100.7');
    expect(toMatcher('2001:db8::7/128')).toBe('2001:db8::7');
    expect(toMatcher('198.51.100.0/31')).toEqual({ cidr: '198.51.100.0/31' });
    expect(toMatcher('::/0')).toEqual({ cidr: '::/0' });
  });
});

describe('sender chunks', () => {
  test('property: chunks are disjoint, together exact, and each fits the pattern size quota', () => {
    fc.assert(
      fc.property(allowlist, fc.integer({ min: 600, max: 4096 }), fc.array(address, { maxLength: 10 }), (allowed, maxChars, random) => {
        // GIVEN a random org allowlist and quota
        const config = makeConfig({ allow: { networks: allowed }, quotas: { eventPatternMaxChars: maxChars } });
        // WHEN
        const plan = compileOrganization(config);
        const { blindSpots } = outsideMatchers(allowed);
        // THEN every pattern fits, compact or spaced
        for (const rule of plan.sender) {
          expect(serializedLength(rule.pattern)).toBeLessThanOrEqual(maxChars);
          expect(JSON.stringify(rule.pattern).length).toBeLessThanOrEqual(maxChars);
        }
        // and each address is forwarded by exactly the rules it should be: one when outside, none when allowed
        for (const ip of [...edgeAddresses(allowed), ...random]) {
          const event = { 'detail-type': 'AWS API Call via CloudTrail', detail: { userIdentity: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, sourceIPAddress: ip } };
          const hits = plan.sender.filter((r) => matchesEventPattern(r.pattern, event)).length;
          expect([ip, hits]).toEqual([ip, !addressInNetworks(ip, allowed) && !addressInNetworks(ip, blindSpots) ? 1 : 0]);
        }
      }),
      { numRuns: 60 },
    );
  });

  test('a quota too small for even one block fails with the quota named', () => {
    const config = makeConfig({ quotas: { eventPatternMaxChars: 256 }, watch: { accessKeys: ['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE', 'AKIAJ2EXAMPLEKEY0001', 'AKIAJ2EXAMPLEKEY0002', 'AKIAJ2EXAMPLEKEY0003', 'AKIAJ2EXAMPLEKEY0004', 'AKIAJ2EXAMPLEKEY0005', 'AKIAJ2EXAMPLEKEY0006', 'AKIAJ2EXAMPLEKEY0007'] } });
    expect(() => compileOrganization(config)).toThrow(/cannot be split into event patterns of at most 256 characters \(quotas\.eventPatternMaxChars\).*'Event pattern size'/s);
  });
});
