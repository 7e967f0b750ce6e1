import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { PrefixIndex, RangeTableBuilder, kindOfHolder, networkInfo, parseSourceAddress, formatPrefix, prefixOf } from '@keywatch/shared';

const addr = (t: string) => parseSourceAddress(t)!;

describe('parseSourceAddress', () => {
  test.each([
    ['203.0.113.9', '203.0.113.0/24', 24],
    ['2001:db8:1:2::5', '2001:db8:1::/48', 48],
    ['::ffff:a00:1', '10.0.0.0/8', 8], // hex IPv4-mapped: the engine reads it as IPv4
  ])('%s aggregates to %s', (ip, block, length) => {
    expect(formatPrefix(prefixOf(addr(ip), length))).toBe(block);
  });

  test.each(['ec2.amazonaws.com', 'AWS Internal/3', 'AWS Internal', '::ffff:10.0.0.1', '', 'fe80::1%eth0'])('%s is not an IP address', (text) => {
    expect(parseSourceAddress(text)).toBeUndefined();
  });
});

describe('PrefixIndex', () => {
  test('finds every overlapping block that holds an address, as ipaddr.js membership says', () => {
    const blocks = ['198.18.0.0/15', '198.18.0.0/24', '198.19.0.0/24', '10.0.0.0/8', '2001:db8::/32', '2001:db8:a5::/48', '0.0.0.0/0'];
    const index = new PrefixIndex<string>();
    for (const b of blocks) index.add(b, b);
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.constantFrom('198.18.0.7', '198.19.0.255', '10.9.9.9', '2001:db8:a5::1', '2001:db8:ffff::1', '::1')), (ip) => {
        const a = ipaddr.parse(ip);
        const expected = blocks.filter((b) => ipaddr.parseCIDR(b)[0].kind() === a.kind() && a.match(ipaddr.parseCIDR(b))).sort();
        expect(index.lookup(addr(ip)).sort()).toEqual(expected);
        expect(index.contains(addr(ip))).toBe(expected.length > 0);
      }),
    );
  });
});

describe('RangeTable', () => {
  test('binary search finds the row holding an address, and nothing between rows', () => {
    const b = new RangeTableBuilder<string>(4);
    b.add(10, 19, 'a');
    b.add(30, 39, 'b');
    b.add(35, 45, 'c'); // overlaps b: keeps 40-45 only
    b.add(41, 44, 'd'); // inside c: adds nothing
    const t = b.build();
    const at = (n: number) => t.lookup({ family: 4, value: BigInt(n) });
    expect([9, 10, 19, 20, 30, 39, 40, 45, 46].map(at)).toEqual([undefined, 'a', 'a', undefined, 'b', 'b', 'c', 'c', undefined]);
    expect(t.lookup({ family: 6, value: 10n })).toBeUndefined();
  });

  test('rows out of order are refused', () => {
    const b = new RangeTableBuilder<string>(6);
    b.add(100n, 200n, 'a');
    expect(() => b.add(50n, 60n, 'b')).toThrow(/ascending order/);
  });
});

describe('network kinds', () => {
  test.each([
    [16509, 'Amazon.com, Inc.', 'cloud'],
    [64500, 'Example Hosting GmbH', 'cloud'],
    [64501, 'Acme Cloud Services', 'cloud'],
    [7922, 'Comcast Cable Communications, LLC', 'isp'],
    [64502, 'Example Broadband Ltd', 'isp'],
    [64503, 'Example Telecom Hosting', 'cloud'], // hosting words first
    [64504, 'Example University', 'other'],
  ] as const)('AS%d %s is %s', (asn, holder, kind) => {
    expect(kindOfHolder(asn, holder)).toBe(kind);
  });

  test('private space first, then AWS ranges (EC2 is cloud, any other service is aws-service), then the holder', () => {
    expect(networkInfo(addr('10.1.2.3'), undefined, []).kind).toBe('private');
    expect(networkInfo(addr('fd00::1'), undefined, []).kind).toBe('private');
    expect(networkInfo(addr('100.64.0.1'), undefined, []).kind).toBe('private');
    expect(networkInfo(addr('52.94.76.1'), { asn: 16509, holder: 'Amazon.com, Inc.' }, ['AMAZON']).kind).toBe('aws-service');
    expect(networkInfo(addr('3.5.140.1'), undefined, ['AMAZON', 'EC2']).kind).toBe('cloud');
    expect(networkInfo(addr('203.0.113.1'), undefined, []).kind).toBe('other');
  });
});
