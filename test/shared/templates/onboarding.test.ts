import {
  INPUT_TRANSFORMER_LIMITS,
  inputTransformerProblems,
  Locale,
  ONBOARDING_CHAT_EVENT_TYPE,
  ONBOARDING_FIELDS,
  onboardingChatTemplate,
  onboardingEmailTemplate,
  ORGANIZATIONS_LIFECYCLE_EVENTS,
  placeholdersOf,
  renderInputTransformer,
  validateInputTransformer,
} from '@keywatch/shared';
import { NEW_ACCOUNT, organizationsEvent } from '../../helpers/organizations';
import { readerLines, substitute } from './eventbridge-substitute';

const LOCALES: Locale[] = ['en', 'ja'];
const RULE = 'keywatch-central-OnboardingRule-ABC123';

/** The e-mail a reader sees for `event`, through the local engine. */
function email(event: object, locale: Locale = 'en'): string[] {
  return readerLines(renderInputTransformer(onboardingEmailTemplate({ locale }), event, { ruleName: RULE }));
}

describe('onboardingEmailTemplate / onboardingChatTemplate', () => {
  test.each(LOCALES)('are valid input transformers whose placeholders are all account-lifecycle fields (%s)', (locale) => {
    for (const spec of [onboardingEmailTemplate({ locale }), onboardingChatTemplate({ locale })]) {
      expect(inputTransformerProblems(spec)).toEqual([]);
      expect(() => validateInputTransformer(spec)).not.toThrow();
      expect(Object.keys(spec.inputPathsMap).length).toBeLessThanOrEqual(INPUT_TRANSFORMER_LIMITS.maxPaths);
      expect(spec.inputTemplate.length).toBeLessThanOrEqual(INPUT_TRANSFORMER_LIMITS.maxTemplateChars);
      for (const name of placeholdersOf(spec.inputTemplate)) {
        if (name !== 'aws.events.rule-name') {
          expect(spec.inputPathsMap[name]).toBe(ONBOARDING_FIELDS[name as keyof typeof ONBOARDING_FIELDS]);
        }
      }
    }
    for (const line of onboardingEmailTemplate({ locale }).inputTemplate.split('\n')) {
      expect(typeof JSON.parse(line)).toBe('string');
    }
  });

  test('CreateAccountResult: the new account, its creation state, the acting service, the link and what to run', () => {
    const lines = email(organizationsEvent('CreateAccountResult'));
    expect(lines[0]).toBe('keywatch: an AWS account joined, moved within or left your organization (AWS Organizations).');
    expect(lines).toContain('Event: CreateAccountResult');
    expect(lines).toContain(`Account: ${NEW_ACCOUNT}`);
    expect(lines).toContain('Creation status (CreateAccountResult): SUCCEEDED ');
    expect(lines).toContain('Name given at creation (CloudTrail usually masks it as ****): ****');
    expect(lines).toContain('By: AWS Internal ()');
    expect(lines).toContain('Management account: 111111111111');
    expect(lines).toContain('Time (UTC): 2026-11-20T08:15:29Z');
    expect(lines).toContain('https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/d1f2e3a4-0000-4000-8000-00000000beef ');
    expect(lines.find((l) => l.startsWith('2. '))).toMatch(/StackSet auto-deployment installs the keywatch sender .*automatically.*keywatch audit/);
    expect(lines.find((l) => l.startsWith('3. '))).toMatch(
      /generic template.*keywatch accounts sync, commit the accounts directory and deploy keywatch-central/,
    );
    expect(lines[lines.length - 1]).toBe(`Sent by keywatch rule: ${RULE}`);
  });

  test('a failed CreateAccountResult shows the state and the failure reason, with no account ID', () => {
    const failed = organizationsEvent('CreateAccountResult', {
      detail: { serviceEventDetails: { createAccountStatus: { id: 'car-1', state: 'FAILED', accountName: '****', failureReason: 'EMAIL_ALREADY_EXISTS' } } },
    });
    const lines = email(failed);
    expect(lines).toContain('Account: ');
    expect(lines).toContain('Creation status (CreateAccountResult): FAILED EMAIL_ALREADY_EXISTS');
  });

  test('MoveAccount: the account, where from and where to, and who did it', () => {
    const lines = email(organizationsEvent('MoveAccount'));
    expect(lines).toContain(`Account: ${NEW_ACCOUNT}`);
    expect(lines).toContain('Moved (MoveAccount) from → to: r-ab12 → ou-ab12-11111111');
    expect(lines).toContain('By: arn:aws:sts::111111111111:assumed-role/OrgAdmin/alice (AssumedRole)');
    expect(lines).toContain('Source IP: 203.0.113.50');
    expect(lines).toContain('Creation status (CreateAccountResult):  ');
  });

  test.each(['RemoveAccountFromOrganization', 'CloseAccount', 'InviteAccountToOrganization', 'AccountJoinedOrganization', 'AccountDepartedOrganization'])(
    '%s names the affected account',
    (name) => {
      expect(email(organizationsEvent(name))).toContain(`Account: ${NEW_ACCOUNT}`);
    },
  );

  test('an invitation by e-mail address shows the address; the membership events show their method in the details', () => {
    const byEmail = organizationsEvent('InviteAccountToOrganization', {
      detail: { requestParameters: { target: { type: 'EMAIL', id: 'new-team@example.com' } } },
    });
    expect(email(byEmail)).toContain('Account: new-team@example.com');
    const departed = email(organizationsEvent('AccountDepartedOrganization'));
    expect(departed.find((l) => l.startsWith('Service event details: '))).toMatch(/departedMethod.*Left/);
  });

  test('free text in the request (invitation notes) reaches the e-mail without creating placeholders', () => {
    const spec = onboardingEmailTemplate({ locale: 'en' });
    const delivered = substitute(spec, organizationsEvent('InviteAccountToOrganization'), RULE);
    expect(readerLines(delivered).find((l) => l.startsWith('Request parameters: '))).toMatch(/notes:?.*Welcome .*team.* <b>/);
    for (const name of placeholdersOf(spec.inputTemplate)) {
      expect(delivered).not.toContain(`<${name}>`);
    }
  });

  test('Japanese: Japanese labels and the same commands', () => {
    const lines = email(organizationsEvent('MoveAccount'), 'ja');
    expect(lines[0]).toBe('【keywatch】AWS アカウントの組織への参加・移動・離脱を検知しました（AWS Organizations）');
    expect(lines).toContain(`アカウント: ${NEW_ACCOUNT}`);
    expect(lines).toContain('移動 (MoveAccount) 移動元 → 移動先: r-ab12 → ou-ab12-11111111');
    expect(lines).toContain('対応手順:');
    expect(lines.join('\n')).toMatch(/keywatch audit[\s\S]*keywatch accounts sync[\s\S]*keywatch-central/);
  });

  test.each(LOCALES)('the chat notification is valid JSON for every lifecycle event, even when values are inserted unescaped (%s)', (locale) => {
    const spec = onboardingChatTemplate({ locale });
    const nasty = { accountName: 'O"Brien \\ <x>', failureReason: 'X' };
    const events = [
      ...ORGANIZATIONS_LIFECYCLE_EVENTS.map((n) => organizationsEvent(n)),
      organizationsEvent('InviteAccountToOrganization', {
        detail: { requestParameters: { notes: 'a "b" \\ c', target: { type: 'EMAIL', id: '"q\\"@example.com' } } },
      }),
      organizationsEvent('CreateAccountResult', { detail: { serviceEventDetails: { createAccountStatus: { state: 'FAILED', ...nasty } } } }),
    ];
    for (const event of events) {
      for (const delivered of [substitute(spec, event, RULE), renderInputTransformer(spec, event, { ruleName: RULE })]) {
        const n = JSON.parse(delivered);
        expect(n.version).toBe('1.0');
        expect(n.metadata.eventType).toBe(ONBOARDING_CHAT_EVENT_TYPE);
        expect(n.metadata.additionalContext).toEqual({
          account: '111111111111',
          eventName: (event.detail as { eventName: string }).eventName,
          eventID: 'd1f2e3a4-0000-4000-8000-00000000beef',
          rule: RULE,
        });
        expect(n.content.title).toContain((event.detail as { eventName: string }).eventName);
      }
    }
    const move = JSON.parse(substitute(spec, organizationsEvent('MoveAccount'), RULE));
    expect(move.content.title).toMatch(new RegExp(`: MoveAccount ${NEW_ACCOUNT}$`));
    expect(move.content.description).toContain('r-ab12 → ou-ab12-11111111');
    expect(move.content.nextSteps).toHaveLength(3);
  });

  test('the chat notification leaves out free text: no account name, invitation target or request object', () => {
    const used = Object.keys(onboardingChatTemplate({ locale: 'en' }).inputPathsMap);
    for (const field of ['createdAccountName', 'inviteTarget', 'requestParameters', 'serviceEventDetails']) {
      expect(used).not.toContain(field);
    }
  });
});
