import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { compileEventPattern, createEventReader, matchesEventPattern } from '@keywatch/shared';
import { address, ipv4Network, ipv6Network } from '../../helpers/arbitraries';

const cidr = (c: string) => ({ ip: [{ cidr: c }] });

/** Same-family containment by ipaddr.js: the family-strict answer, independent of the engine. */
function strictContains(network: string, ip: string): boolean {
  const addr = ipaddr.parse(ip);
  const [net, len] = network.includes('/') ? ipaddr.parseCIDR(network) : [ipaddr.parse(network), network.includes(':') ? 128 : 32];
  return addr.kind() === net.kind() && addr.match([net, len] as [ipaddr.IPv4, number]);
}

describe('IP semantics of the local engine', () => {
  test.each<[string, object, string, boolean, boolean]>([
    // name, pattern, value, event-ruler 2.0.1, strict
    ['an IPv4 value inside a short IPv6 range’s projection', cidr('::/1'), '1.1.1.1', true, false],
    ['an IPv6 value whose first 32 bits lie in an IPv4 range', cidr('10.0.0.0/8'), 'a00::1', true, false],
    ['an IPv6 value whose first 32 bits equal a bare IPv4 address', { ip: ['10.0.0.1'] }, 'a00:1::', true, false],
    ['an IPv4 value at a projection end', cidr('::/1'), '0.0.0.0', false, false],
    ['an IPv4 value and an IPv6 range of /32', cidr('2001:db8::/32'), '32.1.13.184', false, false],
    ['same family, IPv4 inside', cidr('10.0.0.0/8'), '10.1.2.3', true, true],
    ['same family, IPv4 outside', cidr('10.0.0.0/8'), '11.0.0.0', false, false],
    ['same family, IPv6 inside', cidr('2001:db8::/32'), '2001:db8::1', true, true],
    ['same family, IPv6 outside', cidr('2001:db8::/32'), '2001:db9::', false, false],
    ['a bare IPv4 address, same value', { ip: ['192.0.2.1'] }, '192.0.2.1', true, true],
    ['an IPv4-mapped IPv6 value is its IPv4 address', cidr('10.0.0.0/8'), '::ffff:a00:1', true, true],
  ])('%s', (_name, pattern, value, eventRuler, strict) => {
    expect(matchesEventPattern(pattern, { ip: value })).toBe(eventRuler);
    expect(matchesEventPattern(pattern, { ip: value }, { ipSemantics: 'event-ruler' })).toBe(eventRuler);
    expect(matchesEventPattern(pattern, { ip: value }, { ipSemantics: 'strict' })).toBe(strict);
  });

  test('strict: numbers are not IP addresses (event-ruler walks their text through the range)', () => {
    // 16.0.0.0/8 is the hex digit range 10000000–10FFFFFF
    const pattern = cidr('16.0.0.0/8');
    expect(matchesEventPattern(pattern, '{"ip": 10000001}')).toBe(true);
    expect(matchesEventPattern(pattern, '{"ip": 10000001}', { ipSemantics: 'strict' })).toBe(false);
  });

  test('the same pattern text compiled under each semantics is cached separately', () => {
    expect(matchesEventPattern(cidr('::/1'), { ip: '1.1.1.1' }, { ipSemantics: 'strict' })).toBe(false);
    expect(matchesEventPattern(cidr('::/1'), { ip: '1.1.1.1' })).toBe(true);
    expect(matchesEventPattern(cidr('::/1'), { ip: '1.1.1.1' }, { ipSemantics: 'strict' })).toBe(false);
  });

  test('a compiled pattern keeps its semantics through a shared EventReader', () => {
    const reader = createEventReader();
    const er = compileEventPattern(cidr('::/1'));
    const strict = compileEventPattern(cidr('::/1'), { ipSemantics: 'strict' });
    reader.reset({ ip: '1.1.1.1' });
    expect([er.test(reader), strict.test(reader)]).toEqual([true, false]);
  });

  test('property: strict semantics is same-family containment (ipaddr.js)', () => {
    fc.assert(
      fc.property(fc.oneof(ipv4Network, ipv6Network), address, (network, ip) => {
        const matcher = network.includes('/') ? { cidr: network } : network;
        expect(matchesEventPattern({ ip: [matcher] }, { ip }, { ipSemantics: 'strict' })).toBe(strictContains(network, ip));
      }),
      { numRuns: 3000 },
    );
  });
});
