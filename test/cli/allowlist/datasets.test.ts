import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KeywatchError, parseSourceAddress } from '@keywatch/shared';
import { AsnDataset } from '../../../packages/cli/lib/allowlist/asn-dataset';
import { describeWith } from '../../../packages/cli/lib/allowlist/describe-network';
import { AWS_IP_RANGES_URL, parseAwsIpRanges, readAwsIpRanges, updateAwsRanges, type Fetch } from '../../../packages/cli/lib/allowlist/aws-ranges';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'aws-ip-ranges', 'ip-ranges.json');
const addr = (t: string) => parseSourceAddress(t)!;
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kw-datasets-'));

describe('AsnDataset', () => {
  test('reads the installed @ip-location-db/asn package: rows as the CSV files write them', () => {
    // expected answers are rows of asn-ipv4.csv / asn-ipv6.csv of the pinned version 2.3.2026061719
    const d = new AsnDataset();
    expect(d.lookup(addr('1.0.0.1'))).toEqual({ asn: 13335, holder: 'Cloudflare, Inc.' }); // 1.0.0.0,1.0.0.255,13335,"Cloudflare, Inc."
    expect(d.lookup(addr('1.0.5.9'))).toEqual({ asn: 38803, holder: 'Gtelecom Pty Ltd' }); // 1.0.4.0,1.0.7.255
    expect(d.lookup(addr('2001:4:112::1'))).toEqual({ asn: 112, holder: 'DNS-OARC' });
    expect(d.lookup(addr('2001::ffff'))).toEqual({ asn: 6939, holder: 'Hurricane Electric LLC' });
    expect(d.lookup(addr('203.0.113.5'))).toBeUndefined(); // documentation range: not routed
    expect(d.lookup(addr('2001:db8::1'))).toBeUndefined();
  });

  test('loads nothing until the first lookup, and then only the family looked up', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'asn-ipv4-num.csv'), '16777216,16777471,13335,"Cloudflare, Inc."\n35309568,35313663,201907,"LLC ""SPUTNIK"""\r\n');
    const d = new AsnDataset(dir); // no IPv6 file: fine until an IPv6 lookup
    expect(d.lookup(addr('2.26.200.1'))).toEqual({ asn: 201907, holder: 'LLC "SPUTNIK"' });
    expect(() => d.lookup(addr('2001::1'))).toThrow(KeywatchError);
    expect(() => d.lookup(addr('2001::1'))).toThrow(/asn-ipv6-num\.csv.*npm ci/);
    expect(() => new AsnDataset(path.join(dir, 'missing'))).not.toThrow();
  });

  test('a file that is not the dataset is a clear error naming it', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'asn-ipv4-num.csv'), '1.0.0.0,1.0.0.255,13335,Cloudflare\n');
    expect(() => new AsnDataset(dir).lookup(addr('1.0.0.1'))).toThrow(/asn-ipv4-num\.csv is not usable: .*line 1: expected a decimal number/);
  });
});

describe('AWS ip-ranges.json', () => {
  test('the fixture: services per address, overlapping prefixes all reported', () => {
    const r = readAwsIpRanges(FIXTURE)!;
    expect(r).toMatchObject({ syncToken: '1764547200', createDate: '2026-12-01-00-00-00', prefixes: 9 });
    expect(r.servicesOf(addr('198.18.0.77'))).toEqual(['AMAZON', 'S3']);
    expect(r.servicesOf(addr('198.19.0.25'))).toEqual(['AMAZON', 'EC2']);
    expect(r.servicesOf(addr('2001:db8:a5:1::9'))).toEqual(['AMAZON', 'EC2']);
    expect(r.servicesOf(addr('2001:db8:a5:2::9'))).toEqual(['AMAZON']);
    expect(r.servicesOf(addr('198.51.100.1'))).toEqual([]);
  });

  test('a missing cache is undefined; a file that is not ip-ranges.json names the field and the fix', () => {
    expect(readAwsIpRanges(path.join(tmp(), 'none.json'))).toBeUndefined();
    expect(() =>
      parseAwsIpRanges('{"syncToken":"1","createDate":"x","prefixes":[{"ip_prefix":"1.2.3.4/8","region":"r","service":"S"}],"ipv6_prefixes":[]}', 'f.json'),
    ).toThrow(/f\.json is not AWS's ip-ranges\.json: prefixes\.0\.ip_prefix must be an IPv4 CIDR; run `keywatch allowlist update-aws-ranges`/);
    expect(() => parseAwsIpRanges('nope', 'f.json')).toThrow(/f\.json is not JSON/);
  });

  test('update-aws-ranges fetches the published URL into the cache file, kept as published', async () => {
    const body = fs.readFileSync(FIXTURE, 'utf8');
    const urls: string[] = [];
    const fetch: Fetch = async (url) => (urls.push(url), { ok: true, status: 200, text: async () => body });
    const file = path.join(tmp(), 'cache', 'aws-ip-ranges.json');
    const r = await updateAwsRanges({ fetch, file });
    expect(urls).toEqual([AWS_IP_RANGES_URL]);
    expect(fs.readFileSync(file, 'utf8')).toBe(body);
    expect(r).toMatchObject({ file, syncToken: '1764547200', createDate: '2026-12-01-00-00-00' });
  });

  test('a failed fetch or a body that is not the file keeps the old cache and is an error with the fix', async () => {
    const file = path.join(tmp(), 'aws-ip-ranges.json');
    fs.writeFileSync(file, 'old');
    const status: Fetch = async () => ({ ok: false, status: 503, statusText: 'Service Unavailable', text: async () => '' });
    await expect(updateAwsRanges({ fetch: status, file })).rejects.toThrow(
      /cannot fetch https:\/\/ip-ranges\.amazonaws\.com\/ip-ranges\.json: HTTP 503 Service Unavailable; check the network/,
    );
    const offline: Fetch = async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } });
    };
    await expect(updateAwsRanges({ fetch: offline, file })).rejects.toThrow(/fetch failed \(ENOTFOUND\)/);
    const html: Fetch = async () => ({ ok: true, status: 200, text: async () => '<html>' });
    await expect(updateAwsRanges({ fetch: html, file })).rejects.toThrow(KeywatchError);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
  });
});

describe('describeWith (ASN dataset + AWS ranges)', () => {
  test('names the AS and holder, and flags cloud, ISP, AWS service and private networks', () => {
    // expected from rows of the pinned dataset (8.8.8.0/24 AS15169 Google LLC; 24.0.0.0/… AS7922 Comcast) and the fixture
    const describeNet = describeWith(new AsnDataset(), readAwsIpRanges(FIXTURE));
    expect(describeNet(addr('8.8.8.8'))).toEqual({ kind: 'cloud', asn: 15169, holder: 'Google LLC', awsServices: undefined });
    expect(describeNet(addr('24.0.0.1'))).toEqual({ kind: 'isp', asn: 7922, holder: 'Comcast Cable Communications, LLC', awsServices: undefined });
    expect(describeNet(addr('198.18.0.77'))).toMatchObject({ kind: 'aws-service', awsServices: ['AMAZON', 'S3'] });
    expect(describeNet(addr('198.19.0.25'))).toMatchObject({ kind: 'cloud', awsServices: ['AMAZON', 'EC2'] });
    expect(describeNet(addr('10.1.2.3'))).toMatchObject({ kind: 'private' });
  });
});
