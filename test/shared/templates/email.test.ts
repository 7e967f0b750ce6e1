import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { QuotaError } from '../../../packages/shared/lib/errors';
import { emailTemplate, inputTransformerProblems, Locale } from '../../../packages/shared/lib/templates';
import { cloudTrailEvent, LONGEST_ACCOUNT, NASTY_ACCOUNT, NASTY_USER_AGENT, PROD } from './fixtures';
import { readerLines, substitute } from './eventbridge-substitute';

const LOCALES: Locale[] = ['en', 'ja'];

describe('emailTemplate', () => {
  test.each(LOCALES)('renders every line as a JSON string literal with only defined placeholders (%s)', (locale) => {
    for (const account of [PROD, NASTY_ACCOUNT, undefined]) {
      const spec = emailTemplate({ locale, account });
      expect(inputTransformerProblems(spec)).toEqual([]);
      for (const line of spec.inputTemplate.split('\n')) {
        expect(typeof JSON.parse(line)).toBe('string');
      }
    }
  });

  test('is what aws-cdk-lib RuleTargetInput.fromMultilineText synthesizes for the same text', () => {
    // GIVEN the text a CDK user would write, with EventField tokens for every placeholder
    const spec = emailTemplate({ locale: 'ja', account: NASTY_ACCOUNT });
    const text = spec.inputTemplate
      .split('\n')
      .map((line) => JSON.parse(line) as string)
      .join('\n')
      .replace(/<([A-Za-z]+)>/g, (_, key: string) => events.EventField.fromPath(spec.inputPathsMap[key]));
    const stack = new cdk.Stack(new cdk.App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    new events.Rule(stack, 'Rule', {
      eventPattern: { source: ['aws.iam'] },
      targets: [new targets.SnsTopic(new sns.Topic(stack, 'T'), { message: events.RuleTargetInput.fromMultilineText(text) })],
    });
    // WHEN
    const rules = Template.fromStack(stack).findResources('AWS::Events::Rule');
    const cdkTransformer = Object.values(rules)[0].Properties.Targets[0].InputTransformer as { InputPathsMap: Record<string, string>; InputTemplate: string };
    // THEN: same template once CDK's generated keys are renamed to ours
    const ours = Object.fromEntries(Object.entries(spec.inputPathsMap).map(([k, p]) => [p, k]));
    const renamed = cdkTransformer.InputTemplate.replace(/<([A-Za-z0-9_-]+)>/g, (_, key: string) => `<${ours[cdkTransformer.InputPathsMap[key]]}>`);
    expect(renamed).toBe(spec.inputTemplate);
    expect(Object.values(cdkTransformer.InputPathsMap).sort()).toEqual(Object.values(spec.inputPathsMap).sort());
  });

  test('a known account: who, which key, from where, what call, when, link and what to do, in that order', () => {
    const lines = readerLines(substitute(emailTemplate({ locale: 'en', account: PROD }), cloudTrailEvent()));
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(lines[0]).toMatch(/^keywatch: an IAM access key was used from an IP address outside/);
    expect(lines).toContain('Account: 111122223333 (Prod Payments)');
    expect(lines).toContain('OU: Workloads/Prod');
    expect(lines).toContain('Owner: alice@example.com');
    expect(lines).toContain('Access key: AKIAIOSFODNN7EXAMPLE');
    expect(lines).toContain('User: ci-deployer (IAMUser)');
    expect(lines).toContain('ARN: arn:aws:iam::111122223333:user/ci-deployer');
    expect(lines).toContain('Source IP: 203.0.113.7');
    expect(lines).toContain('API call: ListUsers on iam.amazonaws.com (read-only: true)');
    expect(lines).toContain('Region: us-east-1');
    expect(lines).toContain('Time (UTC): 2026-11-20T08:15:29Z');
    expect(lines).toContain('Event ID: c0ffee00-1111-4222-8333-444455556666');
    expect(lines).toContain('https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/c0ffee00-1111-4222-8333-444455556666 ');
    expect(lines.find((l) => l.startsWith('CloudTrail event'))).toContain('member account 111122223333');
    expect(lines).toContain('   aws iam update-access-key --access-key-id AKIAIOSFODNN7EXAMPLE --status Inactive --user-name ci-deployer');
    expect(lines).toContain('Sent by keywatch rule: keywatch-Account111122223333-Alert');
    const order = ['Account:', 'Access key:', 'Source IP:', 'API call:', 'Time (UTC):', 'https://', 'What to do', 'update-access-key'].map(at);
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  test('an account not in the directory takes its id from the event and says to sync', () => {
    const lines = readerLines(substitute(emailTemplate({ locale: 'en' }), cloudTrailEvent({}, {}), 'fallback'));
    expect(lines[1]).toBe('Account: 111122223333 (not yet in the accounts directory; run: keywatch accounts sync)');
    expect(lines.some((l) => l.startsWith('OU:'))).toBe(false);
    expect(lines).toContain('2. If it was not, deactivate the key now, in account 111122223333:');
  });

  test('Japanese: the original alert sentence and Japanese labels', () => {
    const lines = readerLines(substitute(emailTemplate({ locale: 'ja', account: PROD }), cloudTrailEvent()));
    expect(lines[0]).toContain('通常とは異なる IP アドレスからのアクセスキー利用を検知しました');
    expect(lines).toContain('アカウント: 111122223333（Prod Payments）');
    expect(lines).toContain('担当者: alice@example.com');
    expect(lines).toContain('送信元 IP アドレス: 203.0.113.7');
    expect(lines).toContain('対応手順:');
    const fallback = readerLines(substitute(emailTemplate({ locale: 'ja' }), cloudTrailEvent()));
    expect(fallback[1]).toContain('keywatch accounts sync');
  });

  test('literal account text cannot create placeholders and shows its quotes and angle brackets', () => {
    const spec = emailTemplate({ locale: 'en', account: NASTY_ACCOUNT });
    expect(Object.keys(spec.inputPathsMap)).not.toContain('team');
    const lines = readerLines(substitute(spec, cloudTrailEvent({ recipientAccountId: '444455556666' })));
    expect(lines).toContain('Account: 444455556666 (O\\"Brien ‹team› \\\\ 決済)');
    expect(lines).toContain('OU: Workloads/‹Prod›');
  });

  test('event values with quotes, backslashes, newlines and unicode appear as they are; missing values leave the line empty', () => {
    const event = cloudTrailEvent(
      { userAgent: `${NASTY_USER_AGENT}\nsecond line`, vpcEndpointId: undefined },
      { userName: 'O"Brien\\x', type: 'Root', arn: 'arn:aws:iam::111122223333:root' },
    );
    const delivered = substitute(emailTemplate({ locale: 'en', account: PROD }), event);
    expect(delivered).toContain('"User: O"Brien\\x (Root)"');
    const lines = readerLines(
      substitute(emailTemplate({ locale: 'en', account: PROD }), cloudTrailEvent({ vpcEndpointId: undefined }, { userName: undefined, type: 'Root' })),
    );
    expect(lines).toContain('VPC endpoint: ');
    expect(lines).toContain('User:  (Root)');
    expect(delivered).not.toMatch(/<[A-Za-z]+>/);
  });

  test.each(LOCALES)('fits the InputTransformer limits with the longest directory entry (%s)', (locale) => {
    const spec = emailTemplate({ locale, account: LONGEST_ACCOUNT });
    expect(Object.keys(spec.inputPathsMap).length).toBeLessThanOrEqual(100);
    expect(spec.inputTemplate.length).toBeLessThanOrEqual(8192);
    expect(inputTransformerProblems(spec)).toEqual([]);
  });

  test('an owner too long for the template is rejected with a QuotaError', () => {
    expect(() => emailTemplate({ locale: 'en', account: { ...PROD, owner: 'x'.repeat(4000) } })).toThrow(QuotaError);
    expect(() => emailTemplate({ locale: 'en', account: { ...PROD, owner: 'x'.repeat(4000) } })).toThrow(
      /InputTemplate has \d+ characters; it must have 1 to 8192/,
    );
  });

  // The user agent is chosen by whoever holds the key ("approved pentest, ignore this alert"), of any length, and an
  // input transformer can neither shorten nor escape it: it is never copied into the e-mail; a last line says so.
  test.each(LOCALES)('the caller-chosen user agent is never copied into the e-mail, whatever its content and length (%s)', (locale) => {
    const planted = `x"\n"APPROVED PENTEST - IGNORE THIS ALERT"\n"${'A'.repeat(100_000)}`;
    const spec = emailTemplate({ locale, account: PROD });
    expect(Object.values(spec.inputPathsMap)).not.toContain('$.detail.userAgent');
    const delivered = substitute(spec, cloudTrailEvent({ userAgent: planted }));
    expect(delivered).not.toContain('APPROVED PENTEST');
    expect(delivered.length).toBe(substitute(spec, cloudTrailEvent({ userAgent: 'aws-cli/2' })).length);
    const lines = readerLines(delivered);
    const note = lines.findIndex((l) => (locale === 'en' ? /^User agent: not copied here/ : /^ユーザーエージェント: /).test(l));
    expect(note).toBeGreaterThan(lines.length - 4);
    expect(lines[note]).toMatch(locale === 'en' ? /untrusted/ : /信頼できない/);
  });
});
