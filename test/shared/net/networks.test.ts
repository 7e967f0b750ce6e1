import { addressInNetworks, isValidNetwork, networkProblem } from '@keywatch/shared';

describe('networkProblem', () => {
  test.each<[string, RegExp]>([
    ['fe80::1%eth0', /^'fe80::1%eth0' has an IPv6 zone ID \('%eth0'\).*write the address without it, e\.g\. "fe80::1"$/],
    ['fe80::%25eth0/64', /zone ID .*e\.g\. "fe80::\/64"$/],
    ['198.051.100.010', /^'198\.051\.100\.010' has an IPv4 octet with a leading zero.*write "198\.51\.100\.10" if you mean decimal$/],
    ['010.0.0.0/8', /leading zero.*write "10\.0\.0\.0\/8"/],
    ['127.1', /is not an IPv4 address of four decimal octets/],
    ['1.2.3.256', /is not an IPv4\/IPv6 address or CIDR/],
    ['192.0.2.1/24', /has host bits set; the network is "192\.0\.2\.0\/24"/],
    ['::ffff:192.0.2.0/120', /IPv4-mapped IPv6 network; write the IPv4 form "192\.0\.2\.0\/24"/],
    ['hello', /is not an IPv4\/IPv6 address or CIDR/],
  ])('%s is refused with the fix', (text, message) => {
    expect(isValidNetwork(text)).toBe(false);
    expect(networkProblem(text)).toMatch(message);
  });

  test.each(['0.0.0.0/0', '10.0.0.0/8', '198.51.100.7', '192.0.2.0/24', '100.64.0.0/10', '2001:db8::/32', '2001:db8::1', '::/0', 'fe80::/10'])(
    '%s is accepted',
    (text) => {
      expect(networkProblem(text)).toBeUndefined();
    },
  );
});

describe('addressInNetworks', () => {
  test('membership is per family and exact at the edges', () => {
    expect(addressInNetworks('192.0.2.255', ['192.0.2.0/24'])).toBe(true);
    expect(addressInNetworks('192.0.3.0', ['192.0.2.0/24'])).toBe(false);
    expect(addressInNetworks('c000:200::1', ['192.0.2.0/24'])).toBe(false);
    expect(addressInNetworks('32.1.13.184', ['2001:db8::/32'])).toBe(false);
    expect(addressInNetworks('ec2.amazonaws.com', ['0.0.0.0/0'])).toBe(false);
  });
});
