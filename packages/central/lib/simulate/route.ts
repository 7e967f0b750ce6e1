import { deliversTo, type EventBridgeEvent } from './engine';
import type { SenderScope, SimRule, SimulationRules } from './rules/types';

/** What EventBridge does with one event. */
export interface RouteResult {
  /** False when no sender rule is deployed to the event's account and region (the event never leaves its bus). */
  readonly covered: boolean;
  /** Copies forwarded to the receiver bus: one per matching sender rule that targets a bus. */
  readonly copies: number;
  /** The alert rules each copy matches, in template order; every (copy, rule) pair is one notification. */
  readonly alerts: readonly SimRule[];
}

const UNCOVERED: RouteResult = { covered: false, copies: 0, alerts: [] };
const NOT_FORWARDED: RouteResult = { covered: true, copies: 0, alerts: [] };

/**
 * Routes events the way EventBridge would: first the sender rules on the default bus of the event's account and
 * region (state checked with deliversTo, so read-only calls reach only ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS
 * rules), then, for each forwarded copy (the envelope unchanged), the alert rules on the receiver bus. Sender rules
 * of a stack for one account (the management account) apply to that account instead of the StackSet's.
 */
export class Router {
  /** account → region → the sender rules there (null: none), filled on first use. */
  private readonly scopes = new Map<string, Map<string, readonly SimRule[] | null>>();
  private readonly accountScoped: ReadonlySet<string>;

  constructor(private readonly rules: SimulationRules) {
    this.accountScoped = new Set(rules.senders.flatMap((s) => (s.account === undefined ? [] : [s.account])));
  }

  /** The result for one event (shared constant objects when nothing is forwarded). */
  route(event: EventBridgeEvent): RouteResult {
    const senders = this.sendersFor(event.account, event.region);
    if (senders === null) return UNCOVERED;
    let copies = 0;
    for (let i = 0; i < senders.length; i++) {
      const rule = senders[i];
      if (deliversTo(rule, event) && rule.matcher.matches(event)) copies++;
    }
    if (copies === 0) return NOT_FORWARDED;
    const alerts: SimRule[] = [];
    const central = this.rules.central;
    for (let i = 0; i < central.length; i++) {
      const rule = central[i];
      if (deliversTo(rule, event) && rule.matcher.matches(event)) alerts.push(rule);
    }
    return { covered: true, copies, alerts };
  }

  /** The sender rules on the default bus of `account` in `region`; null when none are deployed there. */
  sendersFor(account: string, region: string): readonly SimRule[] | null {
    let regions = this.scopes.get(account);
    if (regions === undefined) {
      regions = new Map();
      this.scopes.set(account, regions);
    }
    let rules = regions.get(region);
    if (rules === undefined) {
      const own = this.accountScoped.has(account);
      const applicable = this.rules.senders.filter((s) => (own ? s.account === account : s.account === undefined) && inRegion(s, region));
      rules = applicable.length === 0 ? null : applicable.flatMap((s) => s.rules);
      regions.set(region, rules);
    }
    return rules;
  }
}

function inRegion(scope: SenderScope, region: string): boolean {
  return scope.regions === undefined || scope.regions.has(region);
}
