import { alertLogTemplate, inputTransformerProblems } from '../../../packages/shared/lib/templates';
import { cloudTrailEvent, LONGEST_ACCOUNT, NASTY_ACCOUNT, PROD } from './fixtures';
import { substitute } from './eventbridge-substitute';

const FIELDS = [
  'account',
  'accountName',
  'ouPath',
  'owner',
  'accessKeyId',
  'userName',
  'arn',
  'identityType',
  'eventName',
  'eventSource',
  'region',
  'sourceIPAddress',
  'eventTime',
  'eventID',
  'readOnly',
  'vpcEndpointId',
  'rule',
];

function logged(spec = alertLogTemplate({ account: PROD }), event = cloudTrailEvent()): { timestamp: unknown; message: Record<string, string> } {
  const entry = JSON.parse(substitute(spec, event)) as { timestamp: unknown; message: string };
  expect(typeof entry.message).toBe('string');
  return { timestamp: entry.timestamp, message: JSON.parse(entry.message) as Record<string, string> };
}

describe('alertLogTemplate', () => {
  test('has exactly the {timestamp, message} shape a log-group target accepts', () => {
    for (const account of [PROD, NASTY_ACCOUNT, undefined]) {
      const spec = alertLogTemplate({ account });
      expect(inputTransformerProblems(spec)).toEqual([]);
      expect(spec.inputTemplate).toMatch(/^\{"timestamp":<time>,"message":"\{.*\}"\}$/);
      expect(Object.keys(JSON.parse(substitute(spec, cloudTrailEvent())) as object)).toEqual(['timestamp', 'message']);
      expect(spec.inputPathsMap.time).toBe('$.time');
    }
  });

  test('the message is a JSON object with the queryable fields', () => {
    const { timestamp, message } = logged();
    expect(timestamp).toBe('2026-11-20T08:15:30Z');
    expect(Object.keys(message)).toEqual(FIELDS);
    expect(message).toEqual({
      account: '111122223333',
      accountName: 'Prod Payments',
      ouPath: 'Workloads/Prod',
      owner: 'alice@example.com',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      userName: 'ci-deployer',
      arn: 'arn:aws:iam::111122223333:user/ci-deployer',
      identityType: 'IAMUser',
      eventName: 'ListUsers',
      eventSource: 'iam.amazonaws.com',
      region: 'us-east-1',
      sourceIPAddress: '203.0.113.7',
      eventTime: '2026-11-20T08:15:29Z',
      eventID: 'c0ffee00-1111-4222-8333-444455556666',
      readOnly: 'true',
      vpcEndpointId: '',
      rule: 'keywatch-Account111122223333-Alert',
    });
  });

  test('an account not in the directory logs the event account and empty directory fields', () => {
    const { message } = logged(alertLogTemplate(), { ...cloudTrailEvent(), account: '999900001111' });
    expect(message.account).toBe('999900001111');
    expect([message.accountName, message.ouPath, message.owner]).toEqual(['', '', '']);
  });

  test('directory text with quotes, backslashes, angle brackets and unicode round-trips exactly', () => {
    const { message } = logged(alertLogTemplate({ account: NASTY_ACCOUNT }));
    expect(message.accountName).toBe(NASTY_ACCOUNT.name);
    expect(message.ouPath).toBe(NASTY_ACCOUNT.ouPath);
    expect(message.owner).toBe(NASTY_ACCOUNT.owner);
  });

  test('missing fields give valid entries', () => {
    const { message } = logged(undefined, cloudTrailEvent({ vpcEndpointId: 'vpce-0abc' }, { userName: undefined }));
    expect(message.userName).toBe('');
    expect(message.vpcEndpointId).toBe('vpce-0abc');
  });

  test('a hostile user agent (quotes, forged fields) cannot break or forge the entry: the free-text user agent is not logged', () => {
    const { message } = logged(undefined, cloudTrailEvent({ userAgent: 'x","sourceIPAddress":"192.0.2.1' }));
    expect(message.sourceIPAddress).toBe('203.0.113.7');
    expect(Object.keys(message)).not.toContain('userAgent');
  });

  test('fits the InputTransformer limits with the longest directory entry', () => {
    const spec = alertLogTemplate({ account: LONGEST_ACCOUNT });
    expect(spec.inputTemplate.length).toBeLessThanOrEqual(8192);
    expect(Object.keys(spec.inputPathsMap).length).toBeLessThanOrEqual(100);
    expect(logged(spec).message.accountName).toBe(LONGEST_ACCOUNT.name);
  });
});

describe('alertLogTemplate of a rule shared by the accounts of one policy (group)', () => {
  test('one record with the account from the event and no name fields at all (not "", which means "not in the directory")', () => {
    const { message } = logged(alertLogTemplate({ group: true }), cloudTrailEvent());
    expect(Object.keys(message)).toEqual(FIELDS.filter((f) => !['accountName', 'ouPath', 'owner'].includes(f)));
    expect(message.account).toBe(cloudTrailEvent().account);
    // the fallback record keeps its empty name
    expect(logged(alertLogTemplate({}), cloudTrailEvent()).message.accountName).toBe('');
    // an account's own record is unchanged by `group`
    expect(alertLogTemplate({ account: PROD, group: true })).toEqual(alertLogTemplate({ account: PROD }));
  });
});
