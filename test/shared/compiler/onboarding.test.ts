import {
  matchesEventPattern,
  onboardingCentralRule,
  onboardingForwardRule,
  onboardingPlacement,
  stackSetCallAs,
  stackSetHostRegion,
  organizationsEventRegion,
  organizationsLifecyclePattern,
  ORGANIZATIONS_LIFECYCLE_EVENTS,
  serializedLength,
  validateEventPattern,
} from '@keywatch/shared';
import { eventRulerAvailability, runEventRuler } from '../../helpers/event-ruler';
import { MANAGEMENT, organizationsEvent } from '../../helpers/organizations';

const FORWARD = organizationsLifecyclePattern();
const CENTRAL = organizationsLifecyclePattern({ account: MANAGEMENT });

describe('organizationsLifecyclePattern', () => {
  test('is exactly the documented pattern: source, both CloudTrail detail-types, event source, names, no error', () => {
    expect(CENTRAL).toEqual({
      source: ['aws.organizations'],
      'detail-type': ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'],
      account: ['111111111111'],
      detail: {
        eventSource: ['organizations.amazonaws.com'],
        eventName: [
          'CreateAccountResult',
          'InviteAccountToOrganization',
          'AcceptHandshake',
          'MoveAccount',
          'RemoveAccountFromOrganization',
          'CloseAccount',
          'AccountJoinedOrganization',
          'AccountDepartedOrganization',
        ],
        errorCode: [{ exists: false }],
      },
    });
    expect(FORWARD).not.toHaveProperty('account');
  });

  test('is a valid EventBridge pattern well within the size quota', () => {
    for (const p of [FORWARD, CENTRAL]) {
      expect(() => validateEventPattern(p)).not.toThrow();
      expect(serializedLength(p)).toBeLessThan(600);
    }
  });

  test.each([...ORGANIZATIONS_LIFECYCLE_EVENTS])('matches %s as the management account records it', (name) => {
    const event = organizationsEvent(name);
    expect(matchesEventPattern(FORWARD, event)).toBe(true);
    expect(matchesEventPattern(CENTRAL, event)).toBe(true);
  });

  test('matches CreateAccountResult as a service event and the API calls as API calls, whichever detail-type they carry', () => {
    expect(organizationsEvent('CreateAccountResult')['detail-type']).toBe('AWS Service Event via CloudTrail');
    expect(organizationsEvent('MoveAccount')['detail-type']).toBe('AWS API Call via CloudTrail');
    expect(matchesEventPattern(CENTRAL, organizationsEvent('AccountJoinedOrganization', { detailType: 'AWS API Call via CloudTrail' }))).toBe(true);
  });

  test.each([
    'ListAccounts',
    'DescribeOrganization',
    'DescribeAccount',
    'CreateAccount',
    'CloseAccountResult',
    'CreateOrganizationalUnit',
    'AttachPolicy',
    'LeaveOrganization',
    'EffectivePolicyValidation',
  ])('does not match %s', (name) => {
    expect(matchesEventPattern(FORWARD, organizationsEvent(name))).toBe(false);
  });

  test('does not match the same event names from another source, event source or detail-type', () => {
    expect(matchesEventPattern(FORWARD, organizationsEvent('MoveAccount', { source: 'aws.iam' }))).toBe(false);
    expect(matchesEventPattern(FORWARD, organizationsEvent('MoveAccount', { source: 'custom.organizations' }))).toBe(false);
    expect(matchesEventPattern(FORWARD, organizationsEvent('MoveAccount', { detail: { eventSource: 'iam.amazonaws.com' } }))).toBe(false);
    expect(matchesEventPattern(FORWARD, organizationsEvent('MoveAccount', { detailType: 'AWS Console Sign In via CloudTrail' }))).toBe(false);
    expect(matchesEventPattern(FORWARD, organizationsEvent('moveaccount'))).toBe(false);
  });

  test('does not match a refused call, which changed nothing', () => {
    expect(matchesEventPattern(FORWARD, organizationsEvent('CloseAccount', { errorCode: 'AccessDenied' }))).toBe(false);
    expect(matchesEventPattern(FORWARD, organizationsEvent('CloseAccount', { errorCode: 'ConstraintViolationException' }))).toBe(false);
  });

  test('the central pattern accepts the management account only', () => {
    expect(matchesEventPattern(CENTRAL, organizationsEvent('MoveAccount', { account: '444444444444' }))).toBe(false);
    expect(matchesEventPattern(FORWARD, organizationsEvent('MoveAccount', { account: '444444444444' }))).toBe(true);
  });

  test('rejects a malformed account', () => {
    expect(() => organizationsLifecyclePattern({ account: '1111' })).toThrow("'account' must be a 12-digit AWS account ID; got '1111'");
  });
});

describe('onboarding rules', () => {
  test('the forward and central rules carry the patterns, their sizes and construct-safe ids', () => {
    const forward = onboardingForwardRule();
    const central = onboardingCentralRule(MANAGEMENT);
    expect(forward).toMatchObject({ id: 'Onboarding', pattern: FORWARD, patternChars: serializedLength(FORWARD) });
    expect(central).toMatchObject({ id: 'Onboarding', pattern: CENTRAL, patternChars: serializedLength(CENTRAL) });
    expect(central.description).toContain(MANAGEMENT);
    for (const r of [forward, central]) {
      expect(r.description.length).toBeLessThanOrEqual(512);
    }
  });
});

describe('organizationsEventRegion / onboardingPlacement', () => {
  test('Organizations records its events in us-east-1, cn-northwest-1 or us-gov-west-1 by partition', () => {
    expect(organizationsEventRegion('eu-west-1')).toBe('us-east-1');
    expect(organizationsEventRegion('us-east-1')).toBe('us-east-1');
    expect(organizationsEventRegion('cn-north-1')).toBe('cn-northwest-1');
    expect(organizationsEventRegion('us-gov-east-1')).toBe('us-gov-west-1');
  });

  test('places the forwarding rule in us-east-1 when it is deployed, wherever it sits in the list', () => {
    expect(onboardingPlacement(['eu-west-1', 'us-east-1'], 'eu-west-1')).toEqual({ region: 'us-east-1' });
  });

  test('places it nowhere, with a warning naming the region to add, when us-east-1 is not deployed', () => {
    const p = onboardingPlacement(['eu-west-1', 'eu-central-1'], 'eu-west-1');
    expect(p.region).toBeUndefined();
    expect(p.warning).toMatch(/^deployment\.regions does not include us-east-1, where AWS Organizations records its CloudTrail events.*add us-east-1$/);
  });
});

const oracle = eventRulerAvailability();
if (oracle === 'fail') {
  throw new Error('KEYWATCH_EVENT_RULER_CP is not set in CI: run scripts/oracles/event-ruler.sh and source .oracles/env.d/event-ruler.sh');
}
(oracle === 'run' ? describe : describe.skip)('aws/event-ruler agrees (oracle)', () => {
  test('on every positive and negative Organizations event above', async () => {
    const names = [...ORGANIZATIONS_LIFECYCLE_EVENTS, 'ListAccounts', 'DescribeOrganization', 'CreateAccount', 'LeaveOrganization', 'CloseAccountResult'];
    const events = [
      ...names.map((n) => organizationsEvent(n)),
      organizationsEvent('CloseAccount', { errorCode: 'AccessDenied' }),
      organizationsEvent('MoveAccount', { source: 'aws.iam' }),
      organizationsEvent('MoveAccount', { account: '444444444444' }),
      organizationsEvent('AccountJoinedOrganization', { detailType: 'AWS API Call via CloudTrail' }),
    ];
    const pairs = [FORWARD, CENTRAL].flatMap((p) => events.map((e) => ({ pattern: JSON.stringify(p), event: JSON.stringify(e) })));
    const verdicts = await runEventRuler(pairs);
    expect(verdicts).toEqual(pairs.map((p) => ({ result: matchesEventPattern(p.pattern, p.event) })));
    expect(verdicts.filter((v) => 'result' in v && v.result)).toHaveLength(ORGANIZATIONS_LIFECYCLE_EVENTS.length * 2 + 1 + 2);
  });
});

describe('stackSetHostRegion / stackSetCallAs', () => {
  const input = (delegatedAdmin: boolean, regions: string[]) => ({ deployment: { delegatedAdmin, regions }, central: { region: 'eu-west-1' } });

  test.each([
    ['a delegated administrator: the central region', true, ['us-east-1'], 'eu-west-1', 'DELEGATED_ADMIN'],
    ['the management stack of the central region when deployed', false, ['us-east-1', 'eu-west-1'], 'eu-west-1', 'SELF'],
    ['else the management stack of the first deployment region', false, ['us-east-1', 'ap-northeast-1'], 'us-east-1', 'SELF'],
  ])('%s', (_name, delegatedAdmin, regions, region, callAs) => {
    expect(stackSetHostRegion(input(delegatedAdmin, regions))).toBe(region);
    expect(stackSetCallAs(input(delegatedAdmin, regions))).toBe(callAs);
  });
});
