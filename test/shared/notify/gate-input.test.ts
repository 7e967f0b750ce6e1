import { chatTemplate, emailTemplate, INPUT_TRANSFORMER_LIMITS, notifyGateTemplate, renderInputTransformer } from '@keywatch/shared';
import { apiCallEvent } from '../../helpers/cloudtrail';

const account = { id: '444444444444', name: 'shop-prod', ouPath: 'Workloads/Prod', owner: 'shop-team@example.com' };
const ctx = { ruleName: 'R', ruleArn: 'arn:aws:events:eu-west-1:222222222222:rule/keywatch-receiver/R' };

describe('notifyGateTemplate', () => {
  test.each(['en', 'ja'] as const)(
    'renders (local EventBridge engine) to JSON with the dedup key and the e-mail and chat texts of the direct targets (%s)',
    (locale) => {
      const event = apiCallEvent({ sourceIp: '2001:db8::7' });
      const input = JSON.parse(renderInputTransformer(notifyGateTemplate({ locale, account, chat: true, recipients: true }), event, ctx));
      expect(input.gate).toBe('444444444444|AKIAIOSFODNN7EXAMPLE|2001:db8::7');
      expect(input.recipients).toBe('444444444444');
      expect(input.email).toBe(renderInputTransformer(emailTemplate({ locale, account }), event, ctx));
      expect(input.chat).toEqual(JSON.parse(renderInputTransformer(chatTemplate({ locale, account }), event, ctx)));
    },
  );

  test('without chat or recipients: no chat field and recipients ""; the fallback template keys by the event account', () => {
    const input = JSON.parse(renderInputTransformer(notifyGateTemplate({ locale: 'en' }), apiCallEvent({ account: '777777777777' }), ctx));
    expect(input.chat).toBeUndefined();
    expect(input.recipients).toBe('');
    expect(input.gate).toBe('777777777777|AKIAIOSFODNN7EXAMPLE|203.0.113.99');
  });

  test('stays within the input transformer limits with chat, in Japanese, for a long account name', () => {
    const long = { ...account, name: 'x'.repeat(50), ouPath: 'A/B/C/D/E', owner: 'o'.repeat(60) };
    const spec = notifyGateTemplate({ locale: 'ja', account: long, chat: true, recipients: true });
    expect(spec.inputTemplate.length).toBeLessThanOrEqual(INPUT_TRANSFORMER_LIMITS.maxTemplateChars);
  });
});
