import { createEventReader, deliversTo, indexPatterns, ownString, type EventBridgeEvent, type EventReader, type PatternIndex } from './engine';
import type { SenderScope, SimRule, SimulationRules } from './rules/types';

/** Rules with their patterns indexed (see indexPatterns): an event is tested only against the rules that can match it. */
class IndexedRules {
  private readonly index: PatternIndex;

  constructor(readonly rules: readonly SimRule[]) {
    this.index = indexPatterns(rules.map((r) => r.matcher));
  }

  /** The rules that deliver `event` (held by `reader`), in template order. */
  matching(event: EventBridgeEvent, reader: EventReader, into: SimRule[]): void {
    const rules = this.rules;
    const candidates = this.index.candidates(reader);
    for (let k = 0; k < candidates.length; k++) {
      const rule = rules[candidates[k]];
      if (deliversTo(rule, event) && rule.matcher.test(reader)) into.push(rule);
    }
  }

  /** How many rules deliver `event` (held by `reader`). */
  count(event: EventBridgeEvent, reader: EventReader): number {
    const rules = this.rules;
    const candidates = this.index.candidates(reader);
    let n = 0;
    for (let k = 0; k < candidates.length; k++) {
      const rule = rules[candidates[k]];
      if (deliversTo(rule, event) && rule.matcher.test(reader)) n++;
    }
    return n;
  }
}

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
  private readonly scopes = new Map<string, Map<string, IndexedRules | null>>();
  /** The indexed sender rules of each distinct combination of scopes (most regions share one). */
  private readonly senderSets = new Map<string, IndexedRules>();
  private readonly accountScoped: ReadonlySet<string>;
  /** The scope of the previous event. */
  private last: { readonly account: string; readonly region: string; readonly rules: IndexedRules | null } | undefined;
  /** Reads each field once per event for all the rules (sender and alert rules share most of their fields). */
  private readonly reader = createEventReader();
  private readonly central: IndexedRules;

  constructor(private readonly rules: SimulationRules) {
    this.accountScoped = new Set(rules.senders.flatMap((s) => (s.account === undefined ? [] : [s.account])));
    this.central = new IndexedRules(rules.central);
  }

  /** The result for one event (shared constant objects when nothing is forwarded). */
  route(event: EventBridgeEvent): RouteResult {
    const senders = this.senderRulesFor(event.account, event.region);
    if (senders === null) return UNCOVERED;
    const reader = this.reader;
    reader.reset(event);
    const copies = senders.count(event, reader);
    if (copies === 0) return NOT_FORWARDED;
    const alerts: SimRule[] = [];
    this.central.matching(event, reader, alerts);
    return { covered: true, copies, alerts };
  }

  /** The sender rules on the default bus of `account` in `region`; null when none are deployed there. */
  sendersFor(account: string, region: string): readonly SimRule[] | null {
    return this.senderRulesFor(account, region)?.rules ?? null;
  }

  private senderRulesFor(account: string, region: string): IndexedRules | null {
    // CloudTrail writes one file per account and region: most events share the previous event's scope
    const last = this.last;
    if (last !== undefined && account === last.account && region === last.region) return last.rules;
    const rules = this.lookUpSenders(account, region);
    this.last = { account: ownString(account), region: ownString(region), rules };
    return rules;
  }

  private lookUpSenders(account: string, region: string): IndexedRules | null {
    let regions = this.scopes.get(account);
    if (regions === undefined) {
      regions = new Map();
      this.scopes.set(ownString(account), regions);
    }
    let rules = regions.get(region);
    if (rules === undefined) {
      const own = this.accountScoped.has(account);
      const applicable = this.rules.senders.filter((s) => (own ? s.account === account : s.account === undefined) && inRegion(s, region));
      if (applicable.length === 0) rules = null;
      else {
        const key = applicable.map((s) => this.rules.senders.indexOf(s)).join(',');
        rules = this.senderSets.get(key);
        if (rules === undefined) {
          rules = new IndexedRules(applicable.flatMap((s) => s.rules));
          this.senderSets.set(key, rules);
        }
      }
      regions.set(ownString(region), rules);
    }
    return rules;
  }
}

function inRegion(scope: SenderScope, region: string): boolean {
  return scope.regions === undefined || scope.regions.has(region);
}
