import { cloudTrailEventUrl } from './account-text';
import { ONBOARDING_FIELDS } from './fields';
import { labelsFor, onboardingLabelsFor } from './labels';
import { renderChatNotification } from './chat-notification';
import { renderTextLines, toSpec, v } from './render';
import type { RenderedTemplate, Locale } from './types';

/** metadata.eventType of keywatch's account lifecycle chat notifications, for Amazon Q Developer (AWS Chatbot) custom actions. */
export const ONBOARDING_CHAT_EVENT_TYPE = 'KeywatchAccountLifecycle';

/** Options of the account lifecycle templates. */
export interface OnboardingTemplateOptions {
  /** Language of the notification text. */
  readonly locale: Locale;
}

/**
 * The affected account, whichever event it is: exactly one of these paths is set per event type (MoveAccount,
 * RemoveAccountFromOrganization and CloseAccount: requestParameters.accountId; CreateAccountResult:
 * createAccountStatus.accountId; membership events: serviceEventDetails.accountId), and EventBridge leaves the others
 * empty, so side by side they read as one ID.
 */
function affectedAccountIds(): string {
  return `${v('requestAccountId')}${v('createdAccountId')}${v('serviceAccountId')}`;
}

/**
 * The plain-text e-mail body of the account lifecycle notification (AWS Organizations: created, invited, joined,
 * moved, removed, closed, departed), rendered like RuleTargetInput.fromMultilineText (each line a JSON string
 * literal, delivered verbatim). One template serves every event type, so a line whose event values are absent stays
 * empty after its label; the whole request parameters and service event details follow for anything not named.
 * No account text from the directory is baked in (default: none).
 */
export function onboardingEmailTemplate(options: OnboardingTemplateOptions): RenderedTemplate {
  const l = labelsFor(options.locale);
  const o = onboardingLabelsFor(options.locale);
  const lines = [
    o.headline,
    `${o.event}: ${v('eventName')}`,
    `${o.account}: ${affectedAccountIds()}${v('inviteTarget')}`,
    `${o.createStatus}: ${v('createState')} ${v('createFailureReason')}`,
    `${o.createName}: ${v('createdAccountName')}`,
    `${o.move}: ${v('sourceParentId')} → ${v('destinationParentId')}`,
    `${o.request}: ${v('requestParameters')}`,
    `${o.details}: ${v('serviceEventDetails')}`,
    `${o.by}: ${v('arn')}${v('invokedBy')}${l.open}${v('identityType')}${l.close}`,
    `${l.sourceIp}: ${v('sourceIPAddress')}`,
    `${o.managementAccount}: ${v('account')}`,
    `${l.region}: ${v('region')}`,
    `${l.time}: ${v('eventTime')}`,
    `${l.eventId}: ${v('eventID')}`,
    `${o.link}:`,
    // The trailing space keeps mail clients from taking the closing quote into the link.
    `${cloudTrailEventUrl()} `,
    `${l.whatToDo}:`,
    o.expected,
    o.sender,
    o.directory,
    `${l.sentBy}: ${v('aws.events.rule-name')}`,
  ];
  return toSpec(renderTextLines(lines), 'account lifecycle e-mail', ONBOARDING_FIELDS);
}

/**
 * The AWS Chatbot (Amazon Q Developer in chat applications) custom notification of the account lifecycle event.
 * EventBridge inserts values unescaped inside JSON strings, so only values whose characters AWS constrains appear
 * (event name, account/OU/root IDs, states, ARNs, times, event ID); the invitation target (possibly an e-mail
 * address), the account name and the whole request/details objects stay in the e-mail (default: none).
 */
export function onboardingChatTemplate(options: OnboardingTemplateOptions): RenderedTemplate {
  const l = labelsFor(options.locale);
  const o = onboardingLabelsFor(options.locale);
  const ids = affectedAccountIds();
  const description = [
    `*${o.event}:* \`${v('eventName')}\``,
    `*${o.account}:* ${ids}`,
    `*${o.createStatus}:* ${v('createState')} ${v('createFailureReason')}`,
    `*${o.move}:* ${v('sourceParentId')} → ${v('destinationParentId')}`,
    `*${o.by}:* \`${v('arn')}${v('invokedBy')}\``,
    `*${o.managementAccount}:* ${v('account')}`,
    `*${l.time}:* ${v('eventTime')}`,
    `*${l.eventId}:* ${v('eventID')}`,
    `*${o.link}:* ${cloudTrailEventUrl()}`,
  ].join('\n');
  const notification = renderChatNotification({
    title: `${o.chatTitle}: ${v('eventName')} ${ids}`,
    description,
    nextSteps: [o.expected, o.sender, o.directory],
    keywords: [v('eventName'), v('account')],
    summary: `${o.headline} ${v('eventName')} ${ids}`,
    eventType: ONBOARDING_CHAT_EVENT_TYPE,
    additionalContext: {
      account: v('account'),
      eventName: v('eventName'),
      eventID: v('eventID'),
      rule: v('aws.events.rule-name'),
    },
  });
  return toSpec(notification, 'account lifecycle chat', ONBOARDING_FIELDS);
}
