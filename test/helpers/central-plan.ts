import { deliveryFailureEmailTemplate, notifyGateTemplate, senderDeliveryCentralRule, senderDeliveryForwardRule } from '@keywatch/shared';
import type { CentralRule, KeywatchConfig, NotifyPlan, OrganizationPlan } from '@keywatch/shared';
import { livenessPlanParts, senderRule } from './synth';

/** plan.notify as compileOrganization builds it from `config.notify` for `central` (gate inputs only for deduplicated and digest). */
export function notifyPlanFor(central: readonly CentralRule[], config: KeywatchConfig): NotifyPlan {
  const { mode, windowMinutes, locale, chat } = config.notify;
  const gateInputs =
    mode === 'every'
      ? {}
      : Object.fromEntries(
          central.map((r) => [r.id, notifyGateTemplate({ locale, account: r.account, chat: chat !== undefined, recipients: r.extraRecipients.length > 0 })]),
        );
  return { mode, windowMinutes, gateInputs };
}

/** A hand-written organization plan with the given central rules, and plan.notify from `config` when given (else none: mode every). */
export function plan(central: CentralRule[], config?: KeywatchConfig): OrganizationPlan {
  return {
    sender: [senderRule()],
    central,
    policy: { default: { networks: [], vpcEndpoints: [] }, accounts: [], common: { networks: [], vpcEndpoints: [] } },
    warnings: [],
    blindSpots: [],
    largestPatternChars: 100,
    ...livenessPlanParts(),
    senderDelivery: { forward: senderDeliveryForwardRule(), central: senderDeliveryCentralRule(), email: deliveryFailureEmailTemplate({ locale: 'en' }) },
    ...(config ? { notify: notifyPlanFor(central, config) } : {}),
  };
}
