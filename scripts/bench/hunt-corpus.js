'use strict';
/**
 * Deterministic CloudTrail corpus for `keywatch hunt` (tests and bench): JSON Lines files (one record per line, the
 * shape Trino's Hive connector reads; it has no CloudTrailInputFormat for {"Records":[…]}) laid out as an
 * organization trail writes them: AWSLogs/<org-id>/<account>/CloudTrail/<region>/yyyy/MM/dd/<file>.json.
 * The mix covers what the policy distinguishes: directory and unknown accounts, deployed and other regions, IPv4 and
 * IPv6 (upper-case, IPv4-mapped hex and dotted forms, leading zeros), service names and "AWS Internal", watched,
 * excluded, temporary, empty and missing keys, VPC endpoints, read-only calls, other event types, and the blind
 * spots of the EventBridge path (the IPv4 shadow of an allowed IPv6 network, the IPv6 mirror of an allowed IPv4 one).
 */
const fs = require('fs');
const path = require('path');
const { mulberry32 } = require('./prng');

/** Bump when the generator changes, so an old corpus is regenerated. */
const CORPUS_VERSION = 1;
/** The test organization's accounts (test/helpers/config.ts BASE_ACCOUNTS) and two accounts not in its directory. */
const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555', '666666666666', '777777777777', '888888888888'];
const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];
/** Source addresses: allowed by some policy, outside, blind spots, odd spellings, and non-IP sources. */
const SOURCES = [
  '192.0.2.10',
  '192.0.2.200',
  '198.51.100.7',
  '198.51.100.200',
  '203.0.113.5',
  '203.0.113.250',
  '8.8.8.8',
  '52.94.1.1',
  '2001:db8:1000::15',
  '2001:DB8:1000:4::2',
  '2001:db8:2000::1',
  '2001:db8:abcd::9',
  '2600:1f18::1',
  'fe80::1',
  '::ffff:c000:20a',
  '::ffff:cb00:7105',
  '::ffff:203.0.113.5',
  '010.0.0.1',
  '192.000.002.010',
  '32.1.13.184',
  'c000:20a::1',
  '0.0.0.0',
  '255.255.255.255',
  '::',
  '::1',
  'AWS Internal',
  'AWS Internal/3',
  'ec2.amazonaws.com',
  'lambda.amazonaws.com',
  '',
  '2001:db8::zz',
  '1.2.3',
  '::ffff:1.2.3.4%eth0',
];
const KEYS = ['AKIAHUNTKEY000000001', 'AKIAHUNTKEY000000002', 'AKIAHUNTEXCLUDED0001', 'ASIAHUNTTEMPKEY00001', '', null];
const VPCES = [null, null, null, 'vpce-0a1b2c3d4e5f67890', 'vpce-0fedcba9876543210', ''];
const CALLS = [
  ['s3.amazonaws.com', 'ListBuckets', true],
  ['s3.amazonaws.com', 'PutObject', false],
  ['iam.amazonaws.com', 'CreateUser', false],
  ['iam.amazonaws.com', 'ListUsers', true],
  ['sts.amazonaws.com', 'GetCallerIdentity', true],
  ['sts.amazonaws.com', 'GetSessionToken', true],
  ['ec2.amazonaws.com', 'DescribeInstances', true],
  ['kms.amazonaws.com', 'Decrypt', true],
];
const HEX = '0123456789abcdef';

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}
function uuid(rand) {
  let h = '';
  for (let i = 0; i < 32; i++) h += HEX[Math.floor(rand() * 16)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** One record of `account` in `region` at `ms`. */
function record(rand, account, region, ms) {
  const [eventSource, eventName, readOnly] = pick(rand, CALLS);
  const key = pick(rand, KEYS);
  const userIdentity = {
    type: key && key.startsWith('ASIA') ? 'AssumedRole' : 'IAMUser',
    principalId: 'AIDAHUNTPRINCIPAL01',
    arn: `arn:aws:iam::${account}:user/hunt-bot`,
    accountId: account,
  };
  if (key !== null) userIdentity.accessKeyId = key;
  if (userIdentity.type === 'IAMUser') userIdentity.userName = 'hunt-bot';
  const r = {
    eventVersion: '1.09',
    userIdentity,
    eventTime: new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z'),
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: pick(rand, SOURCES),
    userAgent: 'aws-cli/2.17.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    requestParameters: readOnly ? null : { bucketName: 'b', tags: [{ key: 'team', value: 'x' }] },
    responseElements: null,
    requestID: uuid(rand),
    eventID: uuid(rand),
    readOnly,
    eventType: rand() < 0.95 ? 'AwsApiCall' : pick(rand, ['AwsServiceEvent', 'AwsConsoleSignIn']),
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
  const vpce = pick(rand, VPCES);
  if (vpce !== null) {
    r.vpcEndpointId = vpce;
    r.vpcEndpointAccountId = account;
  }
  return r;
}

/**
 * Writes `events` records (seed `seed`) under `dir` for organization `orgId`, eventTimes from 2026-10-31 to 2026-11-08;
 * returns { files, events, reused }. A record made in the last 10 minutes of a day lands in the next day's folder
 * half of the time, as late deliveries do. Reuses a complete corpus (marker file).
 */
function generateHuntCorpus(dir, events, orgId, seed = 20261101) {
  const marker = path.join(dir, '.complete');
  const stamp = `${CORPUS_VERSION}:${events}:${orgId}:${seed}`;
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === stamp) {
    return { ...JSON.parse(fs.readFileSync(path.join(dir, '.stats.json'), 'utf8')), reused: true };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const rand = mulberry32(seed);
  const start = Date.UTC(2026, 9, 31);
  const span = 9 * 86400000;
  const files = new Map();
  for (let i = 0; i < events; i++) {
    const account = pick(rand, ACCOUNTS);
    const region = pick(rand, REGIONS);
    const ms = start + Math.floor(rand() * span);
    const r = record(rand, account, region, ms);
    const late = ms % 86400000 > 86400000 - 600000 && rand() < 0.5;
    const day = new Date(late ? ms + 600000 : ms).toISOString().slice(0, 10).split('-');
    const rel = path.join('AWSLogs', orgId, account, 'CloudTrail', region, ...day, `${account}_CloudTrail_${region}_${day.join('')}.json`);
    let lines = files.get(rel);
    if (!lines) files.set(rel, (lines = []));
    lines.push(JSON.stringify(r));
  }
  for (const [rel, lines] of files) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
  }
  const stats = { files: files.size, events };
  fs.writeFileSync(path.join(dir, '.stats.json'), JSON.stringify(stats));
  fs.writeFileSync(marker, stamp);
  return { ...stats, reused: false };
}

module.exports = { generateHuntCorpus, HUNT_CORPUS_ACCOUNTS: ACCOUNTS, HUNT_CORPUS_REGIONS: REGIONS };
