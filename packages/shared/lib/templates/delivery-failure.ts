import { DELIVERY_FAILURE_FIELDS } from './fields';
import { renderTextLines, toSpec, v } from './render';
import type { Locale, RenderedTemplate } from './types';

const f = v;

/** Options of deliveryFailureEmailTemplate. */
export interface DeliveryFailureTemplateOptions {
  /** Language of the text. */
  readonly locale: Locale;
}

/** The e-mail body telling the security team that a member's sender cannot deliver events (no default). */
export function deliveryFailureEmailTemplate(options: DeliveryFailureTemplateOptions): RenderedTemplate {
  const lines =
    options.locale === 'ja'
      ? [
          '【keywatch】メンバーアカウントの送信側がイベントを届けられていません（検知が止まっている可能性があります）',
          `アカウント: ${f('account')}`,
          `リージョン: ${f('region')}`,
          `日時 (UTC): ${f('time')}`,
          `アラーム: ${f('alarm')}`,
          `理由: ${f('reason')}`,
          '対応手順:',
          '1. そのアカウントとリージョンで keywatch の送信側 DLQ のメッセージと、ルールの FailedInvocations を確認してください。',
          '2. 原因（受信バスのポリシー、転送ロール、受信バスの削除など）を直してから DLQ を再送してください。',
          '3. keywatch audit と keywatch verify で配備状態を確認してください。',
        ]
      : [
          'keywatch: a member account sender cannot deliver events to the security account (detection may be blind there).',
          `Account: ${f('account')}`,
          `Region: ${f('region')}`,
          `Time (UTC): ${f('time')}`,
          `Alarm: ${f('alarm')}`,
          `Reason: ${f('reason')}`,
          'What to do:',
          "1. In that account and region, look at the keywatch sender's dead-letter queue messages and its rules' FailedInvocations.",
          '2. Fix the cause (receiver bus policy, forwarding role, deleted receiver bus), then redrive the dead-letter queue.',
          '3. Check the deployment with keywatch audit and keywatch verify.',
        ];
  return toSpec(renderTextLines(lines), 'delivery failure e-mail', DELIVERY_FAILURE_FIELDS);
}
