import { fillGateInput, renderInputTransformer, type EventBridgeEvent } from './engine';
import type { SimRule, SimTarget, SimulationRules } from './rules/types';

/** One message the security team would receive. */
export interface Notification {
  /** CloudTrail eventID. */
  readonly eventID: string;
  /** The account the key was used in (the event's account). */
  readonly account: string;
  /** The region of the call. */
  readonly region: string;
  /** The access key, or "" when the event has none. */
  readonly accessKeyId: string;
  /** The caller's source IP address (or service name), or "". */
  readonly sourceIPAddress: string;
  /** The API call, e.g. "ListBuckets". */
  readonly eventName: string;
  /** CloudTrail eventTime (ISO 8601), or "" when the event has none. */
  readonly eventTime: string;
  /** The alert rule's name. */
  readonly rule: string;
  /** What the e-mail target delivers (the input transformer's output, verbatim). */
  readonly message: string;
}

/** The target whose rendering is shown: the first e-mail topic, else the notify gate, else the first target with an input transformer, else the first. */
export function displayTarget(rule: SimRule): SimTarget | undefined {
  return (
    rule.targets.find((t) => t.kind === 'email') ??
    rule.targets.find((t) => t.kind === 'notify-gate') ??
    rule.targets.find((t) => t.inputTransformer !== undefined) ??
    rule.targets[0]
  );
}

/**
 * The notification `rule` sends for `event`: the display target's input transformer rendered by the engine with the
 * rule's name and ARN (arn:aws:events:<bus region>:<bus account>:rule/<bus>/<name>); a target without a transformer
 * receives the whole event as JSON.
 */
export function notificationFor(event: EventBridgeEvent, rule: SimRule, bus: SimulationRules['bus']): Notification {
  const detail = event.detail as Record<string, unknown>;
  const identity = (detail.userIdentity ?? {}) as Record<string, unknown>;
  const target = displayTarget(rule);
  const ruleArn = `arn:aws:events:${bus.region ?? event.region}:${bus.account ?? event.account}:rule/${bus.name}/${rule.name}`;
  const rendered =
    target?.inputTransformer !== undefined ? renderInputTransformer(target.inputTransformer, event, { ruleName: rule.name, ruleArn }) : JSON.stringify(event);
  // The notify gate's input is JSON carrying the e-mail text it publishes for the first alert of a window (NotifyGateInput.email);
  // for a rule shared by accounts of the same policy the gate first fills in the account's name, OU and owner from its directory.
  const message = target?.kind === 'notify-gate' ? gateEmail(rendered, target.gateDirectory) : rendered;
  return {
    eventID: text(detail.eventID),
    account: event.account,
    region: event.region,
    accessKeyId: text(identity.accessKeyId),
    sourceIPAddress: text(detail.sourceIPAddress),
    eventName: text(detail.eventName),
    eventTime: text(detail.eventTime),
    rule: rule.name,
    message,
  };
}

/** The `email` field of a rendered notify gate input (filled from the gate's `directory`); the whole rendering when it is not such JSON. */
function gateEmail(rendered: string, directory: SimTarget['gateDirectory']): string {
  try {
    const parsed = JSON.parse(rendered) as { email?: unknown };
    const email = (directory ? fillGateInput(parsed, directory) : parsed).email;
    return typeof email === 'string' ? email : rendered;
  } catch {
    return rendered;
  }
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v);
}
