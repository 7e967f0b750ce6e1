import fc from 'fast-check';
import { compileOrganization, outsideMatchers, serializedLength, toMatcher } from '@keywatch/shared';
import type { IpMatcher } from '@keywatch/shared';
import { allowlist } from '../../helpers/arbitraries';
import { makeConfig } from '../../helpers/config';
import { disjointSize, overlaps, toRange, unionSize } from '../../helpers/ranges';

/** Asserts `matchers` are disjoint, miss every allowed address, and with `allowed` cover both address spaces entirely. */
function expectExactComplement(matchers: readonly IpMatcher[], allowed: readonly string[]) {
  const outside = matchers.map(toRange);
  const inside = allowed.map(toRange);
  const clashes = outside.flatMap((o, i) => inside.filter((a) => overlaps(o, a)).map(() => matchers[i]));
  expect(clashes).toEqual([]);
  expect(disjointSize(outside, 4) + unionSize(inside, 4)).toBe(1n << 32n);
  expect(disjointSize(outside, 6) + unionSize(inside, 6)).toBe(1n << 128n);
}

describe('outsideMatchers', () => {
  test.each([
    ['one IPv4 block', ['10.0.0.0/8'], [{ cidr: '0.0.0.0/5' }, { cidr: '8.0.0.0/7' }, { cidr: '11.0.0.0/8' }]],
    ['a single IPv4 host leaves bare neighbours', ['192.0.2.1'], ['192.0.2.0', { cidr: '192.0.2.2/31' }]],
    ['a single IPv6 host', ['2001:db8::1'], ['2001:db8::']],
  ])('%s', (_name, allowed, expectedPrefix) => {
    // WHEN
    const matchers = outsideMatchers(allowed);
    // THEN
    expect(matchers).toEqual(expect.arrayContaining(expectedPrefix as IpMatcher[]));
    expectExactComplement(matchers, allowed);
  });

  test('nothing allowed: the whole space is two /0 blocks', () => {
    expect(outsideMatchers([])).toEqual([{ cidr: '0.0.0.0/0' }, { cidr: '::/0' }]);
  });

  test('everything allowed: nothing is outside', () => {
    expect(outsideMatchers(['0.0.0.0/0', '::/0'])).toEqual([]);
  });

  test('adjacent and overlapping allowlist blocks give the same minimal complement as their union', () => {
    // GIVEN 192.0.2.0/25 + 192.0.2.128/25 = 192.0.2.0/24, and 10.0.0.0/8 contains 10.1.0.0/16
    const split = outsideMatchers(['192.0.2.0/25', '192.0.2.128/25', '10.0.0.0/8', '10.1.0.0/16']);
    const merged = outsideMatchers(['192.0.2.0/24', '10.0.0.0/8']);
    // THEN
    expect(split).toEqual(merged);
  });

  test('never emits /32 or /128 cidr matchers (the engine rejects them): single hosts are bare addresses', () => {
    fc.assert(
      fc.property(allowlist, (allowed) => {
        for (const m of outsideMatchers(allowed)) {
          if (typeof m !== 'string') {
            expect(m.cidr).not.toMatch(m.cidr.includes(':') ? /\/128$/ : /\/32$/);
          } else {
            expect(m).not.toContain('/');
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  test('property: the matchers are exactly the complement of random allowlists', () => {
    fc.assert(
      fc.property(allowlist, (allowed) => expectExactComplement(outsideMatchers(allowed), allowed)),
      { numRuns: 300 },
    );
  });

  test('toMatcher: host masks become bare addresses', () => {
    expect(toMatcher('198.51.100.7/32')).toBe('198.51.100.7');
    expect(toMatcher('2001:db8::7/128')).toBe('2001:db8::7');
    expect(toMatcher('198.51.100.0/31')).toEqual({ cidr: '198.51.100.0/31' });
    expect(toMatcher('0.0.0.0/0')).toEqual({ cidr: '0.0.0.0/0' });
  });
});

describe('sender chunks', () => {
  test('property: chunks are disjoint, cover exactly the complement, and each fits the pattern size quota', () => {
    fc.assert(
      fc.property(allowlist, fc.integer({ min: 400, max: 4096 }), (allowed, maxChars) => {
        // GIVEN a random org allowlist and quota
        const config = makeConfig({ allow: { networks: allowed }, quotas: { eventPatternMaxChars: maxChars } });
        // WHEN
        const plan = compileOrganization(config);
        // THEN every pattern fits, compact or spaced
        for (const rule of plan.sender) {
          expect(serializedLength(rule.pattern)).toBeLessThanOrEqual(maxChars);
          expect(JSON.stringify(rule.pattern).length).toBeLessThanOrEqual(maxChars);
        }
        const all = plan.sender.flatMap((r) => ((r.pattern.detail as { sourceIPAddress: IpMatcher[] }).sourceIPAddress));
        expectExactComplement(all, allowed);
      }),
      { numRuns: 150 },
    );
  });

  test('a quota too small for even one block fails with the quota named', () => {
    const config = makeConfig({ quotas: { eventPatternMaxChars: 256 }, watch: { accessKeys: ['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE', 'AKIAJ2EXAMPLEKEY0001', 'AKIAJ2EXAMPLEKEY0002', 'AKIAJ2EXAMPLEKEY0003', 'AKIAJ2EXAMPLEKEY0004', 'AKIAJ2EXAMPLEKEY0005', 'AKIAJ2EXAMPLEKEY0006', 'AKIAJ2EXAMPLEKEY0007'] } });
    expect(() => compileOrganization(config)).toThrow(/cannot be split into event patterns of at most 256 characters \(quotas\.eventPatternMaxChars\).*'Event pattern size'/s);
  });
});
