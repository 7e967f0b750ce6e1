import { cloudTrailToEventBridge, deliversTo, matchesEventPattern } from '../../../packages/shared/lib/engine';

const record = {
  eventVersion: '1.09',
  eventTime: '2026-11-20T10:00:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'ListUsers',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.7',
  eventID: 'e1b2c3d4-0000-4000-8000-000000000001',
  readOnly: true,
  eventType: 'AwsApiCall',
  managementEvent: true,
  eventCategory: 'Management',
  recipientAccountId: '111111111111',
  userIdentity: { type: 'IAMUser', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
};

describe('cloudTrailToEventBridge', () => {
  test('builds the EventBridge envelope', () => {
    const e = cloudTrailToEventBridge(record);
    expect(e).toMatchObject({
      version: '0',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.iam',
      account: '111111111111',
      time: record.eventTime,
      region: 'us-east-1',
      resources: [],
      detail: record,
    });
    expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(cloudTrailToEventBridge(record).id).toBe(e.id);
    expect(cloudTrailToEventBridge({ ...record, eventID: 'other' }).id).not.toBe(e.id);
    expect(matchesEventPattern({ 'detail-type': ['AWS API Call via CloudTrail'], detail: { userIdentity: { accessKeyId: [{ prefix: 'AKIA' }] } } }, e)).toBe(
      true,
    );
  });

  test.each([
    ['AwsConsoleSignIn', 'signin.amazonaws.com', 'AWS Console Sign In via CloudTrail', 'aws.signin'],
    ['AwsServiceEvent', 'kms.amazonaws.com', 'AWS Service Event via CloudTrail', 'aws.kms'],
  ])('%s from %s', (eventType, eventSource, detailType, source) => {
    expect(cloudTrailToEventBridge({ ...record, eventType, eventSource })).toMatchObject({ 'detail-type': detailType, source });
  });

  test('rejects records that are not CloudTrail events', () => {
    expect(() => cloudTrailToEventBridge({ ...record, eventType: 'Nope' })).toThrow(/'eventType' must be one of/);
    expect(() => cloudTrailToEventBridge({ ...record, recipientAccountId: undefined })).toThrow(/'recipientAccountId' must be a non-empty string/);
  });
});

describe('deliversTo', () => {
  const readOnly = cloudTrailToEventBridge(record);
  const write = cloudTrailToEventBridge({ ...record, eventName: 'CreateUser', readOnly: false });
  const getSessionToken = cloudTrailToEventBridge({ ...record, eventSource: 'sts.amazonaws.com', eventName: 'GetSessionToken' });

  test('ENABLED skips read-only management events except STS GetSessionToken/GetFederationToken', () => {
    expect(deliversTo({ state: 'ENABLED' }, readOnly)).toBe(false);
    expect(deliversTo({ state: 'ENABLED' }, write)).toBe(true);
    expect(deliversTo({ state: 'ENABLED' }, getSessionToken)).toBe(true);
  });

  test('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS gets everything; DISABLED nothing', () => {
    expect(deliversTo({ state: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' }, readOnly)).toBe(true);
    expect(deliversTo({ state: 'DISABLED' }, write)).toBe(false);
  });
});
