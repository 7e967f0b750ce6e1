import type { PseudoParameters } from '../simulate/rules/cfn';
import { resolveDeployedValue, type ExpectedBus, type ExpectedRule, type ExpectedTarget, type PhysicalResource } from './expected';
import type { Finding, RuleCheck } from './types';

/** One target of a deployed rule, as ListTargetsByRule returns it (the fields verify compares). */
export interface DeployedTarget {
  readonly Id?: string;
  readonly Arn?: string;
  readonly DeadLetterConfig?: { readonly Arn?: string };
  readonly RetryPolicy?: { readonly MaximumEventAgeInSeconds?: number; readonly MaximumRetryAttempts?: number };
}

/** A rule read back from a bus (DescribeRule + ListTargetsByRule). */
export interface DeployedRule {
  readonly name: string;
  readonly description?: string;
  /** The EventPattern text. */
  readonly eventPattern?: string;
  readonly state?: string;
  readonly targets: readonly DeployedTarget[];
}

/** A synthesized rule and the deployed rule it was matched with. */
export interface RulePair {
  readonly expected: ExpectedRule;
  readonly deployed: DeployedRule;
}

/** The result of comparing one bus. */
export interface BusComparison {
  /** Matched pairs (drifted or not), in template order. */
  readonly pairs: readonly RulePair[];
  /** Deployed rules under the stack's name prefix that no synthesized rule matched. */
  readonly extra: readonly DeployedRule[];
  readonly checks: readonly RuleCheck[];
  readonly findings: readonly Finding[];
}

/**
 * A canonical form of a JSON value for semantic equality: object keys sorted; arrays sorted too (a pattern's value
 * lists and `$or` branches are sets), except the operand list of `numeric`, whose order is its meaning.
 */
export function canonicalJson(value: unknown): string {
  const canon = (v: unknown, ordered: boolean): string => {
    if (Array.isArray(v)) {
      const items = v.map((x) => canon(x, false));
      return `[${(ordered ? items : [...items].sort()).join(',')}]`;
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canon(x, k === 'numeric')}`).join(',')}}`;
    }
    return JSON.stringify(v);
  };
  return canon(value, false);
}

/** True when two event patterns (objects or JSON text) are the same JSON, whatever the key order, spacing or list order. */
export function samePattern(a: unknown, b: unknown): boolean {
  const parse = (x: unknown): unknown => {
    if (typeof x !== 'string') return x;
    try {
      return JSON.parse(x);
    } catch {
      return { unparseable: x };
    }
  };
  return canonicalJson(parse(a)) === canonicalJson(parse(b));
}

/** Where a bus is, for findings: "<name> (<account> <region>)". */
export function busLabel(bus: Pick<ExpectedBus, 'busName' | 'account' | 'region'>): string {
  return `${bus.busName === 'default' ? 'default bus' : `bus ${bus.busName}`} (${bus.account} ${bus.region})`;
}

/**
 * Pairs every synthesized rule of `expected` with a deployed rule and lists the differences as findings: a rule is
 * matched by its Description (CloudFormation suffixes the deployed name, the Description is the template's own and
 * unique per keywatch rule); rules that share a description are paired pattern-equal first. Compares the pattern
 * (semantically), the State, and per target Id the Arn, DeadLetterConfig.Arn and RetryPolicy, resolving the template's
 * references through `physical` (the stack's resources). A synthesized rule without a deployed one is `rule-missing`,
 * a deployed rule under the stack's prefix without a synthesized one is `rule-extra`.
 */
export function compareBus(expected: ExpectedBus, deployed: readonly DeployedRule[], physical: ReadonlyMap<string, PhysicalResource>): BusComparison {
  const where = busLabel(expected);
  const unused = new Set(deployed);
  const pairs: RulePair[] = [];
  const checks: RuleCheck[] = [];
  const findings: Finding[] = [];
  const missing: ExpectedRule[] = [];

  const candidates = (e: ExpectedRule) => [...unused].filter((d) => d.description === e.description);
  // pattern-equal pairs first, so that duplicates of a description pair up with their own pattern
  const order = [...expected.rules];
  const chosen = new Map<ExpectedRule, DeployedRule>();
  for (const e of order) {
    const d = candidates(e).find((c) => samePattern(c.eventPattern, e.pattern));
    if (d) {
      chosen.set(e, d);
      unused.delete(d);
    }
  }
  for (const e of order) {
    if (chosen.has(e)) continue;
    const d = candidates(e).sort((a, b) => a.name.localeCompare(b.name))[0];
    if (d) {
      chosen.set(e, d);
      unused.delete(d);
    } else {
      missing.push(e);
    }
  }

  for (const e of expected.rules) {
    const d = chosen.get(e);
    if (!d) {
      checks.push({ bus: where, logicalId: e.logicalId, description: e.description, status: 'missing', differences: [] });
      findings.push({
        kind: 'rule-missing',
        where,
        subject: e.logicalId,
        detail: `no deployed rule has the description "${e.description ?? ''}" of ${e.logicalId}`,
      });
      continue;
    }
    pairs.push({ expected: e, deployed: d });
    const diffs: string[] = [];
    if (!samePattern(d.eventPattern, e.pattern)) {
      diffs.push('pattern');
      findings.push({ kind: 'pattern-drift', where, subject: d.name, detail: `the deployed event pattern differs from ${e.logicalId} in cdk.out` });
    }
    if ((d.state ?? 'ENABLED') !== e.state) {
      diffs.push('state');
      findings.push({ kind: 'state-drift', where, subject: d.name, detail: `state is ${d.state ?? '(none)'}, cdk.out has ${e.state}` });
    }
    for (const problem of compareTargets(e.targets, d.targets, expected.stack.pseudo, physical)) {
      if (!diffs.includes('targets')) diffs.push('targets');
      findings.push({ kind: 'target-drift', where, subject: d.name, detail: problem });
    }
    checks.push({
      bus: where,
      name: d.name,
      logicalId: e.logicalId,
      description: e.description,
      status: diffs.length > 0 ? 'drift' : 'ok',
      differences: diffs,
    });
  }
  const extra = [...unused].sort((a, b) => a.name.localeCompare(b.name));
  for (const d of extra) {
    checks.push({ bus: where, name: d.name, description: d.description, status: 'extra', differences: [] });
    findings.push({
      kind: 'rule-extra',
      where,
      subject: d.name,
      detail: `a rule named like ${expected.stack.stackName}'s rules that cdk.out does not have (description "${d.description ?? ''}")`,
    });
  }
  return { pairs, extra, checks, findings };
}

function compareTargets(
  expected: readonly ExpectedTarget[],
  deployed: readonly DeployedTarget[],
  pseudo: PseudoParameters,
  physical: ReadonlyMap<string, PhysicalResource>,
): string[] {
  const problems: string[] = [];
  const byId = new Map(deployed.map((t) => [t.Id ?? '', t]));
  const resolve = (v: unknown) => resolveDeployedValue(v, pseudo, physical);
  for (const e of expected) {
    const d = byId.get(e.id);
    byId.delete(e.id);
    if (!d) {
      problems.push(`target ${e.id} is missing`);
      continue;
    }
    const arn = resolve(e.arn);
    if (arn === undefined) problems.push(`target ${e.id}: cannot resolve the synthesized Arn ${JSON.stringify(e.arn)} through the stack's resources`);
    else if (d.Arn !== arn) problems.push(`target ${e.id} Arn is ${d.Arn ?? '(none)'}, expected ${arn}`);
    const dlq = e.deadLetterArn === undefined ? undefined : resolve(e.deadLetterArn);
    if (e.deadLetterArn !== undefined && dlq === undefined) {
      problems.push(`target ${e.id}: cannot resolve the synthesized dead-letter queue ${JSON.stringify(e.deadLetterArn)} through the stack's resources`);
    } else if ((d.DeadLetterConfig?.Arn ?? undefined) !== dlq) {
      problems.push(`target ${e.id} DeadLetterConfig is ${d.DeadLetterConfig?.Arn ?? '(none)'}, expected ${dlq ?? '(none)'}`);
    }
    const er = e.retryPolicy;
    const dr = d.RetryPolicy;
    if (er?.maximumEventAgeInSeconds !== dr?.MaximumEventAgeInSeconds || er?.maximumRetryAttempts !== dr?.MaximumRetryAttempts) {
      const show = (age?: number, attempts?: number) =>
        age === undefined && attempts === undefined ? '(none)' : `${age ?? '-'} s / ${attempts ?? '-'} attempts`;
      problems.push(
        `target ${e.id} RetryPolicy is ${show(dr?.MaximumEventAgeInSeconds, dr?.MaximumRetryAttempts)}, expected ${show(er?.maximumEventAgeInSeconds, er?.maximumRetryAttempts)}`,
      );
    }
  }
  for (const id of byId.keys()) problems.push(`target ${id || '(no id)'} is not in cdk.out`);
  return problems;
}
