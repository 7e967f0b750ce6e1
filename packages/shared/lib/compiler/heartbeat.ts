import { QuotaError } from '../errors';
import { serializedLength } from './chunk';
import type { CompiledRule, EventPattern } from './types';

/**
 * Source of keywatch's heartbeat events. EventBridge Scheduler refuses a source starting with `aws.` (its
 * EventBridgeParameters.Source pattern is `^(?=[/\.\-_A-Za-z0-9]+)((?!aws\.).*)*$`), and every central alert rule requires
 * the `aws.` prefix, so a heartbeat can never match an alert rule.
 */
export const HEARTBEAT_SOURCE = 'keywatch.heartbeat';

/** detail-type of keywatch's heartbeat events. */
export const HEARTBEAT_DETAIL_TYPE = 'keywatch heartbeat';

/** Prefix of every rule keywatch puts on a member default bus; the tamper rule and the protection SCP name the rules by it. */
export const SENDER_RULE_NAME_PREFIX = 'keywatch-';

/** The EventBridge rule name of the forwarding rule with plan id `id` (no default): `keywatch-<id>`, at most 64 characters. */
export function senderRuleName(id: string): string {
  const name = `${SENDER_RULE_NAME_PREFIX}${id}`;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) {
    throw new Error(`'id' must give a rule name of at most 64 letters, digits, '.', '_' or '-'; got '${name}'`);
  }
  return name;
}

/** The heartbeat detail the schedule of forwarding rule `ruleId` puts on the default bus (no default). */
export interface HeartbeatDetail {
  /** The plan id of the forwarding rule whose `$or` branch carries this heartbeat, e.g. "Sender1". */
  readonly rule: string;
  /** Minutes between heartbeats. */
  readonly intervalMinutes: number;
}

/** The `$or` branch that lets forwarding rule `ruleId` carry its own heartbeat, and no other rule's (no default). */
export function heartbeatBranch(ruleId: string): EventPattern {
  return { source: [HEARTBEAT_SOURCE], 'detail-type': [HEARTBEAT_DETAIL_TYPE], detail: { rule: [ruleId] } };
}

/**
 * `pattern` OR the heartbeat of rule `ruleId`, as one top-level `$or` (no default). The heartbeat then travels through
 * the same rule, role, retry policy and DLQ as the alerts: deleting, disabling or narrowing the rule, or breaking its
 * role or target, silences the heartbeat too.
 */
export function withHeartbeat(pattern: EventPattern, ruleId: string): EventPattern {
  const keys = Object.keys(pattern);
  if (keys.length === 1 && keys[0] === '$or' && Array.isArray(pattern.$or)) {
    return { $or: [...(pattern.$or as unknown[]), heartbeatBranch(ruleId)] }; // already a top-level $or: one more branch
  }
  return { $or: [pattern, heartbeatBranch(ruleId)] };
}

/** Longest rule id the chunker budgets for when it measures a sender pattern with its heartbeat branch. */
export const HEARTBEAT_BUDGET_RULE_ID = 'Sender9999';

/** Construct id (and plan id) of the receiver bus rule that writes heartbeats to the heartbeat log. */
export const HEARTBEAT_RULE_ID = 'Heartbeat';

/** The receiver bus rule that takes every heartbeat (and nothing else) to the heartbeat log group (no default: one fixed rule). */
export function heartbeatCentralRule(): CompiledRule {
  const pattern: EventPattern = { source: [HEARTBEAT_SOURCE], 'detail-type': [HEARTBEAT_DETAIL_TYPE] };
  return {
    id: HEARTBEAT_RULE_ID,
    description: 'keywatch: count the heartbeats of every forwarding rule of every account and region (liveness alarms)',
    pattern,
    patternChars: serializedLength(pattern),
  };
}

/** CloudWatch namespace and metric of the heartbeat counts. */
export const HEARTBEAT_METRIC = { namespace: 'keywatch', name: 'Heartbeats' } as const;

/**
 * Distinct account values one metric filter may see per hour before CloudWatch Logs disables it ("1000 different
 * name/value pairs for your specified dimensions within a certain amount of time", PutMetricFilter), kept at half
 * so accounts not yet in the directory fit too.
 */
export const HEARTBEAT_ACCOUNTS_PER_FILTER = 500;

/** Metric filters per log group (PutMetricFilter quota, not adjustable). */
export const METRIC_FILTERS_PER_LOG_GROUP = 100;

/** Metric filters of the heartbeat log that are not heartbeat filters: the sender delivery failure count (SENDER_DELIVERY_METRIC). */
export const HEARTBEAT_LOG_OTHER_FILTERS = 1;

/** Characters of a metric filter pattern (PutMetricFilter filterPattern, at most 1,024). */
export const METRIC_FILTER_PATTERN_MAX_CHARS = 1024;

/** One metric filter of the heartbeat log: the heartbeats of one region and one range of account IDs. */
export interface HeartbeatFilter {
  /** Construct-id-safe id, e.g. "UsEast1" or "UsEast1Accounts0To4". */
  readonly id: string;
  readonly region: string;
  /** First digits of the account IDs it counts ([''] = every account). */
  readonly accountPrefixes: readonly string[];
  /** CloudWatch Logs filter pattern. */
  readonly filterPattern: string;
}

/** One liveness alarm: an expected account × region. */
export interface HeartbeatAlarm {
  /** Construct-id-safe id, e.g. "A111122223333UsEast1". */
  readonly id: string;
  readonly account: string;
  readonly accountName?: string;
  readonly region: string;
}

/** Everything the central stack needs to count heartbeats and alarm on silence. */
export interface HeartbeatMonitorPlan {
  /** The receiver bus rule that writes heartbeats to the heartbeat log (heartbeatCentralRule). */
  readonly rule: CompiledRule;
  readonly intervalMinutes: number;
  /** Heartbeats each account × region sends per interval: one per forwarding rule. */
  readonly heartbeatsPerInterval: number;
  readonly filters: readonly HeartbeatFilter[];
  readonly alarms: readonly HeartbeatAlarm[];
}

/** One account that must send heartbeats. */
export interface ExpectedAccount {
  readonly id: string;
  readonly name?: string;
}

/**
 * Plans the heartbeat metric filters and alarms (no default): one alarm per expected account × region, and one metric
 * filter per region and range of account IDs holding at most HEARTBEAT_ACCOUNTS_PER_FILTER expected accounts, with
 * dimensions account and region. Throws QuotaError above METRIC_FILTERS_PER_LOG_GROUP filters.
 */
export function planHeartbeatMonitor(input: {
  readonly accounts: readonly ExpectedAccount[];
  readonly regions: readonly string[];
  readonly intervalMinutes: number;
  readonly forwardingRules: number;
}): HeartbeatMonitorPlan {
  const { regions, intervalMinutes } = input;
  if (!Number.isInteger(intervalMinutes) || intervalMinutes < 1 || intervalMinutes > 60) {
    throw new Error(`'intervalMinutes' must be a whole number from 1 to 60; got '${intervalMinutes}'`);
  }
  if (!Number.isInteger(input.forwardingRules) || input.forwardingRules < 1) {
    throw new Error(`'forwardingRules' must be a whole number of at least 1; got '${input.forwardingRules}'`);
  }
  const accounts = [...new Map(input.accounts.map((a) => [a.id, a])).values()].sort((a, b) => a.id.localeCompare(b.id));
  const groups = prefixGroups(
    accounts.map((a) => a.id),
    HEARTBEAT_ACCOUNTS_PER_FILTER,
  );
  const filters: HeartbeatFilter[] = [];
  for (const region of regions) {
    for (const prefixes of groups) {
      const accountCondition = prefixes.length === 1 && prefixes[0] === '' ? '' : ` && (${prefixes.map((p) => `$.account = "${p}*"`).join(' || ')})`;
      filters.push({
        id: `${pascal(region)}${groups.length > 1 ? `Accounts${prefixes[0]}To${prefixes[prefixes.length - 1]}` : ''}`,
        region,
        accountPrefixes: prefixes,
        filterPattern: `{ ($.source = "${HEARTBEAT_SOURCE}") && ($.region = "${region}")${accountCondition} }`,
      });
    }
  }
  const long = filters.find((f) => f.filterPattern.length > METRIC_FILTER_PATTERN_MAX_CHARS);
  if (long) {
    throw new QuotaError(
      `the heartbeat metric filter ${long.id} needs a pattern of ${long.filterPattern.length} characters but CloudWatch Logs allows ${METRIC_FILTER_PATTERN_MAX_CHARS}; ` +
        `the accounts directory has too many accounts with similar IDs for ranges of ${HEARTBEAT_ACCOUNTS_PER_FILTER}`,
    );
  }
  if (filters.length + HEARTBEAT_LOG_OTHER_FILTERS > METRIC_FILTERS_PER_LOG_GROUP) {
    throw new QuotaError(
      `the heartbeat log needs ${filters.length + HEARTBEAT_LOG_OTHER_FILTERS} metric filters (${regions.length} regions × ${groups.length} ranges of account IDs, at most ${HEARTBEAT_ACCOUNTS_PER_FILTER} accounts each, ` +
        `+ ${HEARTBEAT_LOG_OTHER_FILTERS} for sender delivery failures) but CloudWatch Logs allows ${METRIC_FILTERS_PER_LOG_GROUP} per log group; deploy fewer regions (deployment.regions)`,
    );
  }
  const alarms = accounts.flatMap((a) => regions.map((region) => ({ id: `A${a.id}${pascal(region)}`, account: a.id, accountName: a.name, region })));
  return { rule: heartbeatCentralRule(), intervalMinutes, heartbeatsPerInterval: input.forwardingRules, filters, alarms };
}

/**
 * Groups account IDs into runs of first-digit prefixes holding at most `max` IDs each (no default): a prefix with more
 * is split into its ten one-digit-longer prefixes, then neighbours are packed back together while they fit.
 */
export function prefixGroups(ids: readonly string[], max: number): string[][] {
  if (ids.length <= max) {
    return [['']];
  }
  const leaves: { prefix: string; count: number }[] = [];
  const split = (prefix: string): void => {
    const count = ids.filter((id) => id.startsWith(prefix)).length;
    if (count <= max || prefix.length >= 11) {
      leaves.push({ prefix, count });
      return;
    }
    for (let d = 0; d <= 9; d++) {
      split(`${prefix}${d}`);
    }
  };
  split('');
  const groups: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const leaf of leaves) {
    if (current.length > 0 && size + leaf.count > max) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(leaf.prefix);
    size += leaf.count;
  }
  groups.push(current);
  return groups;
}

/** "us-east-1" → "UsEast1". */
function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((p) => p.length > 0)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}
