import { cloudTrailToEventBridge, deliversTo } from '@keywatch/shared';
import { loadSimulationRules, type SimulationRules } from '../../packages/cli/lib/simulate';
import { buildExample } from '../helpers/synth';
import { SEMANTICS } from '../helpers/ip-semantics';

/**
 * Genuine CloudTrail events that a principal of a member account forwards to the receiver bus by a rule of its own
 * (not keywatch's sender, so none of the sender's filtering applied). The bus policy admits only keywatch's
 * forwarding roles; these tests hold the central rules to re-checking what they can (defence in depth).
 */
function forged(o: { key: string; type: string; ip: string; id: string; account?: string; session?: boolean }) {
  const account = o.account ?? '555555555555';
  return cloudTrailToEventBridge({
    eventVersion: '1.09',
    userIdentity: {
      type: o.type,
      principalId: 'AROAEXAMPLEROLE:session',
      arn: o.type === 'AssumedRole' ? `arn:aws:sts::${account}:assumed-role/app/session` : `arn:aws:iam::${account}:user/ci`,
      accountId: account,
      accessKeyId: o.key,
      ...(o.type === 'AssumedRole' || o.session ? { sessionContext: { attributes: { creationDate: '2026-11-20T08:00:00Z', mfaAuthenticated: 'false' } } } : {}),
    },
    eventTime: '2026-11-20T08:15:30Z',
    eventSource: 's3.amazonaws.com',
    eventName: 'ListBuckets',
    awsRegion: 'eu-central-1',
    sourceIPAddress: o.ip,
    userAgent: 'aws-sdk',
    requestID: 'R',
    eventID: o.id,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  });
}

describe.each(SEMANTICS)('events forwarded to the receiver bus outside keywatch’s sender (%s IP semantics)', (semantics) => {
  let rules: SimulationRules;
  beforeAll(() => {
    // GIVEN the example organization (watch: long-term keys with one excluded key; account 555555555555 has no extra networks)
    rules = loadSimulationRules(buildExample().app.synth().directory, { ipSemantics: semantics });
  });
  /** The alert rules of the receiver bus the event matches when put straight on that bus. */
  const centralMatches = (event: ReturnType<typeof forged>) => rules.central.filter((r) => deliversTo(r, event) && r.matcher.matches(event)).map((r) => r.name);

  test('a role’s temporary (ASIA) key from an allowed office address does not alert', () => {
    expect(centralMatches(forged({ key: 'ASIAIOSFODNN7EXAMPLE', type: 'AssumedRole', ip: '192.0.2.10', id: 'f-1' }))).toEqual([]);
  });

  test('a role’s temporary (ASIA) key from an unlisted address does not alert', () => {
    expect(centralMatches(forged({ key: 'ASIAIOSFODNN7EXAMPLE', type: 'AssumedRole', ip: '198.51.100.77', id: 'f-2' }))).toEqual([]);
  });

  test('an IAM user’s or root user’s temporary (ASIA) key, with its session context, does not alert from an unlisted or an allowed address', () => {
    for (const [type, ip, id] of [
      ['IAMUser', '198.51.100.77', 'f-8'],
      ['IAMUser', '192.0.2.10', 'f-9'],
      ['Root', '2001:db8:9999::1', 'f-10'],
    ]) {
      expect(centralMatches(forged({ key: 'ASIAIOSFODNN7EXAMPLE', type, ip, id, session: true }))).toEqual([]);
    }
  });

  test('an IAM user’s long-term key recorded with a session context (as in AWS’s console sample) still alerts, and an empty key never does', () => {
    expect(centralMatches(forged({ key: 'AKIAIOSFODNN7EXAMPLE', type: 'IAMUser', ip: '198.51.100.77', id: 'f-11', session: true }))).toHaveLength(1);
    expect(centralMatches(forged({ key: '', type: 'IAMUser', ip: '198.51.100.77', id: 'f-12' }))).toEqual([]);
  });

  test('the excluded long-term key does not alert', () => {
    expect(centralMatches(forged({ key: 'AKIAEXAMPLEBACKUP001', type: 'IAMUser', ip: '198.51.100.77', id: 'f-13' }))).toEqual([]);
  });

  test('an AWS service calling with a watched key (no IP address) does not alert', () => {
    expect(centralMatches(forged({ key: 'AKIAIOSFODNN7EXAMPLE', type: 'IAMUser', ip: 'ec2.amazonaws.com', id: 'f-3' }))).toEqual([]);
    expect(centralMatches(forged({ key: 'AKIAIOSFODNN7EXAMPLE', type: 'IAMUser', ip: 'AWS Internal/3', id: 'f-4' }))).toEqual([]);
  });

  test('a genuine forwarded alert (IAM user long-term key, unlisted address) still alerts exactly once', () => {
    expect(centralMatches(forged({ key: 'AKIAIOSFODNN7EXAMPLE', type: 'IAMUser', ip: '198.51.100.77', id: 'f-5' }))).toHaveLength(1);
    expect(centralMatches(forged({ key: 'AKIAIOSFODNN7EXAMPLE', type: 'Root', ip: '2001:db8:9999::1', id: 'f-6' }))).toHaveLength(1);
    // an account not in the directory, through the fallback rules
    expect(centralMatches(forged({ key: 'AKIAIOSFODNN7EXAMPLE', type: 'IAMUser', ip: '198.51.100.77', id: 'f-7', account: '777777777777' }))).toHaveLength(1);
  });
});
