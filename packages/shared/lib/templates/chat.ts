import { accountText, cloudTrailEventUrl, deactivateCommand } from './account-text';
import { labelsFor } from './labels';
import { renderChatNotification } from './chat-notification';
import { toSpec, v } from './render';
import type { RenderedTemplate, LocalizedTemplateOptions } from './types';

/** metadata.eventType of keywatch's chat notifications, for Amazon Q Developer (AWS Chatbot) custom actions. */
export const CHAT_EVENT_TYPE = 'KeywatchAccessKeyUnexpectedIp';

/**
 * An AWS Chatbot (Amazon Q Developer in chat applications) custom notification for the chat SNS topic.
 * EventBridge inserts values unescaped inside JSON strings, so only values that cannot hold a quote or a
 * backslash (ids, names matching IAM's character sets, IPs, times) appear inside text. The caller-chosen user agent
 * is left out entirely: it is untrusted and unbounded, and a long one would push the message past Chatbot's size limit.
 * Without `account`, renders the fallback template for accounts not yet in the directory.
 */
export function chatTemplate(options: LocalizedTemplateOptions): RenderedTemplate {
  const l = labelsFor(options.locale);
  const a = accountText(l, options.account, options.group);
  const title = `${l.chatTitle}: ${a.name === undefined ? a.id : `${a.name} (${a.id})`}`;
  const description = [
    `*${l.account}:* ${a.summary}`,
    ...(a.ou === undefined ? [] : [`*${l.ou}:* ${a.ou}`]),
    `*${l.owner}:* ${a.owner}`,
    `*${l.accessKey}:* \`${v('accessKeyId')}\``,
    `*${l.user}:* \`${v('userName')}\`${l.open}${v('identityType')}${l.close}`,
    `*${l.sourceIp}:* \`${v('sourceIPAddress')}\``,
    `*${l.apiCall}:* \`${v('eventName')}\` ${l.on} \`${v('eventSource')}\`${l.open}${l.readOnly}: ${v('readOnly')}${l.close}`,
    `*${l.region}:* ${v('region')}`,
    `*${l.time}:* ${v('eventTime')}`,
    `*${l.vpcEndpoint}:* ${v('vpcEndpointId')}`,
    `*${l.eventId}:* ${v('eventID')}`,
    `*${l.link(a.id)}:* ${cloudTrailEventUrl()}`,
  ].join('\n');
  const notification = renderChatNotification({
    title,
    description,
    nextSteps: [a.known ? l.askOwner(a.owner) : l.askOwnerUnknown, `${l.deactivate(a.id)} \`${deactivateCommand()}\``, l.review],
    keywords: [v('accessKeyId'), v('region'), a.id],
    summary: `${l.headline} ${a.id} ${v('accessKeyId')} ${v('sourceIPAddress')}`,
    eventType: CHAT_EVENT_TYPE,
    relatedResources: [v('arn')],
    additionalContext: {
      account: a.id,
      accessKeyId: v('accessKeyId'),
      sourceIPAddress: v('sourceIPAddress'),
      eventID: v('eventID'),
      rule: v('aws.events.rule-name'),
    },
  });
  return toSpec(notification, 'chat');
}
