import type { NetworkPolicy, ResolvedPolicy } from '@keywatch/shared';
import {
  FALLBACK_SET,
  SENDER_SET,
  accountSet,
  centralIntent,
  isIpAddress,
  probeEvent,
  probeKeys,
  probeLabel,
  probeSuite,
  senderIntent,
  type Intent,
  type IntentContext,
  type ProbeSpec,
} from './probes';
import type { ProbeOutcome, ProbeSetReport } from './types';

/** A deployed rule as the probes see it: its name and its deployed pattern text. */
export interface ProbeRule {
  readonly name: string;
  readonly eventPattern: string;
}

/** One probe event against one rule set: TestEventPattern runs it against every rule in `rules`. */
export interface ProbeTask {
  readonly set: string;
  readonly region: string;
  readonly account: string;
  readonly label: string;
  readonly intent: Intent;
  /** The event JSON. */
  readonly event: string;
  /** Every rule the event is tested against: the set's own, plus the fallback rules for an account, plus extra rules. */
  readonly rules: readonly ProbeRule[];
  /** Names of the set's own rules: an alert must come from one of them. */
  readonly own: ReadonlySet<string>;
}

/** A planned rule set: its tasks and how it is reported. */
export interface ProbeSetPlan {
  readonly region: string;
  readonly set: string;
  readonly suite: 'full' | 'minimal';
  readonly note?: string;
  readonly tasks: readonly ProbeTask[];
}

/** What the central probe plan needs. */
export interface CentralProbeInput {
  readonly policy: ResolvedPolicy;
  readonly ctx: IntentContext;
  /** The receiver bus region (the probe events' region). */
  readonly region: string;
  /** The deployed rules of each known account's set, by account ID (accounts without rules are absent). */
  readonly accountRules: ReadonlyMap<string, readonly ProbeRule[]>;
  /** The deployed fallback rules. */
  readonly fallbackRules: readonly ProbeRule[];
  /** Deployed keywatch-named rules that match no synthesized rule: tested with every set. */
  readonly extraRules: readonly ProbeRule[];
  /** Probe event time (ISO 8601). */
  readonly time: string;
}

/** How many account IDs that are not in the directory the fallback rules are probed with. */
export const UNKNOWN_ACCOUNT_PROBES = 3;

/**
 * Plans the probes of the receiver bus. Each known account's probes go to its own rules and the fallback rules (so a
 * duplicate alert, or a fallback alert instead of the account's, shows), with the account's policy as the intent;
 * probes the sender never forwards are left out. An account whose policy and rules (its ID aside, or the same rule shared
 * by the accounts of its policy) equal an earlier account's gets a minimal suite (an IPv4 and an IPv6 alert and one allowed event). The fallback rules get the full
 * suite for one account ID that is not in the directory and the minimal suite for a few more.
 */
export function centralProbePlan(input: CentralProbeInput): ProbeSetPlan[] {
  const { policy, ctx, region } = input;
  const keys = probeKeys(ctx.watch);
  const plans: ProbeSetPlan[] = [];
  const classes = new Map<string, { id: string; tasks: ProbeTask[] }>();
  // A rule shared by the accounts of one policy names all of them: it is the same rule for each (its name), where an
  // account's own rule is the same as another's once its ID is taken out of the pattern.
  const sharers = new Map<ProbeRule, number>();
  for (const rules of input.accountRules.values()) for (const r of rules) sharers.set(r, (sharers.get(r) ?? 0) + 1);
  const ruleClass = (r: ProbeRule, account: string): string =>
    (sharers.get(r) ?? 0) > 1 ? `shared ${r.name}` : r.eventPattern.split(account).join('<account>');

  /** Tasks of `specs` from `account`, against `own` plus (for a known account) the fallback rules, plus the extra rules. */
  const tasksFor = (account: string, set: string, own: readonly ProbeRule[], accountPolicy: NetworkPolicy, specs: readonly ProbeSpec[]): ProbeTask[] => {
    const rules = dedupeRules([...own, ...input.fallbackRules, ...input.extraRules]);
    const ownNames = new Set(own.map((r) => r.name));
    const out: ProbeTask[] = [];
    for (const s of specs) {
      const intent = centralIntent(s, accountPolicy, set, ctx);
      if (intent === undefined) continue;
      out.push({ set, region, account, label: probeLabel(s), intent, event: probeEvent(s, account, region, input.time), rules, own: ownNames });
    }
    return out;
  };

  for (const a of policy.accounts) {
    const set = accountSet(a.identity.id, a.identity.name);
    const own = input.accountRules.get(a.identity.id) ?? [];
    const specs = probeSuite(a, keys, 'central');
    const classKey = JSON.stringify([a.networks, a.vpcEndpoints, own.map((r) => ruleClass(r, a.identity.id)).sort()]);
    const earlier = classes.get(classKey);
    if (earlier === undefined) {
      const tasks = tasksFor(a.identity.id, set, own, a, specs);
      classes.set(classKey, { id: a.identity.id, tasks });
      plans.push({ region, set, suite: 'full', tasks });
    } else {
      const tasks = tasksFor(a.identity.id, set, own, a, minimalSpecs(specs, a, set, ctx));
      plans.push({ region, set, suite: 'minimal', note: `same policy and rules as ${earlier.id}`, tasks });
    }
  }

  const unknown = unknownAccounts(policy.accounts.map((a) => a.identity.id));
  unknown.forEach((id, i) => {
    const specs = probeSuite(policy.default, keys, 'central');
    const chosen = i === 0 ? specs : minimalSpecs(specs, policy.default, FALLBACK_SET, ctx);
    const tasks = tasksFor(id, FALLBACK_SET, input.fallbackRules, policy.default, chosen);
    plans.push({
      region,
      set: `${FALLBACK_SET} (as ${id})`,
      suite: i === 0 ? 'full' : 'minimal',
      ...(i > 0 ? { note: `same policy and rules as ${unknown[0]}` } : {}),
      tasks,
    });
  });
  return plans;
}

/** What the sender probe plan needs. */
export interface SenderProbeInput {
  readonly policy: ResolvedPolicy;
  readonly ctx: IntentContext;
  readonly region: string;
  /** The account whose default bus holds the rules (the management account). */
  readonly account: string;
  readonly senderRules: readonly ProbeRule[];
  readonly extraRules: readonly ProbeRule[];
  readonly time: string;
}

/** Plans the probes of one default bus's sender rules: the full suite for the common networks, with the sender's intent. */
export function senderProbePlan(input: SenderProbeInput): ProbeSetPlan {
  const keys = probeKeys(input.ctx.watch);
  const rules = dedupeRules([...input.senderRules, ...input.extraRules]);
  const own = new Set(input.senderRules.map((r) => r.name));
  const tasks = probeSuite(input.policy.common, keys, 'sender').map((s): ProbeTask => ({
    set: SENDER_SET,
    region: input.region,
    account: input.account,
    label: probeLabel(s),
    intent: senderIntent(s, input.ctx),
    event: probeEvent(s, input.account, input.region, input.time),
    rules,
    own,
  }));
  return { region: input.region, set: SENDER_SET, suite: 'full', tasks };
}

/** The probes of a minimal suite: the first alerting IPv4 and IPv6 probe and the first forwarded probe that must not alert. */
function minimalSpecs(specs: readonly ProbeSpec[], policy: NetworkPolicy, set: string, ctx: IntentContext): ProbeSpec[] {
  const withIntent = specs.map((s) => ({ s, intent: centralIntent(s, policy, set, ctx) })).filter((x) => x.intent !== undefined);
  const pick = (pred: (x: (typeof withIntent)[number]) => boolean) => withIntent.find(pred)?.s;
  const alert4 = pick((x) => x.intent!.want === 'one' && isIpAddress(x.s.sourceIp) && !x.s.sourceIp.includes(':'));
  const alert6 = pick((x) => x.intent!.want === 'one' && x.s.sourceIp.includes(':'));
  const quiet = pick((x) => x.intent!.want === 'none' && x.intent!.blindSpot === undefined);
  return [alert4, alert6, quiet].filter((s): s is ProbeSpec => s !== undefined);
}

/** Up to UNKNOWN_ACCOUNT_PROBES distinct account IDs not in `known`: the highest, the lowest, and the next after the middle known ID. */
export function unknownAccounts(known: readonly string[]): string[] {
  const taken = new Set(known);
  const id = (n: bigint) => n.toString().padStart(12, '0');
  const free = (start: bigint, step: bigint): string | undefined => {
    for (let n = start, i = 0; n >= 0n && n <= 999999999999n && i < 1000; n += step, i++) {
      if (!taken.has(id(n))) {
        taken.add(id(n));
        return id(n);
      }
    }
    return undefined;
  };
  const sorted = [...known].sort();
  const middle = sorted[Math.floor(sorted.length / 2)];
  const candidates = [free(999999999999n, -1n), free(1n, 1n), middle !== undefined ? free(BigInt(middle) + 1n, 1n) : undefined];
  return candidates.filter((c): c is string => c !== undefined).slice(0, UNKNOWN_ACCOUNT_PROBES);
}

function dedupeRules(rules: readonly ProbeRule[]): ProbeRule[] {
  const seen = new Set<string>();
  return rules.filter((r) => !seen.has(r.name) && (seen.add(r.name), true));
}

/** Judges one task from the names of the rules that matched (see Want): 'one' also needs the match to be one of the set's own rules. */
export function judge(task: ProbeTask, matched: readonly string[]): boolean {
  switch (task.intent.want) {
    case 'one':
      return matched.length === 1 && task.own.has(matched[0]);
    case 'none':
      return matched.length === 0;
    case 'at-most-one':
      return matched.length <= 1;
  }
}

/** The outcome of a task for the report. */
export function outcome(task: ProbeTask, matched: readonly string[]): ProbeOutcome {
  return {
    set: task.set,
    region: task.region,
    probe: task.label,
    account: task.account,
    want: task.intent.want,
    why: task.intent.why,
    matched,
    ok: judge(task, matched),
    ...(task.intent.blindSpot ? { blindSpot: task.intent.blindSpot } : {}),
  };
}

/** The report row of a planned set after its tasks ran. */
export function setReport(plan: ProbeSetPlan, outcomes: readonly ProbeOutcome[]): ProbeSetReport {
  const rules = new Set(plan.tasks.flatMap((t) => t.rules.map((r) => r.name)));
  return {
    region: plan.region,
    set: plan.set,
    rules: rules.size,
    probes: plan.tasks.length,
    mismatches: outcomes.filter((o) => !o.ok).length,
    suite: plan.suite,
    ...(plan.note ? { note: plan.note } : {}),
  };
}
