// eslint-disable-next-line @typescript-eslint/no-require-imports
const { mulberry32 } = require('../../scripts/bench/prng') as { mulberry32: (seed?: number) => () => number };

/**
 * A generated CloudTrail corpus with known ground truth for `keywatch allowlist suggest`: networks planted per account
 * (and one every account uses), noise that must never be suggested (unwatched and excluded keys, non-IP sources, an
 * AWS service address and a private address per test/fixtures/aws-ip-ranges, calls already allowed), one-off
 * stragglers and an attacker seen on one day; held-back attacker calls come after the training week.
 */

/** One call of the plan, before it is written as a CloudTrail record. */
export interface PlannedCall {
  readonly account: string;
  readonly key: string;
  readonly ip: string;
  readonly time: string;
  readonly eventName: string;
  readonly user: string;
  readonly vpcEndpointId?: string;
}

export const SHOP_PROD = '444444444444';
export const SHOP_DEV = '555555555555';
export const SANDBOX = '666666666666';
export const EXCLUDED_KEY = 'AKIAEXCLUDEDKEY00001';
export const ATTACKER_IP = '198.18.77.7';
/** An address in the fixture's S3 range (an AWS service network). */
export const AWS_SERVICE_IP = '198.18.0.77';
/** An address in the fixture's EC2 range (customer compute, a cloud network). */
export const EC2_IP = '198.19.0.25';

/** What a correct suggestion proposes at the default thresholds, written down from the plan below. */
export const TRUTH = {
  organization: ['198.51.100.0/24'],
  accounts: {
    [SHOP_PROD]: ['198.19.0.25/32', '203.0.112.0/23'],
    [SHOP_DEV]: ['198.18.30.0/24', '2001:db8:5555::/48'],
  } as Record<string, string[]>,
  /** shop-dev's home network is used by one of its two keys only. */
  onlyKey: { network: '198.18.30.0/24', key: 'AKIADEVHOME000000001' },
  neverSuggested: [ATTACKER_IP, AWS_SERVICE_IP, '10.1.2.3', '203.0.114.9', '198.18.100.1', '198.18.150.1'],
};

/** The training week: 2026-11-16 to 2026-11-22 (UTC). */
export const TRAINING_DAYS = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'];

const KEYS = { [SHOP_PROD]: 'AKIAPRODCI0000000001', [SHOP_DEV]: 'AKIADEVCI00000000001', [SANDBOX]: 'AKIASANDBOXALICE0001' } as Record<string, string>;
const EVENTS = ['ListBuckets', 'GetObject', 'DescribeInstances', 'GetCallerIdentity', 'PutObject'];

/** The training calls and the held-back attacker calls, deterministic for a seed. */
export function plantedCorpus(seed = 7): { training: PlannedCall[]; heldBack: PlannedCall[] } {
  const rand = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const at = (day: string): string => `${day}T${String(6 + Math.floor(rand() * 14)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00Z`;
  const training: PlannedCall[] = [];
  const call = (account: string, key: string, ip: string, day: string, extra: Partial<PlannedCall> = {}): void => {
    training.push({ account, key, ip, time: at(day), eventName: pick(EVENTS), user: key === KEYS[account] ? 'ci-bot' : 'alice', ...extra });
  };
  for (const day of TRAINING_DAYS) {
    for (const account of [SHOP_PROD, SHOP_DEV, SANDBOX]) {
      for (let i = 0; i < 3; i++) call(account, KEYS[account], `198.51.100.${10 + Math.floor(rand() * 30)}`, day); // office, every account
      call(account, KEYS[account], `192.0.2.${1 + Math.floor(rand() * 200)}`, day); // already allowed
      call(account, `ASIATEMPORARY${String(Math.floor(rand() * 1e6)).padStart(7, '0')}`, `198.18.100.${1 + Math.floor(rand() * 50)}`, day); // unwatched
      call(account, EXCLUDED_KEY, `198.18.150.${1 + Math.floor(rand() * 50)}`, day); // excluded key
      call(account, KEYS[account], pick(['ec2.amazonaws.com', 'AWS Internal/3', 'cloudformation.amazonaws.com']), day); // non-IP
      call(account, KEYS[account], AWS_SERVICE_IP, day); // AWS service network
      call(account, KEYS[account], '10.1.2.3', day, { vpcEndpointId: 'vpce-0123456789abcdef0' }); // private, endpoint not allowed
    }
    // shop-prod: CI in two adjacent /24s, and an EC2 NAT address
    call(SHOP_PROD, KEYS[SHOP_PROD], `203.0.112.${1 + Math.floor(rand() * 250)}`, day);
    call(SHOP_PROD, KEYS[SHOP_PROD], `203.0.113.${1 + Math.floor(rand() * 120)}`, day);
    call(SHOP_PROD, KEYS[SHOP_PROD], EC2_IP, day);
    // shop-dev: CI over IPv6, and a developer's home network used by their own key only
    call(SHOP_DEV, KEYS[SHOP_DEV], `2001:db8:5555:${(1 + Math.floor(rand() * 9)).toString(16)}::${(1 + Math.floor(rand() * 4000)).toString(16)}`, day);
    call(SHOP_DEV, 'AKIADEVHOME000000001', `198.18.30.${1 + Math.floor(rand() * 250)}`, day);
  }
  for (let i = 0; i < 4; i++)
    call(SHOP_PROD, KEYS[SHOP_PROD], ATTACKER_IP, '2026-11-19', { eventName: ['GetCallerIdentity', 'ListUsers', 'ListBuckets', 'ListRoles'][i] });
  call(SANDBOX, KEYS[SANDBOX], '203.0.114.9', '2026-11-20'); // a one-off straggler
  const heldBack: PlannedCall[] = ['GetCallerIdentity', 'ListAccessKeys', 'CreateAccessKey'].map((eventName, i) => ({
    account: SHOP_PROD,
    key: KEYS[SHOP_PROD],
    ip: ATTACKER_IP,
    time: `2026-11-24T03:0${i}:00Z`,
    eventName,
    user: 'ci-bot',
  }));
  training.sort((a, b) => a.time.localeCompare(b.time));
  return { training, heldBack };
}

/** A planned call as the CloudTrail record CloudTrail would write (eventID from `n`). */
export function cloudTrailRecord(c: PlannedCall, n: number): Record<string, unknown> {
  const type = c.key.startsWith('ASIA') ? 'AssumedRole' : 'IAMUser';
  const userIdentity: Record<string, unknown> = {
    type,
    principalId: 'AIDAEXAMPLEPRINCIPAL1',
    arn: `arn:aws:iam::${c.account}:user/${c.user}`,
    accountId: c.account,
    accessKeyId: c.key,
  };
  if (type === 'IAMUser') userIdentity.userName = c.user;
  const record: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity,
    eventTime: c.time,
    eventSource:
      c.eventName === 'DescribeInstances'
        ? 'ec2.amazonaws.com'
        : c.eventName.endsWith('Object') || c.eventName === 'ListBuckets'
          ? 's3.amazonaws.com'
          : 'iam.amazonaws.com',
    eventName: c.eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: c.ip,
    userAgent: 'aws-cli/2.17.0',
    requestParameters: null,
    responseElements: null,
    requestID: `REQ-${n}`,
    eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: c.account,
    eventCategory: 'Management',
  };
  if (c.vpcEndpointId !== undefined) record.vpcEndpointId = c.vpcEndpointId;
  return record;
}
