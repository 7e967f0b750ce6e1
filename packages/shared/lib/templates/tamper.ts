import { cloudTrailEventUrl } from './account-text';
import { renderChatNotification } from './chat-notification';
import { TAMPER_FIELDS } from './fields';
import { labelsFor } from './labels';
import { renderJson, renderTextLines, toSpec, v } from './render';
import type { Locale, RenderedTemplate } from './types';

/** metadata.eventType of keywatch's "coverage tampered" chat notifications, for Amazon Q Developer (AWS Chatbot) custom actions. */
export const TAMPER_CHAT_EVENT_TYPE = 'KeywatchCoverageTampered';

/** `kind` of a "coverage tampered" entry in the alert log (access-key alerts have no kind). */
export const TAMPER_LOG_KIND = 'coverage-tampered';

/** Options of the "coverage tampered" templates. */
export interface TamperTemplateOptions {
  /** Language of the notification text. */
  readonly locale: Locale;
}

/** The words of the "coverage tampered" notification, per locale; plain text (no placeholders). */
interface TamperLabels {
  readonly headline: string;
  readonly chatTitle: string;
  readonly principal: string;
  readonly role: string;
  readonly call: string;
  readonly request: string;
  readonly result: string;
  readonly resultNote: string;
  readonly link: string;
  readonly who: string;
  readonly compromised: string;
  readonly restore: string;
  readonly meanwhile: string;
}

const en: TamperLabels = {
  headline: "keywatch: COVERAGE TAMPERED. A call changed or switched off keywatch's detection in this account and region.",
  chatTitle: 'keywatch coverage tampered',
  principal: 'Principal',
  role: 'Role of the session',
  call: 'Call',
  request: 'Request parameters',
  result: 'Error code',
  resultNote: 'empty: the call succeeded',
  link: 'CloudTrail event (opens in the member account; sign in to it first)',
  who: '1. Ask the owner of the principal above whether this change was planned; keywatch changes are made only through the keywatch-sender StackSet and the keywatch stacks.',
  compromised: '2. If it was not planned, treat the principal as compromised: revoke its sessions and keys.',
  restore:
    '3. Restore coverage: keywatch audit shows the gaps; redeploy the StackSet instance (keywatch-sender) or the keywatch stack, or re-enable the trail.',
  meanwhile: '4. Until then, access-key alerts from this account and region may not reach you; the heartbeat alarm stays in ALARM while it is silent.',
};

const ja: TamperLabels = {
  headline: '【keywatch】監視の改ざんを検知しました。このアカウントとリージョンで keywatch の検知が変更または停止されました。',
  chatTitle: 'keywatch の監視の改ざん',
  principal: '実行者',
  role: 'セッションのロール',
  call: '操作',
  request: 'リクエストパラメータ',
  result: 'エラーコード',
  resultNote: '空欄の場合は操作が成功しています',
  link: 'CloudTrail のイベント（メンバーアカウントで開きます。先にそのアカウントにサインインしてください）',
  who: '1. 上記の実行者の担当者に、この変更が予定どおりか確認してください。keywatch の変更は keywatch-sender StackSet と keywatch のスタックからのみ行います。',
  compromised: '2. 予定外の場合は、実行者が侵害されたものとして、そのセッションとキーを無効化してください。',
  restore:
    '3. 監視を復旧してください。「keywatch audit」で欠落を確認し、StackSet インスタンス（keywatch-sender）または keywatch のスタックを再デプロイするか、証跡を再度有効にしてください。',
  meanwhile:
    '4. 復旧まで、このアカウントとリージョンのアクセスキーのアラートは届かない可能性があります。停止中はハートビートのアラームが ALARM のままになります。',
};

function tamperLabelsFor(locale: Locale): TamperLabels {
  return locale === 'ja' ? ja : en;
}

/**
 * The plain-text e-mail body of the "coverage tampered" notification, rendered like RuleTargetInput.fromMultilineText
 * (each line a JSON string literal, delivered verbatim): account, region, principal, call, request and result
 * (default: none; one template for every account, the account ID comes from the event).
 */
export function tamperEmailTemplate(options: TamperTemplateOptions): RenderedTemplate {
  const l = labelsFor(options.locale);
  const t = tamperLabelsFor(options.locale);
  const lines = [
    t.headline,
    `${l.account}: ${v('account')}`,
    `${l.region}: ${v('region')}`,
    `${t.principal}: ${v('arn')}${l.open}${v('identityType')}${l.close}`,
    `${t.role}: ${v('sessionIssuer')}`,
    `${l.accessKey}: ${v('accessKeyId')}`,
    `${t.call}: ${v('eventName')} ${l.on} ${v('eventSource')}`,
    `${t.request}: ${v('requestParameters')}`,
    `${t.result}: ${v('errorCode')}${l.open}${t.resultNote}${l.close}`,
    `${l.sourceIp}: ${v('sourceIPAddress')}`,
    `${l.time}: ${v('eventTime')}`,
    `${l.eventId}: ${v('eventID')}`,
    `${t.link}:`,
    // The trailing space keeps mail clients from taking the closing quote into the link.
    `${cloudTrailEventUrl()} `,
    `${l.whatToDo}:`,
    t.who,
    t.compromised,
    t.restore,
    t.meanwhile,
    `${l.sentBy}: ${v('aws.events.rule-name')}`,
  ];
  return toSpec(renderTextLines(lines), 'coverage tampered e-mail', TAMPER_FIELDS);
}

/**
 * The AWS Chatbot custom notification of a tamper call. EventBridge inserts values unescaped inside JSON strings, so
 * only values whose characters AWS constrains appear (IDs, ARNs, names of calls, regions, times, error codes); the
 * request parameters stay in the e-mail (default: none).
 */
export function tamperChatTemplate(options: TamperTemplateOptions): RenderedTemplate {
  const l = labelsFor(options.locale);
  const t = tamperLabelsFor(options.locale);
  const description = [
    `*${l.account}:* ${v('account')}`,
    `*${l.region}:* ${v('region')}`,
    `*${t.principal}:* \`${v('arn')}\`${l.open}${v('identityType')}${l.close}`,
    `*${t.call}:* \`${v('eventName')}\` ${l.on} \`${v('eventSource')}\``,
    `*${t.result}:* ${v('errorCode')}${l.open}${t.resultNote}${l.close}`,
    `*${l.sourceIp}:* \`${v('sourceIPAddress')}\``,
    `*${l.time}:* ${v('eventTime')}`,
    `*${l.eventId}:* ${v('eventID')}`,
    `*${t.link}:* ${cloudTrailEventUrl()}`,
  ].join('\n');
  const notification = renderChatNotification({
    title: `${t.chatTitle}: ${v('eventName')} ${v('account')} ${v('region')}`,
    description,
    nextSteps: [t.who, t.compromised, t.restore, t.meanwhile],
    keywords: [v('eventName'), v('account'), v('region')],
    summary: `${t.headline} ${v('account')} ${v('region')} ${v('eventName')}`,
    eventType: TAMPER_CHAT_EVENT_TYPE,
    relatedResources: [v('arn')],
    additionalContext: { account: v('account'), region: v('region'), eventName: v('eventName'), eventID: v('eventID'), rule: v('aws.events.rule-name') },
  });
  return toSpec(notification, 'coverage tampered chat', TAMPER_FIELDS);
}

/**
 * The alert-log entry of a tamper call: {"timestamp", "message"} with a JSON object in the message string, like the
 * access-key alerts, marked `kind: "coverage-tampered"`; only values whose characters AWS constrains (default: none).
 */
export function tamperLogTemplate(): RenderedTemplate {
  const message = {
    kind: TAMPER_LOG_KIND,
    account: v('account'),
    region: v('region'),
    arn: v('arn'),
    identityType: v('identityType'),
    sessionIssuer: v('sessionIssuer'),
    accessKeyId: v('accessKeyId'),
    eventName: v('eventName'),
    eventSource: v('eventSource'),
    errorCode: v('errorCode'),
    sourceIPAddress: v('sourceIPAddress'),
    eventTime: v('eventTime'),
    eventID: v('eventID'),
    rule: v('aws.events.rule-name'),
  };
  return toSpec(renderJson({ timestamp: v('time'), message: JSON.stringify(message) }), 'coverage tampered alert log', TAMPER_FIELDS);
}
