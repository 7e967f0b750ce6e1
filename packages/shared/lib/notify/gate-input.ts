import type { AccountIdentity } from '../compiler/types';
import { accountOu } from '../templates/account-text';
import { labelsFor } from '../templates/labels';
import { lit } from '../templates/render';
import { chatTemplate } from '../templates/chat';
import { emailTemplate } from '../templates/email';
import { toSpec } from '../templates/render';
import type { LocalizedTemplateOptions, RenderedTemplate } from '../templates/types';

/** Options of the notify gate's input template. */
export interface NotifyGateInputOptions extends LocalizedTemplateOptions {
  /**
   * Whether the chat notification is carried too.
   * @default false
   */
  readonly chat?: boolean;
  /**
   * Whether the account has extra recipients (their topic is looked up in the gate by the account ID).
   * @default false
   */
  readonly recipients?: boolean;
}

/** The fields of the gate's input that the state machines read (the rest is the rendered text). */
export interface NotifyGateInput {
  /** dedupKey: "<account>|<accessKeyId>|<sourceIPAddress>". */
  readonly gate: string;
  readonly account: string;
  readonly accessKeyId: string;
  readonly sourceIPAddress: string;
  readonly eventTime: string;
  /** The account ID whose extra-recipient topic also gets the notification, or "" for none. */
  readonly recipients: string;
  /** The e-mail body exactly as the direct e-mail target delivers it. */
  readonly email: string;
  /** The AWS Chatbot custom notification, when chat is on. */
  readonly chat?: Record<string, unknown>;
}

/**
 * The input transformer of the notify gate target (a JSON object, NotifyGateInput): the dedup key from the event's
 * account, access key and source IP, those values, and the already-rendered e-mail text (a JSON string holding exactly
 * what the direct e-mail target delivers) and chat notification (the same object the chat target delivers). Event
 * values go inside JSON strings unescaped, as in the chat template: only values whose characters AWS constrains are used
 * (the user agent is never copied). Default: no chat, no extra recipients.
 */
export function notifyGateTemplate(options: NotifyGateInputOptions): RenderedTemplate {
  const email = emailTemplate(options);
  if (options.group && options.recipients) throw new Error(`'recipients' must be false for a grouped rule's gate input; got true`);
  const head =
    `{"gate":"<account>|<accessKeyId>|<sourceIPAddress>","account":"<account>","accessKeyId":"<accessKeyId>",` +
    `"sourceIPAddress":"<sourceIPAddress>","eventTime":"<eventTime>",` +
    `"recipients":${JSON.stringify(options.recipients && options.account ? options.account.id : '')}`;
  // The e-mail template has no literal "<" or ">" (renderTextLines turns them into ‹ ›), so every <…> left in the JSON
  // string is a placeholder, which EventBridge fills inside the string.
  const parts = [head, `"email":${JSON.stringify(email.inputTemplate)}`];
  if (options.chat) {
    // The chat template is itself a JSON input template (literal < and > escaped as \u003c / \u003e).
    parts.push(`"chat":${chatTemplate(options).inputTemplate}`);
  }
  const inputTemplate = `${parts.join(',')}}`;
  // toSpec throws a QuotaError when EventBridge would reject the transformer (over 8,192 characters, say).
  return toSpec(inputTemplate, 'notify gate');
}

/**
 * What the notify gate fills into a grouped rule's texts for one account (its directory entry): the name, OU line value
 * and owner as the per-account texts show them. `chat`: as the parsed chat notification holds them (plain text);
 * `email`: as the e-mail text holds them (each e-mail line is a JSON string literal, "<" and ">" shown as ‹ ›), left
 * out when equal to `chat`.
 */
export interface GateDirectoryEntry {
  readonly chat: readonly [name: string, ou: string, owner: string];
  /** @default - the same as `chat` */
  readonly email?: readonly [name: string, ou: string, owner: string];
}

/** The notify gate's directory entry of `account` in `locale` (see GateDirectoryEntry; default: none). */
export function gateDirectoryEntry(locale: NotifyGateInputOptions['locale'], account: AccountIdentity): GateDirectoryEntry {
  const chat = [lit(account.name), accountOu(labelsFor(locale), account), lit(account.owner)] as const;
  // The e-mail lines are rendered by renderTextLines: "<"/">" become ‹ › and each line is JSON.stringify'd; both act
  // character by character, so a value's part of a line is its own escaped text.
  const email = chat.map((t) => JSON.stringify(t.replace(/</g, '\u2039').replace(/>/g, '\u203A')).slice(1, -1)) as [string, string, string];
  return email.every((t, i) => t === chat[i]) ? { chat } : { chat, email };
}
