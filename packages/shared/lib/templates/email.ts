import { accountText, cloudTrailEventUrl, deactivateCommand } from './account-text';
import { labelsFor } from './labels';
import { renderTextLines, toSpec, v } from './render';
import type { RenderedTemplate, LocalizedTemplateOptions } from './types';

/**
 * The plain-text e-mail body for the SNS e-mail topic. Rendered like RuleTargetInput.fromMultilineText:
 * every line is a JSON string literal, which SNS delivers verbatim (each line shows in quotes). Event
 * values are inserted unescaped by EventBridge, so quotes in a value are shown as they are; the caller-chosen user agent
 * is never inserted (the last line says where to read it).
 * Without `account`, renders the fallback template for accounts not yet in the directory.
 */
export function emailTemplate(options: LocalizedTemplateOptions): RenderedTemplate {
  const l = labelsFor(options.locale);
  const a = accountText(l, options.account, options.group);
  const lines = [
    l.headline,
    `${l.account}: ${a.summary}`,
    ...(a.ou === undefined ? [] : [`${l.ou}: ${a.ou}`]),
    `${l.owner}: ${a.owner}`,
    `${l.accessKey}: ${v('accessKeyId')}`,
    `${l.user}: ${v('userName')}${l.open}${v('identityType')}${l.close}`,
    `${l.arn}: ${v('arn')}`,
    `${l.sourceIp}: ${v('sourceIPAddress')}`,
    `${l.apiCall}: ${v('eventName')} ${l.on} ${v('eventSource')}${l.open}${l.readOnly}: ${v('readOnly')}${l.close}`,
    `${l.region}: ${v('region')}`,
    `${l.time}: ${v('eventTime')}`,
    `${l.vpcEndpoint}: ${v('vpcEndpointId')}`,
    `${l.eventId}: ${v('eventID')}`,
    `${l.link(a.id)}:`,
    // The trailing space keeps mail clients from taking the closing quote into the link.
    `${cloudTrailEventUrl()} `,
    `${l.whatToDo}:`,
    a.known ? l.askOwner(a.owner) : l.askOwnerUnknown,
    l.deactivate(a.id),
    `   ${deactivateCommand()}`,
    l.review,
    `${l.sentBy}: ${v('aws.events.rule-name')}`,
    // Last, and without the value: the user agent is caller-chosen, unbounded, and an input transformer can neither
    // shorten nor escape it (a planted "approved pentest, ignore" would read like keywatch's own text).
    l.userAgentNotCopied,
  ];
  return toSpec(renderTextLines(lines), 'e-mail');
}
