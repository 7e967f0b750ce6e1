'use strict';
/**
 * Deterministic CloudTrail corpus for the benchmark: gzip files laid out as CloudTrail writes them to S3
 * (AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<rand>.json.gz),
 * RECORDS_PER_FILE records each. Mix: mostly AssumedRole ASIA keys and AWS service calls ("AWS Internal",
 * service-name source IPs), some IAMUser AKIA keys from the example's allowed networks, a few from outside.
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { mulberry32 } = require('./prng');

const RECORDS_PER_FILE = 1000;
/** Bump when the generator changes, so an old corpus in .bench/ is regenerated. */
const CORPUS_VERSION = 2;
/** The example organization's accounts (examples/accounts.yml) plus accounts not in its directory. */
const ACCOUNTS = ['111111111111', '222222222222', '222222222233', '333333333333', '444444444444', '444444444455', '555555555555', '666666666666'];
for (let i = 0; i < 12; i++) ACCOUNTS.push(String(700000000000 + i * 1234567));
/** The example's regions first (sender rules deployed), then one without. */
const REGIONS = ['us-east-1', 'us-east-1', 'eu-west-1', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'us-west-2'];
const ALLOWED_IPS = ['192.0.2.10', '192.0.2.33', '192.0.2.130', '192.0.2.200', '198.51.100.10', '2001:db8:1000::15', '2001:db8:1000:4::2'];
const SERVICES = [
  [
    's3.amazonaws.com',
    ['GetObject', 'PutObject', 'ListBuckets', 'GetBucketLocation', 'HeadObject'],
    'aws-sdk-java/2.25.0 Linux/5.10 OpenJDK_64-Bit_Server_VM/17',
  ],
  ['ec2.amazonaws.com', ['DescribeInstances', 'DescribeVolumes', 'RunInstances', 'DescribeSecurityGroups'], 'aws-sdk-go/1.50.0 (go1.22; linux; amd64)'],
  ['sts.amazonaws.com', ['AssumeRole', 'GetCallerIdentity'], 'aws-cli/2.17.0 Python/3.11.6 Linux/6.1 exe/x86_64'],
  ['kms.amazonaws.com', ['Decrypt', 'GenerateDataKey', 'Encrypt'], 'aws-internal/3 aws-sdk-java/1.12.600'],
  ['iam.amazonaws.com', ['ListRoles', 'GetRole', 'ListUsers', 'CreateAccessKey'], 'aws-cli/2.17.0 Python/3.11.6 Linux/6.1 exe/x86_64'],
  ['lambda.amazonaws.com', ['Invoke', 'GetFunction', 'ListFunctions'], 'Boto3/1.34.0 md/Botocore#1.34.0 Python/3.12.1 Linux/5.10'],
  ['dynamodb.amazonaws.com', ['DescribeTable', 'ListTables', 'UpdateTable'], 'aws-sdk-js/3.600.0 os/linux lang/js md/nodejs#20.11.0'],
];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';

function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}
function chars(rand, alphabet, n) {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}
function uuid(rand) {
  const h = chars(rand, HEX, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
function publicIp(rand) {
  return `${[3, 18, 34, 52, 54, 81, 91, 185, 203][Math.floor(rand() * 9)]}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
}

/** One CloudTrail record of `account` in `region` at `time` (ISO, seconds). */
function record(rand, account, region, time) {
  const [eventSource, names, userAgent] = pick(rand, SERVICES);
  const eventName = pick(rand, names);
  const readOnly = /^(Get|List|Describe|Head)/.test(eventName);
  const roll = rand();
  let userIdentity;
  let sourceIPAddress;
  let ua = userAgent;
  if (roll < 0.55) {
    const role = pick(rand, ['app-runtime', 'ci-deploy', 'AWSReservedSSO_Admin_0123456789abcdef', 'lambda-exec', 'ecs-task']);
    userIdentity = {
      type: 'AssumedRole',
      principalId: `AROA${chars(rand, ALNUM, 17)}:session-${chars(rand, HEX, 8)}`,
      arn: `arn:aws:sts::${account}:assumed-role/${role}/session`,
      accountId: account,
      accessKeyId: `ASIA${chars(rand, ALNUM, 16)}`,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          principalId: `AROA${chars(rand, ALNUM, 17)}`,
          arn: `arn:aws:iam::${account}:role/${role}`,
          accountId: account,
          userName: role,
        },
        attributes: { creationDate: time, mfaAuthenticated: 'false' },
      },
    };
    sourceIPAddress = rand() < 0.5 ? publicIp(rand) : pick(rand, ['AWS Internal', eventSource, 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']);
  } else if (roll < 0.9) {
    userIdentity = { type: 'AWSService', invokedBy: pick(rand, ['cloudformation.amazonaws.com', 'autoscaling.amazonaws.com', 'config.amazonaws.com']) };
    sourceIPAddress = rand() < 0.5 ? 'AWS Internal' : userIdentity.invokedBy;
    ua = userIdentity.invokedBy;
  } else {
    // long-term keys are few: one per (account, user), derived from both
    const userIndex = Math.floor(rand() * 4);
    const user = ['deploy-bot', 'backup', 'terraform', 'reporting'][userIndex];
    const key = `AKIA${account.slice(-8)}${'USERKEY'.slice(0, 7)}${userIndex}`;
    userIdentity = {
      type: 'IAMUser',
      principalId: `AIDA${chars(rand, ALNUM, 17)}`,
      arn: `arn:aws:iam::${account}:user/${user}`,
      accountId: account,
      accessKeyId: key,
      userName: user,
    };
    sourceIPAddress = rand() < 0.99 ? pick(rand, ALLOWED_IPS) : publicIp(rand);
  }
  return {
    eventVersion: '1.09',
    userIdentity,
    eventTime: time,
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress,
    userAgent: ua,
    requestParameters: readOnly ? null : { resourceId: `r-${chars(rand, HEX, 12)}`, tags: [{ key: 'team', value: 'platform' }] },
    responseElements: null,
    requestID: uuid(rand),
    eventID: uuid(rand),
    readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    tlsDetails: {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: `${eventSource.split('.')[0]}.${region}.amazonaws.com`,
    },
  };
}

/** Writes `events` records (seed `seed`) under `dir`; returns the file count. Reuses a complete corpus (marker file). */
function generateCorpus(dir, events, seed = 20261120) {
  const marker = path.join(dir, '.complete');
  const stamp = `${CORPUS_VERSION}:${events}:${seed}`;
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === stamp) return { files: Math.ceil(events / RECORDS_PER_FILE), reused: true };
  fs.rmSync(dir, { recursive: true, force: true });
  const rand = mulberry32(seed);
  const files = Math.ceil(events / RECORDS_PER_FILE);
  const start = Date.UTC(2026, 10, 1);
  for (let f = 0; f < files; f++) {
    const account = pick(rand, ACCOUNTS);
    const region = pick(rand, REGIONS);
    const t0 = start + Math.floor((f / files) * 28 * 86400000);
    const d = new Date(t0);
    const stamp = d.toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
    const day = d.toISOString().slice(0, 10).split('-');
    const n = Math.min(RECORDS_PER_FILE, events - f * RECORDS_PER_FILE);
    const records = new Array(n);
    for (let i = 0; i < n; i++) records[i] = record(rand, account, region, new Date(t0 + Math.floor(rand() * 300000)).toISOString().replace(/\.\d+Z$/, 'Z'));
    const rel = path.join('AWSLogs', account, 'CloudTrail', region, ...day, `${account}_CloudTrail_${region}_${stamp}_${chars(rand, ALNUM, 16)}.json.gz`);
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, zlib.gzipSync(JSON.stringify({ Records: records }), { level: 6 }));
  }
  fs.writeFileSync(marker, stamp);
  return { files, reused: false };
}

module.exports = { generateCorpus, record, RECORDS_PER_FILE };
