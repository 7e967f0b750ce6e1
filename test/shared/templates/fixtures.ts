import type { AccountIdentity } from '../../../packages/shared/lib/compiler/types';

/** A known account from the directory. */
export const PROD: AccountIdentity = { id: '111122223333', name: 'Prod Payments', ouPath: 'Workloads/Prod', owner: 'alice@example.com' };

/** A directory entry whose text would break a naive template: quotes, angle brackets, backslash, unicode. */
export const NASTY_ACCOUNT: AccountIdentity = {
  id: '444455556666',
  name: 'O"Brien <team> \\ 決済',
  ouPath: 'Workloads/<Prod>',
  owner: 'Bob "B" <bob@example.com>',
};

/** Worst case the directory allows for the name (50 chars), with OU names of 128 chars nested five deep and a long owner. */
export const LONGEST_ACCOUNT: AccountIdentity = {
  id: '777788889999',
  name: '"<'.repeat(25),
  ouPath: Array.from({ length: 5 }, () => '<"'.repeat(64)).join('/'),
  owner: '"<>\\'.repeat(64),
};

/** An "AWS API Call via CloudTrail" event as EventBridge delivers it, with `overrides` merged into detail. */
export function cloudTrailEvent(overrides: Record<string, unknown> = {}, userIdentity: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: '6f7a1b2c-0000-4000-8000-000000000001',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.iam',
    account: '111122223333',
    time: '2026-11-20T08:15:30Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      eventVersion: '1.10',
      userIdentity: {
        type: 'IAMUser',
        principalId: 'AIDAEXAMPLE',
        arn: 'arn:aws:iam::111122223333:user/ci-deployer',
        accountId: '111122223333',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        userName: 'ci-deployer',
        ...userIdentity,
      },
      eventTime: '2026-11-20T08:15:29Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'ListUsers',
      awsRegion: 'us-east-1',
      sourceIPAddress: '203.0.113.7',
      userAgent: 'aws-cli/2.17.0 md/Botocore#1.34',
      requestParameters: null,
      responseElements: null,
      requestID: 'req-1',
      eventID: 'c0ffee00-1111-4222-8333-444455556666',
      readOnly: true,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '111122223333',
      eventCategory: 'Management',
      ...overrides,
    },
  };
}

/** A user agent with everything that breaks naive escaping. */
export const NASTY_USER_AGENT = 'evil "agent" C:\\tools\\x \u2028 ünïcode 😀';
