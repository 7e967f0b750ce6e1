import { deliveryFailureEmailTemplate, senderDeliveryCentralRule, senderDeliveryForwardRule } from '@keywatch/shared';
import type { CentralRule, OrganizationPlan } from '@keywatch/shared';
import { livenessPlanParts, senderRule } from './synth';

/** A hand-written organization plan with the given central rules. */
export function plan(central: CentralRule[]): OrganizationPlan {
  return {
    sender: [senderRule()],
    central,
    policy: { default: { networks: [], vpcEndpoints: [] }, accounts: [], common: { networks: [], vpcEndpoints: [] } },
    warnings: [],
    blindSpots: [],
    largestPatternChars: 100,
    ...livenessPlanParts(),
    senderDelivery: { forward: senderDeliveryForwardRule(), central: senderDeliveryCentralRule(), email: deliveryFailureEmailTemplate({ locale: 'en' }) },
  };
}
