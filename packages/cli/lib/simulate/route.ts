import { createEventReader, deliversTo, ownString, type EventBridgeEvent } from './engine';
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
  /** The scope of the previous event. */
  private last: { readonly account: string; readonly region: string; readonly rules: readonly SimRule[] | null } | undefined;
  /** Reads each field once per event for all the rules (sender and alert rules share most of their fields). */
  private readonly reader = createEventReader();

  constructor(private readonly rules: SimulationRules) {
    this.accountScoped = new Set(rules.senders.flatMap((s) => (s.account === undefined ? [] : [s.account])));
  }

  /** The result for one event (shared constant objects when nothing is forwarded). */
  route(event: EventBridgeEvent): RouteResult {
    const senders = this.sendersFor(event.account, event.region);
    if (senders === null) return UNCOVERED;
    const reader = this.reader;
    reader.reset(event);
    let copies = 0;
    for (let i = 0; i < senders.length; i++) {
      const rule = senders[i];
      if (deliversTo(rule, event) && rule.matcher.test(reader)) copies++;
    }
    if (copies === 0) return NOT_FORWARDED;
    const alerts: SimRule[] = [];
    const central = this.rules.central;
    for (let i = 0; i < central.length; i++) {
      const rule = central[i];
      if (deliversTo(rule, event) && rule.matcher.test(reader)) alerts.push(rule);
    }
    return { covered: true, copies, alerts };
  }

  /** The sender rules on the default bus of `account` in `region`; null when none are deployed there. */
  sendersFor(account: string, region: string): readonly SimRule[] | null {
    // CloudTrail writes one file per account and region: most events share the previous event's scope
    const last = this.last;
    if (last !== undefined && account === last.account && region === last.region) return last.rules;
    const rules = this.lookUpSenders(account, region);
    this.last = { account: ownString(account), region: ownString(region), rules };
    return rules;
  }

  private lookUpSenders(account: string, region: string): readonly SimRule[] | null {
    let regions = this.scopes.get(account);
    if (regions === undefined) {
      regions = new Map();
      this.scopes.set(ownString(account), regions);
    }
    let rules = regions.get(region);
    if (rules === undefined) {
      const own = this.accountScoped.has(account);
      const applicable = this.rules.senders.filter((s) => (own ? s.account === account : s.account === undefined) && inRegion(s, region));
      rules = applicable.length === 0 ? null : applicable.flatMap((s) => s.rules);
      regions.set(ownString(region), rules);
    }
    return rules;
  }
}

function inRegion(scope: SenderScope, region: string): boolean {
  return scope.regions === undefined || scope.regions.has(region);
}
