import { aws_events as events } from 'aws-cdk-lib';
import type { RuleState } from '@keywatch/shared';

/** ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS when read-only calls are watched (the default), else ENABLED. */
export function ruleState(readOnlyEvents: boolean): Extract<RuleState, 'ENABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'> {
  return readOnlyEvents ? 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' : 'ENABLED';
}

/**
 * Sets the rule's State through the L1 escape hatch: aws-cdk-lib's RuleProps only has `enabled`, which
 * cannot express ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS (read-only CloudTrail events are otherwise skipped).
 */
export function applyRuleState(rule: events.Rule, state: RuleState): void {
  (rule.node.defaultChild as events.CfnRule).state = state;
}
