import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { compileOrganization, KeywatchError, type AccountsDirectory, type KeywatchConfig, type OrganizationPlan } from '@keywatch/shared';
import { SENDER_RULE_NAME_PREFIX } from '@keywatch/shared';
import type { AwsClients } from '../aws/clients';
import { withAwsErrors } from '../aws/errors';
import { busLabel, compareBus, type BusComparison } from './drift';
import { loadExpectedDeployment, type ExpectedBus } from './expected';
import { PatternTester } from './pattern-tester';
import { centralProbePlan, outcome, senderProbePlan, setReport, type ProbeRule, type ProbeSetPlan } from './probe-plan';
import type { IntentContext } from './probes';
import { semanticsEvent } from './probes';
import { readBusRules, readStackResources } from './read-back';
import { checkStackResources, countStackChecks } from './resources';
import { SEMANTICS_PROBES, classifySemantics, semanticsAnswers, semanticsProbePattern } from './semantics';
import type { BlindSpotReport, Finding, ProbeOutcome, ProbeSetReport, ResourceCheck, RuleCheck, SemanticsResult, VerifyReport } from './types';

/** What verify reads from a loaded configuration (the shape loadConfig returns). */
export interface VerifyInput {
  readonly config: KeywatchConfig;
  readonly directory?: AccountsDirectory;
}

/** Options of verifyDeployment. */
export interface VerifyOptions {
  /** The cloud assembly the deployment is compared with (see ensureCdkOut). */
  readonly cdkOut: string;
  /**
   * Verify the management account's default buses (keywatch-management-<region> stacks) instead of the central stack.
   * @default false
   */
  readonly management?: boolean;
  /**
   * Only this region: the central region, or with `management` one of the management stacks' regions.
   * @default - the central region; with `management`, every management stack's region
   */
  readonly region?: string;
  /**
   * Calls in flight at once (TestEventPattern is throttled: keep it small).
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * Leave out the IP semantics probes and the rule probes (no TestEventPattern calls).
   * @default false
   */
  readonly skipProbes?: boolean;
  /**
   * Called as work is done (done of total; total grows while the deployment is read).
   * @default - no progress reporting
   */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Clock for generatedAt and the probe events' time.
   * @default - the current time
   */
  readonly now?: () => Date;
  /**
   * Profile name, for error messages only.
   * @default - the default credential chain
   */
  readonly profile?: string;
}

/** Default calls in flight for verify: TestEventPattern is a throttled control-plane call. */
export const DEFAULT_VERIFY_CONCURRENCY = 4;

interface BusResult {
  readonly bus: ExpectedBus;
  readonly comparison: BusComparison;
}

/**
 * Verifies a deployment against the cloud assembly `options.cdkOut`: reads the deployed rules back (ListRules with the
 * stack's name prefix, DescribeRule, ListTargetsByRule) and compares them with the synthesized ones; asks
 * TestEventPattern which IP semantics the service has and how every deployed rule set answers probe events whose
 * expected answers come from the resolved policy (not from the compiler); checks e-mail subscriptions, dead-letter
 * queues, the archive and the alert log. Central mode needs credentials of central.account, management mode of
 * organization.managementAccount. Throws KeywatchError for credential, permission and account problems; never exits.
 */
export async function verifyDeployment(clients: AwsClients, input: VerifyInput, options: VerifyOptions): Promise<VerifyReport> {
  const { config } = input;
  const concurrency = options.concurrency ?? DEFAULT_VERIFY_CONCURRENCY;
  const management = options.management ?? false;
  const startCalls = clients.counter.total;
  const startOps = clients.counter.byOperation();
  const now = (options.now ?? (() => new Date()))();
  const time = `${now.toISOString().slice(0, 19)}Z`;
  const warnings: string[] = [];
  const findings: Finding[] = [];
  let done = 0;
  let total = 2; // the caller identity, and the end
  const work = (n: number) => {
    total += n;
    options.onProgress?.(done, total);
  };
  const tick = () => options.onProgress?.(++done, total);

  const expected = loadExpectedDeployment(options.cdkOut);
  const plan = compileOrganization(config, input.directory);
  const wantedAccount = management ? config.organization.managementAccount : config.central.account;
  const allBuses = management ? expected.management : [expected.central];
  if (management && allBuses.length === 0) {
    throw new KeywatchError(`${options.cdkOut} holds no keywatch-management-<region> stacks; run \`keywatch synth\` again`);
  }
  const buses = options.region === undefined ? allBuses : allBuses.filter((b) => b.region === options.region);
  if (buses.length === 0) {
    const regions = allBuses.map((b) => b.region).join(', ');
    throw new KeywatchError(
      management
        ? `'--region' must be a region of the management stacks (${regions}); got '${options.region}'`
        : `'--region' must be the central region ${regions} (central.region) without --management; got '${options.region}'`,
    );
  }

  const caller = await withAwsErrors({ operation: 'sts:GetCallerIdentity', profile: options.profile }, () =>
    clients.sts(buses[0].region).send(new GetCallerIdentityCommand({})),
  );
  tick();
  if (caller.Account !== wantedAccount) {
    const who = options.profile ? `profile '${options.profile}'` : 'the default credentials';
    throw new KeywatchError(
      management
        ? `The credentials of ${who} belong to account ${caller.Account ?? '?'}, but --management verifies the management account ${wantedAccount} (organization.managementAccount); pass --profile of the management account.`
        : `The credentials of ${who} belong to account ${caller.Account ?? '?'}, but verify checks the security account ${wantedAccount} (central.account); pass --profile of that account, or --management with management-account credentials.`,
    );
  }

  // 1. read back and compare
  const rules: RuleCheck[] = [];
  const resources: ResourceCheck[] = [];
  const results: BusResult[] = [];
  for (const bus of buses) {
    const stackName = bus.stack.stackName;
    const ctx = { region: bus.region, profile: options.profile };
    work(3);
    const physical = await readStackResources(clients, stackName, ctx);
    tick();
    if (physical === undefined) {
      if (!management) {
        throw new KeywatchError(
          `Stack '${stackName}' was not found in ${bus.region} of account ${wantedAccount}; deploy it first (\`npx cdk deploy ${stackName}\`), or fix --region.`,
        );
      }
      findings.push({
        kind: 'stack-missing',
        where: `${bus.region}`,
        subject: stackName,
        detail: `the stack ${stackName} does not exist in ${bus.region}; deploy it with management-account credentials`,
      });
      done += 2;
      continue;
    }
    // keywatch- covers both the names CloudFormation generates from the stack name (keywatch-central-…,
    // keywatch-management-<region>-…) and the fixed names of the member rules and the heartbeat rule (keywatch-Sender1 …).
    const deployed = await readBusRules(clients, bus.busName, stackName.startsWith(SENDER_RULE_NAME_PREFIX) ? SENDER_RULE_NAME_PREFIX : `${stackName}-`, {
      ...ctx,
      concurrency,
      onRules: (n) => work(n),
      onRule: tick,
    });
    tick();
    let comparison: BusComparison;
    if (deployed === undefined) {
      findings.push({
        kind: 'bus-missing',
        where: busLabel(bus),
        subject: bus.busName,
        detail: `the event bus ${bus.busName} does not exist in ${bus.region}`,
      });
      comparison = compareBus(bus, [], physical);
    } else {
      comparison = compareBus(bus, deployed, physical);
    }
    findings.push(...comparison.findings);
    rules.push(...comparison.checks);
    results.push({ bus, comparison });

    work(countStackChecks(bus.stack.template));
    const checked = await checkStackResources(clients, {
      stackName,
      template: bus.stack.template,
      region: bus.region,
      physical,
      concurrency,
      profile: options.profile,
      onCheck: tick,
    });
    resources.push(...checked.checks);
    findings.push(...checked.findings);
    tick();
  }

  // 2. probes
  const semantics: SemanticsResult[] = [];
  const probeSets: ProbeSetReport[] = [];
  const probeOutcomes: ProbeOutcome[] = [];
  const allOutcomes: ProbeOutcome[] = [];
  let testCalls = 0;
  if (!options.skipProbes && results.length > 0) {
    const ctx: IntentContext = { watch: config.watch, filtering: config.filtering, common: plan.policy.common, blindSpots: plan.blindSpots };
    const plans = management ? senderPlans(results, plan, ctx, time) : centralPlan(results[0], plan, ctx, time);
    const regions = [...new Set(results.map((r) => r.bus.region))];
    const tester = new PatternTester(clients, concurrency, options.profile);
    const semanticPairs = regions.flatMap((region) =>
      SEMANTICS_PROBES.map((p) => ({ region, pattern: semanticsProbePattern(p), event: semanticsEvent(p.value, wantedAccount, region, time) })),
    );
    const rulePairs = plans.flatMap((p) => p.tasks.flatMap((t) => t.rules.map((r) => ({ region: t.region, pattern: r.eventPattern, event: t.event }))));
    work(tester.count([...semanticPairs, ...rulePairs]));
    await tester.run([...semanticPairs, ...rulePairs], tick);
    testCalls = tester.calls;

    for (const region of regions) {
      const answers = SEMANTICS_PROBES.map(
        (p) => tester.result(region, semanticsProbePattern(p), semanticsEvent(p.value, wantedAccount, region, time)) === true,
      );
      const verdict = classifySemantics(answers);
      semantics.push({ region, verdict, answers: semanticsAnswers(answers) });
      if (verdict === 'unknown') {
        findings.push({
          kind: 'semantics-unknown',
          where: region,
          subject: 'IP semantics',
          detail:
            "TestEventPattern's answers to the IP semantics probes fit neither event-ruler's digit-wise nor family-strict comparison; the rules' IP matchers may not behave as keywatch assumes",
        });
      }
    }
    const rejected = new Set<string>();
    for (const p of plans) {
      const outs = p.tasks.map((t) => {
        const matched: string[] = [];
        for (const r of t.rules) {
          const res = tester.result(t.region, r.eventPattern, t.event);
          if (res === true) matched.push(r.name);
          if (typeof res === 'string' && !rejected.has(`${t.region}/${r.name}`)) {
            rejected.add(`${t.region}/${r.name}`);
            findings.push({
              kind: 'probe-rejected',
              where: t.region,
              subject: r.name,
              detail: `TestEventPattern did not judge the deployed pattern (${res}); its probes count as not matching`,
            });
          }
        }
        return outcome(t, matched);
      });
      allOutcomes.push(...outs);
      probeSets.push(setReport(p, outs));
      for (const o of outs) {
        if (!o.ok) {
          findings.push({ kind: 'probe-mismatch', where: `${o.set} (${o.region})`, subject: o.probe, detail: mismatchText(o) });
        }
        if (!o.ok || o.blindSpot) probeOutcomes.push(o);
      }
    }
  }
  if (options.skipProbes) {
    warnings.push('--skip-probes: which IP semantics the service has, and how the deployed rules answer events, were not checked.');
  }
  tick();

  const blindSpots: BlindSpotReport[] = plan.blindSpots.map((b) => ({
    network: b.network,
    kind: b.kind,
    reachable: b.reachable,
    affects: b.affects,
    probes: allOutcomes.filter((o) => o.blindSpot === b.network).length,
  }));
  const apiCalls = clients.counter.total - startCalls;
  const ops = clients.counter.byOperation();
  const apiCallsByOperation = Object.fromEntries(
    Object.entries(ops)
      .map(([k, v]) => [k, v - (startOps[k] ?? 0)])
      .filter(([, v]) => (v as number) > 0),
  );
  const drift = rules.filter((r) => r.status !== 'ok').length;
  return {
    generatedAt: now.toISOString(),
    mode: management ? 'management' : 'central',
    account: caller.Account ?? wantedAccount,
    regions: buses.map((b) => b.region),
    cdkOut: options.cdkOut,
    findings,
    rules,
    semantics,
    probeSets,
    probeOutcomes,
    blindSpots,
    resources,
    summary: {
      findings: findings.length,
      rulesExpected: results.reduce((n, r) => n + r.bus.rules.length, 0),
      rulesDeployed: rules.filter((r) => r.status !== 'missing').length,
      drift,
      probes: allOutcomes.length,
      probeMismatches: allOutcomes.filter((o) => !o.ok).length,
      blindSpotProbes: allOutcomes.filter((o) => o.blindSpot !== undefined).length,
      resources: resources.length,
      testEventPatternCalls: testCalls,
    },
    warnings,
    apiCalls,
    apiCallsByOperation,
  };
}

function mismatchText(o: ProbeOutcome): string {
  const want = o.want === 'one' ? 'exactly one of its own rules to match' : o.want === 'none' ? 'no rule to match' : 'at most one rule to match';
  const got = o.matched.length === 0 ? 'none matched' : `${o.matched.length} matched (${o.matched.join(', ')})`;
  return `expected ${want} — ${o.why} — but ${got}`;
}

function probeRule(p: { deployed: { name: string; eventPattern?: string } }): ProbeRule | undefined {
  return p.deployed.eventPattern === undefined ? undefined : { name: p.deployed.name, eventPattern: p.deployed.eventPattern };
}

function isRule(r: ProbeRule | undefined): r is ProbeRule {
  return r !== undefined;
}

/** The receiver bus's sets: each known account's rules and the fallback rules, by the plan's rule descriptions. */
function centralPlan(result: BusResult, plan: OrganizationPlan, ctx: IntentContext, time: string): ProbeSetPlan[] {
  const byDescription = new Map(plan.central.map((r) => [r.description, r]));
  const accountRules = new Map<string, ProbeRule[]>();
  const fallbackRules: ProbeRule[] = [];
  for (const pair of result.comparison.pairs) {
    const compiled = byDescription.get(pair.expected.description ?? '');
    const rule = probeRule(pair);
    if (compiled === undefined || rule === undefined) continue;
    if (compiled.kind === 'fallback') fallbackRules.push(rule);
    // a rule shared by the accounts of one policy is each of its accounts' own rule
    for (const id of compiled.kind === 'group' ? (compiled.accounts ?? []).map((a) => a.id) : compiled.account ? [compiled.account.id] : []) {
      accountRules.set(id, [...(accountRules.get(id) ?? []), rule]);
    }
  }
  const extraRules = result.comparison.extra.map((d) => probeRule({ deployed: d })).filter(isRule);
  return centralProbePlan({ policy: plan.policy, ctx, region: result.bus.region, accountRules, fallbackRules, extraRules, time });
}

/** One sender set per management region; a region whose deployed sender rules equal an earlier region's is not probed again. */
function senderPlans(results: readonly BusResult[], plan: OrganizationPlan, ctx: IntentContext, time: string): ProbeSetPlan[] {
  const senderDescriptions = new Set(plan.sender.map((r) => r.description));
  const seen = new Map<string, string>();
  const out: ProbeSetPlan[] = [];
  for (const r of results) {
    const senderRules = r.comparison.pairs
      .filter((p) => senderDescriptions.has(p.expected.description ?? ''))
      .map(probeRule)
      .filter(isRule);
    const extraRules = r.comparison.extra.map((d) => probeRule({ deployed: d })).filter(isRule);
    const key = JSON.stringify([senderRules.map((x) => x.eventPattern).sort(), extraRules.map((x) => x.eventPattern).sort()]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      out.push({
        region: r.bus.region,
        set: 'the organization-wide sender rule',
        suite: 'minimal',
        note: `same deployed patterns as ${earlier}; probed there`,
        tasks: [],
      });
      continue;
    }
    seen.set(key, r.bus.region);
    out.push(senderProbePlan({ policy: plan.policy, ctx, region: r.bus.region, account: r.bus.account, senderRules, extraRules, time }));
  }
  return out;
}
