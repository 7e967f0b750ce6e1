import { serializedLength } from './chunk';

/**
 * EventBridge's fixed per-rule and per-bus limits (facts.md §2): at most 5 targets per rule (CloudFormation
 * AWS::Events::Rule Targets, "up to five (5) targets") and 30 rules with wildcard patterns per event bus (not
 * adjustable). The adjustable ones (rules per bus, event pattern size) come from the configuration's `quotas`.
 */
export const EVENTBRIDGE_LIMITS = {
  targetsPerRule: 5,
  wildcardRulesPerBus: 30,
} as const;

/** The adjustable EventBridge quotas a template is checked against (the configuration's `quotas`). */
export interface EventBridgeQuotas {
  readonly rulesPerBus: number;
  readonly eventPatternMaxChars: number;
}

type Resource = { Type?: string; Properties?: Record<string, unknown> };

/**
 * Why the rules of the CloudFormation template `text` of `name` cannot be created by EventBridge, each with the number,
 * the limit and the fix; empty when they can. Counts every AWS::Events::Rule per event bus (a rule without EventBusName
 * is on the default bus; an AWS::Events::Archive adds its managed rule to its source bus), the targets of each rule, the
 * size of each event pattern (conservatively, as the compiler counts it) and the rules with wildcard patterns per bus.
 * Rules a member account has on its own default bus are not known here: they share the same quota.
 */
export function eventBridgeLimitProblems(name: string, text: string, quotas: EventBridgeQuotas): string[] {
  const template = JSON.parse(text) as { Resources?: Record<string, Resource> };
  const resources = Object.entries(template.Resources ?? {});
  const perBus = new Map<string, { rules: number; archives: number; wildcard: number }>();
  const bus = (key: string) => {
    const entry = perBus.get(key) ?? { rules: 0, archives: 0, wildcard: 0 };
    perBus.set(key, entry);
    return entry;
  };
  const problems: string[] = [];
  for (const [logicalId, resource] of resources) {
    const props = resource.Properties ?? {};
    if (resource.Type === 'AWS::Events::Archive') {
      bus(busKey(props.SourceArn)).archives++;
      continue;
    }
    if (resource.Type !== 'AWS::Events::Rule' || props.ScheduleExpression !== undefined) {
      continue;
    }
    const entry = bus(busKey(props.EventBusName));
    entry.rules++;
    const targets = Array.isArray(props.Targets) ? props.Targets.length : 0;
    if (targets > EVENTBRIDGE_LIMITS.targetsPerRule) {
      problems.push(
        `${name}: rule ${logicalId} has ${targets} targets, over EventBridge's limit of ${EVENTBRIDGE_LIMITS.targetsPerRule} targets per rule; ` +
          'send to fewer destinations from one rule (one SNS topic can fan out to many subscribers)',
      );
    }
    if (props.EventPattern !== undefined) {
      const pattern = typeof props.EventPattern === 'string' ? (JSON.parse(props.EventPattern) as unknown) : props.EventPattern;
      const chars = serializedLength(pattern);
      if (chars > quotas.eventPatternMaxChars) {
        problems.push(
          `${name}: rule ${logicalId} has an event pattern of ${chars} characters, over the EventBridge quota 'Event pattern size' of ${quotas.eventPatternMaxChars} ` +
            `(quotas.eventPatternMaxChars); request an increase of 'Event pattern size' for Amazon EventBridge in Service Quotas (up to 4,096) in every deployed region, then set quotas.eventPatternMaxChars to the new value`,
        );
      }
      if (JSON.stringify(pattern).includes('"wildcard"')) {
        entry.wildcard++;
      }
    }
  }
  for (const [key, { rules, archives, wildcard }] of perBus) {
    const total = rules + archives;
    if (total > quotas.rulesPerBus) {
      problems.push(
        `${name} puts ${total} rules on event bus ${key} (${rules} rules, ${archives} archive${archives === 1 ? '' : 's'}), over the EventBridge quota 'Rules per event bus' of ${quotas.rulesPerBus} ` +
          `(quotas.rulesPerBus); request an increase in Service Quotas (Amazon EventBridge → Rules per event bus) for that account and region, then set quotas.rulesPerBus to the new value`,
      );
    }
    if (wildcard > EVENTBRIDGE_LIMITS.wildcardRulesPerBus) {
      problems.push(
        `${name} puts ${wildcard} rules with wildcard patterns on event bus ${key}, over EventBridge's limit of ${EVENTBRIDGE_LIMITS.wildcardRulesPerBus} per bus (not adjustable); use prefix or exact values instead of wildcards`,
      );
    }
  }
  return problems;
}

/** A readable key for the bus a rule or archive refers to: its name, the logical ID of a referenced bus, or "default". */
function busKey(ref: unknown): string {
  if (ref === undefined || ref === 'default') return 'default';
  if (typeof ref === 'string') return ref.replace(/^arn:[^:]+:events:[^:]*:\d*:event-bus\//, '');
  if (typeof ref === 'object' && ref !== null) {
    const o = ref as Record<string, unknown>;
    if (typeof o.Ref === 'string') return o.Ref;
    const att = o['Fn::GetAtt'];
    if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
  }
  return JSON.stringify(ref);
}
