import type { AccountIdentity } from '../compiler/types';
import type { AlertLabels } from './labels';
import { lit, v } from './render';

/**
 * Markers a grouped rule's e-mail and chat texts carry where the per-account texts have the account's name, OU path and
 * owner; the notify gate replaces them (one pass) with the account's entry of its directory. Private-use characters
 * that no event value keywatch inserts can hold, and that lit() takes out of directory text.
 */
export const GROUP_MARKERS = { name: '\uE002', ou: '\uE003', owner: '\uE004' } as const;

/** How an alert names its account: baked-in literals for a known account, the event's account id otherwise. */
export interface AccountText {
  /** The account id: literal for a known account, the <account> placeholder otherwise. */
  readonly id: string;
  /** "111122223333 (Name)" or "<account> (not yet in the accounts directory …)". */
  readonly summary: string;
  /** The OU path line value, or undefined for an account not in the directory. */
  readonly ou?: string;
  /** The owner, or the "unknown" wording. */
  readonly owner: string;
  /** The account name, or undefined for an account not in the directory. */
  readonly name?: string;
  /** Whether the account is in the directory. */
  readonly known: boolean;
}

/**
 * Describes `account` with `labels`; an undefined account yields the fallback wording, or with `group` the event's
 * account ID and the GROUP_MARKERS (default: fallback).
 */
export function accountText(labels: AlertLabels, account?: AccountIdentity, group = false): AccountText {
  if (account === undefined && group) {
    const m = GROUP_MARKERS;
    return { id: v('account'), summary: `${v('account')}${labels.open}${m.name}${labels.close}`, ou: m.ou, owner: m.owner, name: m.name, known: true };
  }
  if (account === undefined) {
    return {
      id: v('account'),
      summary: `${v('account')}${labels.open}${labels.notInDirectory}${labels.close}`,
      owner: labels.ownerUnknown,
      known: false,
    };
  }
  return {
    id: lit(account.id),
    summary: `${lit(account.id)}${labels.open}${lit(account.name)}${labels.close}`,
    ou: accountOu(labels, account),
    owner: lit(account.owner),
    name: lit(account.name),
    known: true,
  };
}

/** The OU line's value for `account`: its path, or the root wording (default: none). */
export function accountOu(labels: AlertLabels, account: AccountIdentity): string {
  return account.ouPath === '' ? labels.ouRoot : lit(account.ouPath);
}

/** The CloudTrail console link to the event, in the region it was recorded in (default: none). */
export function cloudTrailEventUrl(): string {
  // Event history is per region and per account: the link only works when signed in to the member account.
  return `https://${v('region')}.console.aws.amazon.com/cloudtrailv2/home?region=${v('region')}#/events/${v('eventID')}`;
}

/** The AWS CLI command that deactivates the key (default: none). */
export function deactivateCommand(): string {
  return `aws iam update-access-key --access-key-id ${v('accessKeyId')} --status Inactive --user-name ${v('userName')}`;
}
