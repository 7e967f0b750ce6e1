import type { AccountIdentity } from '../../../packages/shared/lib/compiler/types';
import { chatTemplate, CHAT_EVENT_TYPE, inputTransformerProblems, Locale } from '../../../packages/shared/lib/templates';
import { cloudTrailEvent, LONGEST_ACCOUNT, NASTY_ACCOUNT, NASTY_USER_AGENT, PROD } from './fixtures';
import { substitute } from './eventbridge-substitute';

const LOCALES: Locale[] = ['en', 'ja'];

interface ChatNotification {
  version: string;
  source: string;
  content: { textType: string; title: string; description: string; nextSteps: string[]; keywords: string[] };
  metadata: { summary: string; eventType: string; relatedResources: string[]; additionalContext: Record<string, string> };
}

/** What Chatbot receives; `account` null renders the fallback template. */
function deliver(locale: Locale, account: AccountIdentity | null = PROD, event = cloudTrailEvent()): ChatNotification {
  return JSON.parse(substitute(chatTemplate({ locale, account: account ?? undefined }), event)) as ChatNotification;
}

describe('chatTemplate', () => {
  test.each(LOCALES)('is an AWS Chatbot custom notification (%s)', (locale) => {
    const n = deliver(locale);
    expect(n.version).toBe('1.0');
    expect(n.source).toBe('custom');
    expect(n.content.textType).toBe('client-markdown');
    expect(n.metadata.eventType).toBe(CHAT_EVENT_TYPE);
    expect(n.content.keywords).toEqual(['AKIAIOSFODNN7EXAMPLE', 'us-east-1', '111122223333']);
    expect(n.metadata.relatedResources).toEqual(['arn:aws:iam::111122223333:user/ci-deployer']);
    expect(n.metadata.additionalContext.rule).toBe('keywatch-Account111122223333-Alert');
  });

  test('the description carries the account, key, source, call, time and link', () => {
    const d = deliver('en').content.description.split('\n');
    expect(d[0]).toBe('*Account:* 111122223333 (Prod Payments)');
    expect(d).toContain('*Owner:* alice@example.com');
    expect(d).toContain('*Access key:* `AKIAIOSFODNN7EXAMPLE`');
    expect(d).toContain('*Source IP:* `203.0.113.7`');
    expect(d).toContain('*API call:* `ListUsers` on `iam.amazonaws.com` (read-only: true)');
    expect(d.at(-1)).toMatch(
      /member account 111122223333.*https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudtrailv2\/home\?region=us-east-1#\/events\/c0ffee00-1111-4222-8333-444455556666$/,
    );
    expect(deliver('en').content.nextSteps[1]).toContain(
      '`aws iam update-access-key --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive --user-name ci-deployer`',
    );
  });

  test('Japanese title carries the original alert sentence', () => {
    expect(deliver('ja').content.title).toBe('通常とは異なる IP アドレスからのアクセスキー利用を検知しました: Prod Payments (111122223333)');
  });

  test.each(LOCALES)('the caller-chosen user agent is never copied into the chat message, whatever its content and length (%s)', (locale) => {
    // untrusted and unbounded: a 100 KB user agent would push the message over Chatbot's size limit and lose the alert
    const n = deliver(locale, PROD, cloudTrailEvent({ userAgent: `${NASTY_USER_AGENT}\nAPPROVED PENTEST${'A'.repeat(100_000)}` }));
    expect(JSON.stringify(n)).not.toContain('APPROVED PENTEST');
    expect(n.metadata.additionalContext).not.toHaveProperty('userAgent');
  });

  test('the same user agent inside a JSON string would break the message (why it is kept out of text)', () => {
    const naive = { inputPathsMap: { ua: '$.detail.userAgent' }, inputTemplate: '{"description":"UA: <ua>"}' };
    expect(() => JSON.parse(substitute(naive, cloudTrailEvent({ userAgent: NASTY_USER_AGENT })))).toThrow();
  });

  test('missing fields become empty strings and the JSON stays valid', () => {
    const n = deliver('en', PROD, cloudTrailEvent({ vpcEndpointId: undefined }, { userName: undefined, arn: undefined }));
    expect(n.metadata.relatedResources).toEqual(['']);
    expect(n.content.description).toContain('*VPC endpoint:* \n');
  });

  test('account text with quotes and angle brackets round-trips exactly and creates no placeholder', () => {
    const spec = chatTemplate({ locale: 'en', account: NASTY_ACCOUNT });
    expect(inputTransformerProblems(spec)).toEqual([]);
    expect(spec.inputTemplate).not.toContain('<team>');
    const n = deliver('en', NASTY_ACCOUNT);
    expect(n.content.title).toBe('Access key used from an unexpected IP address: O"Brien <team> \\ 決済 (444455556666)');
    expect(n.content.description).toContain('*OU:* Workloads/<Prod>');
    expect(n.content.nextSteps[0]).toBe('1. Ask the owner (Bob "B" <bob@example.com>) whether this use of the key was expected.');
  });

  test('an account not in the directory takes its id from the event', () => {
    const n = deliver('en', null, { ...cloudTrailEvent(), account: '999900001111' });
    expect(n.content.title).toBe('Access key used from an unexpected IP address: 999900001111');
    expect(n.content.description.split('\n')[0]).toBe('*Account:* 999900001111 (not yet in the accounts directory; run: keywatch accounts sync)');
    expect(n.content.keywords).toContain('999900001111');
    expect(n.metadata.additionalContext.account).toBe('999900001111');
  });

  test.each(LOCALES)('fits the InputTransformer limits with the longest directory entry (%s)', (locale) => {
    const spec = chatTemplate({ locale, account: LONGEST_ACCOUNT });
    expect(Object.keys(spec.inputPathsMap).length).toBeLessThanOrEqual(100);
    expect(spec.inputTemplate.length).toBeLessThanOrEqual(8192);
    expect(inputTransformerProblems(spec)).toEqual([]);
    expect(() => JSON.parse(substitute(spec, cloudTrailEvent()))).not.toThrow();
  });
});
