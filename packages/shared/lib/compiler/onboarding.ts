import { serializedLength } from './chunk';
import { API_CALL_DETAIL_TYPE } from './pattern';
import type { CompiledRule, EventPattern } from './types';
import { onboardingChatTemplate, onboardingEmailTemplate } from '../templates/onboarding';
import type { Locale, RenderedTemplate } from '../templates/types';

/** The detail-type of CloudTrail-recorded AWS service events (not API calls) on EventBridge, such as CreateAccountResult. */
export const SERVICE_EVENT_DETAIL_TYPE = 'AWS Service Event via CloudTrail';

/**
 * The AWS Organizations events that announce an account joining, moving within or leaving the organization, as the
 * management account's CloudTrail records them (all in us-east-1 for the aws partition) [doc: Organizations User Guide
 * orgs_cloudtrail-integration; API reference of each action]:
 * - `CreateAccountResult` (service event): the asynchronous CreateAccount finished; `serviceEventDetails.createAccountStatus`
 *   holds `accountId`, `accountName` (CloudTrail masks it as "****"), `state` SUCCEEDED|FAILED and `failureReason`.
 * - `InviteAccountToOrganization` (API call): `requestParameters.target.{type,id}` (an account ID or an e-mail address).
 * - `AcceptHandshake` (API call): in the management account this is the final approval of "all features" or a billing
 *   transfer; an invitation is accepted by the invited account, which is not yet in the organization and has no sender.
 * - `MoveAccount` (API call): `requestParameters.{accountId, sourceParentId, destinationParentId}`.
 * - `RemoveAccountFromOrganization`, `CloseAccount` (API calls): `requestParameters.accountId`.
 * - `AccountJoinedOrganization` (joinedMethod Created|Invited) and `AccountDepartedOrganization` (departedMethod
 *   Left|Removed|Cleaned): membership events Organizations logs "only in the management account's event history"
 *   (since May 2026). They are the management account's only record of an invited account accepting and of an
 *   account calling `LeaveOrganization`.
 *
 * `LeaveOrganization` itself is deliberately absent: it is recorded only in the leaving account, which by the time
 * CloudTrail delivers the event is outside the organization, so its sender's PutEvents would be refused by the
 * receiver bus policy (aws:PrincipalOrgID) and StackSet auto-deployment removes the sender anyway [derived].
 * AccountDepartedOrganization in the management account reports the departure instead.
 */
export const ORGANIZATIONS_LIFECYCLE_EVENTS = [
  'CreateAccountResult',
  'InviteAccountToOrganization',
  'AcceptHandshake',
  'MoveAccount',
  'RemoveAccountFromOrganization',
  'CloseAccount',
  'AccountJoinedOrganization',
  'AccountDepartedOrganization',
] as const;

/** One AWS Organizations account lifecycle event name. */
export type OrganizationsLifecycleEvent = (typeof ORGANIZATIONS_LIFECYCLE_EVENTS)[number];

/** Options of organizationsLifecyclePattern. */
export interface LifecyclePatternOptions {
  /**
   * Match only events of this account (the management account): the central rule's condition on the envelope `account`.
   * @default - any account (the management account's forwarding rule, on its own default bus)
   */
  readonly account?: string;
}

/**
 * The EventBridge pattern of AWS Organizations account lifecycle events (default: any account): source
 * `aws.organizations` (which PutEvents can never forge), both CloudTrail detail-types, event source
 * organizations.amazonaws.com, the ORGANIZATIONS_LIFECYCLE_EVENTS names, and no `errorCode` (a refused call changed nothing).
 */
export function organizationsLifecyclePattern(options: LifecyclePatternOptions = {}): EventPattern {
  if (options.account !== undefined && !/^\d{12}$/.test(options.account)) {
    throw new Error(`'account' must be a 12-digit AWS account ID; got '${options.account}'`);
  }
  const pattern: EventPattern = {
    source: ['aws.organizations'],
    'detail-type': [API_CALL_DETAIL_TYPE, SERVICE_EVENT_DETAIL_TYPE],
  };
  if (options.account !== undefined) {
    pattern.account = [options.account];
  }
  pattern.detail = {
    eventSource: ['organizations.amazonaws.com'],
    eventName: [...ORGANIZATIONS_LIFECYCLE_EVENTS],
    errorCode: [{ exists: false }],
  };
  return pattern;
}

/** Construct id of the onboarding rules, on the management default bus and on the receiver bus. */
export const ONBOARDING_RULE_ID = 'Onboarding';

/** The management account's rule that forwards its Organizations lifecycle events to the central bus (no default: one fixed rule). */
export function onboardingForwardRule(): CompiledRule {
  const pattern = organizationsLifecyclePattern();
  return {
    id: ONBOARDING_RULE_ID,
    description:
      'keywatch: forward AWS Organizations account lifecycle events (created, invited, joined, moved, removed, closed, departed) to the security account',
    pattern,
    patternChars: serializedLength(pattern),
  };
}

/** The receiver bus rule that notifies the security team of the management account's Organizations lifecycle events (no default). */
export function onboardingCentralRule(managementAccount: string): CompiledRule {
  const pattern = organizationsLifecyclePattern({ account: managementAccount });
  return {
    id: ONBOARDING_RULE_ID,
    description: `keywatch: tell the security team when an AWS account is created in, invited to, moved within or leaves the organization (management account ${managementAccount})`,
    pattern,
    patternChars: serializedLength(pattern),
  };
}

/**
 * The region where AWS Organizations records its CloudTrail events, and so the only region whose default bus ever
 * sees them, for the partition of `region` (default partition aws: us-east-1; aws-cn: cn-northwest-1; aws-us-gov: us-gov-west-1).
 */
export function organizationsEventRegion(region: string): string {
  if (region.startsWith('cn-')) {
    return 'cn-northwest-1';
  }
  if (region.startsWith('us-gov-')) {
    return 'us-gov-west-1';
  }
  return 'us-east-1';
}

/** Where the onboarding forwarding rule goes: the management stack region, or undefined with the reason (no default). */
export type OnboardingPlacement = { readonly region: string; readonly warning?: undefined } | { readonly region?: undefined; readonly warning: string };

/**
 * Picks the management stack that forwards Organizations events: the one in organizationsEventRegion of the central
 * region. When that region is not deployed, no stack gets the rule, because a rule anywhere else never matches, and
 * the warning says so (default: none).
 */
export function onboardingPlacement(regions: readonly string[], centralRegion: string): OnboardingPlacement {
  const home = organizationsEventRegion(centralRegion);
  if (regions.includes(home)) {
    return { region: home };
  }
  return {
    warning:
      `deployment.regions does not include ${home}, where AWS Organizations records its CloudTrail events, so no management stack ` +
      `forwards account lifecycle events (created, invited, moved, removed, closed) and the security team is not told about new accounts; add ${home}`,
  };
}

/** The deployment facts that decide where the sender StackSet lives. */
export interface StackSetHostInput {
  readonly deployment: { readonly delegatedAdmin: boolean; readonly regions: readonly string[] };
  readonly central: { readonly region: string };
}

/**
 * The region of the stack that holds the sender StackSet, answered once for synth and audit: the central region with a
 * delegated administrator (the central stack holds it), else the management stack of central.region when that region
 * is deployed, else the management stack of the first deployment region (no default).
 */
export function stackSetHostRegion(config: StackSetHostInput): string {
  if (config.deployment.delegatedAdmin || config.deployment.regions.includes(config.central.region)) {
    return config.central.region;
  }
  return config.deployment.regions[0];
}

/** How StackSet API calls must be made for this deployment: as the delegated administrator or as the management account itself (no default). */
export function stackSetCallAs(config: Pick<StackSetHostInput, 'deployment'>): 'DELEGATED_ADMIN' | 'SELF' {
  return config.deployment.delegatedAdmin ? 'DELEGATED_ADMIN' : 'SELF';
}

/** Everything the account lifecycle (onboarding) notification deploys: both rules, where the forward rule goes, and the texts. */
export interface OnboardingPlan {
  /** On the management account's default bus in `placement.region`: forwards the Organizations lifecycle events. */
  readonly forward: CompiledRule;
  /** On the receiver bus: the management account's lifecycle events. */
  readonly central: CompiledRule;
  /** Where `forward` goes, or why it goes nowhere. */
  readonly placement: OnboardingPlacement;
  /** The e-mail body (notify.locale). */
  readonly email: RenderedTemplate;
  /** The AWS Chatbot custom notification (notify.locale), used only when a chat channel is configured. */
  readonly chat: RenderedTemplate;
}

/** What planOnboarding needs from the configuration. */
export interface OnboardingPlanInput {
  /** The organization's management account (12 digits). */
  readonly managementAccount: string;
  /** Language of the notification texts. */
  readonly locale: Locale;
  /** deployment.regions. */
  readonly regions: readonly string[];
  /** central.region (decides the partition, so the Organizations region). */
  readonly centralRegion: string;
}

/** The account lifecycle notification's rules, placement and texts (no default: every field comes from the input). */
export function planOnboarding(input: OnboardingPlanInput): OnboardingPlan {
  if (!/^\d{12}$/.test(input.managementAccount)) {
    throw new Error(`'managementAccount' must be a 12-digit AWS account ID; got '${input.managementAccount}'`);
  }
  return {
    forward: onboardingForwardRule(),
    central: onboardingCentralRule(input.managementAccount),
    placement: onboardingPlacement(input.regions, input.centralRegion),
    email: onboardingEmailTemplate({ locale: input.locale }),
    chat: onboardingChatTemplate({ locale: input.locale }),
  };
}
