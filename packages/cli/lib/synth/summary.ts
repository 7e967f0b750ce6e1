import {
  customMetricMonthlyUsd,
  HEARTBEAT_LOG_OTHER_FILTERS,
  isOptInRegion,
  LIVENESS_PRICES_USD,
  livenessCost,
  SCP_MAX_CHARS,
  stackSetCallAs,
} from '@keywatch/shared';
import type { LivenessCost } from '@keywatch/shared';
import type { AccountsDirectory, KeywatchConfig, OrganizationPlan } from '@keywatch/shared';
import { ALERT_COUNT_METRIC } from '@keywatch/central';
import type { StackTreeCounts } from './assembly-counts';
import { deploymentQuotaChecks, renderQuotaCheck } from './deployment-quotas';
import type { DeploymentQuotaCheck } from './deployment-quotas';

/** Price of one cross-account (or cross-region) event delivered to another bus, billed to the sender (us-east-1, USD). */
export const FORWARDED_EVENT_PRICE_PER_MILLION_USD = 1.0;

/** What `keywatch synth` reports about a synthesized organization. */
export interface SynthSummary {
  readonly configFile: string;
  readonly outdir: string;
  readonly organization: { readonly id: string; readonly managementAccount: string };
  readonly central: { readonly account: string; readonly region: string; readonly busName: string; readonly stackName: string };
  /** Accounts in the directory; undefined without a directory. */
  readonly directoryAccounts?: number;
  /** ACTIVE accounts other than the management account: the StackSet's instances per region. Undefined without a directory. */
  readonly memberAccounts?: number;
  readonly regions: readonly string[];
  /** The regions of `regions` that are opt-in: each member account must enable them, or its stack instance there fails. */
  readonly optInRegions: readonly string[];
  readonly stackSet: {
    readonly name: string;
    readonly host: string;
    readonly callAs: 'SELF' | 'DELEGATED_ADMIN';
    readonly organizationalUnits: readonly string[];
    readonly instances?: number;
  };
  readonly managementStacks: readonly string[];
  /** Rules on the receiver bus: alert rules plus the onboarding rule and the archive's managed rule, against the per-bus quota. */
  readonly receiverRules: {
    readonly alert: number;
    /** Of the alert rules, those shared by the accounts of one policy, and how many accounts they cover (on this bus). */
    readonly shared?: { readonly rules: number; readonly accounts: number };
    readonly onboarding: number;
    readonly heartbeat: number;
    readonly tamper: number;
    readonly senderDelivery: number;
    readonly archive: number;
    readonly total: number;
    readonly quota: number;
  };
  /** The account lifecycle notification: the management stack forwarding AWS Organizations events, undefined when none does (see warnings). */
  readonly onboarding: { readonly forwardedBy?: string };
  /** Rules on each member default bus, against the per-bus quota. */
  readonly senderRules: { readonly perBus: number; readonly quota: number };
  readonly largestPattern: { readonly chars: number; readonly quota: number };
  /** Outside addresses no pattern can watch under both IP semantics: those a caller can come from, by name, and how many others. */
  readonly blindSpots: { readonly reachable: readonly string[]; readonly unreachable: number };
  readonly targets: {
    readonly emailAddresses: number;
    readonly chat?: 'slack' | 'teams';
    readonly alertLog: string;
    readonly accountTopics: number;
    readonly maxPerRule: number;
  };
  readonly estimate: { readonly eventsPerMonth?: number; readonly monthlyUsd?: number; readonly pricePerMillionUsd: number };
  readonly templates: readonly string[];
  readonly warnings: readonly string[];
  /** Heartbeats, liveness alarms and their monthly cost: for this deployment and for 100 and 1,000 accounts × 17 regions. */
  readonly liveness: {
    readonly intervalMinutes: number;
    readonly heartbeatsPerInterval: number;
    readonly alarms: number;
    readonly metricFilters: number;
    readonly costs: readonly LivenessCost[];
  };
  /** The alert storm alarm's own monthly cost: its custom metric (priced after the liveness metrics, in the tier it falls in) and the alarm. */
  readonly stormAlarm: { readonly metric: string; readonly metricUsd: number; readonly alarmUsd: number };
  /** The protection SCP: where synth wrote it, its size, and whether the management stack deploys it. */
  readonly protection: { readonly file: string; readonly chars: number; readonly maxChars: number; readonly deployed: boolean };
  /** The receiver buses (central.shards): per bus its stack, accounts and rules against quotas.rulesPerBus. */
  readonly buses: readonly { readonly busName: string; readonly stackName: string; readonly accounts: number; readonly rules: number }[];
  /** Every synthesized template (nested stacks included) against CloudFormation's per-template limits. */
  readonly stacks: readonly TemplateFigures[];
  /** The Service Quotas increases this organization's deployment needs, by their Service Quotas names; empty when none. */
  readonly quotaIncreases: readonly string[];
  /** StackSets, stacks, CloudWatch and CloudWatch Logs quotas against what this deployment creates (deployment-quotas.ts). */
  readonly deploymentQuotas: readonly DeploymentQuotaCheck[];
}

/** Size and section counts of one synthesized template. */
export interface TemplateFigures {
  readonly file: string;
  readonly bytes: number;
  readonly resources: number;
  readonly outputs: number;
  readonly parameters: number;
}

/** EventBridge's default quotas (Service Quotas defaults in most regions; facts.md §2), above which an increase must have been granted. */
export const EVENTBRIDGE_DEFAULT_QUOTAS = { rulesPerBus: 300, eventPatternMaxChars: 2048 } as const;

/** The Service Quotas increases `config` assumes (its `quotas` above EventBridge's defaults), each with the account(s), region(s) and value. */
export function quotaIncreases(config: KeywatchConfig): string[] {
  const increases: string[] = [];
  if (config.quotas.rulesPerBus > EVENTBRIDGE_DEFAULT_QUOTAS.rulesPerBus) {
    increases.push(
      `Amazon EventBridge 'Rules per event bus' to ${config.quotas.rulesPerBus} in the security account ${config.central.account} (${config.central.region}), ` +
        `the management account and every member account in every deployed region (quotas.rulesPerBus; keywatch puts ${EVENTBRIDGE_DEFAULT_QUOTAS.rulesPerBus} or fewer on a member default bus only if its own rules leave room)`,
    );
  }
  if (config.quotas.eventPatternMaxChars > EVENTBRIDGE_DEFAULT_QUOTAS.eventPatternMaxChars) {
    increases.push(
      `Amazon EventBridge 'Event pattern size' to ${config.quotas.eventPatternMaxChars} in every account and every deployed region (quotas.eventPatternMaxChars): the sender patterns are that long`,
    );
  }
  return increases;
}

/** Everything summarize needs besides the config and plan. */
export interface SummaryContext {
  readonly configFile: string;
  readonly outdir: string;
  readonly directory?: AccountsDirectory;
  readonly stackSetHost: string;
  readonly centralStackName: string;
  readonly managementStacks: readonly string[];
  readonly alertLogGroup: string;
  readonly stackSetName: string;
  readonly templates: readonly string[];
  readonly warnings: readonly string[];
  readonly eventsPerMonth?: number;
  /** Name of the management stack that forwards AWS Organizations events; undefined when none does. */
  readonly onboardingStack?: string;
  /**
   * Where synth wrote the protection SCP.
   * @default - not written
   */
  readonly protectionScpFile?: string;
  /**
   * Stack names of the receiver buses, in plan.shards order (the primary's is centralStackName).
   * @default - [centralStackName]
   */
  readonly busStacks?: readonly string[];
  /**
   * Figures of every synthesized template.
   * @default - none
   */
  readonly templateFigures?: readonly TemplateFigures[];
  /**
   * Stacks, resources and metric filters of the security account's central region (central and shard stacks with their nested stacks).
   * @default - counted from the plan only: one stack per bus, the liveness alarms and heartbeat filters
   */
  readonly centralStackTrees?: StackTreeCounts;
  /**
   * AWS::CloudFormation::StackSet resources of the assembly.
   * @default 1
   */
  readonly stackSets?: number;
}

/** Reference sizes of the liveness cost table besides the deployment itself: accounts × regions. */
export const LIVENESS_REFERENCE_SIZES = [
  { accounts: 100, regions: 17 },
  { accounts: 1000, regions: 17 },
] as const;

/** Builds the synth summary (pure): counts, quotas and the forwarding cost estimate ($1.00 per million forwarded events). */
export function summarize(config: KeywatchConfig, plan: OrganizationPlan, ctx: SummaryContext): SynthSummary {
  const members = ctx.directory?.accounts.filter((a) => a.status === 'ACTIVE' && a.id !== config.organization.managementAccount);
  const accountTopics = new Set(plan.central.filter((r) => r.extraRecipients.length > 0).map((r) => r.account?.id ?? r.id)).size;
  const maxPerRule = Math.max(...plan.central.map((r) => 2 + (config.notify.chat ? 1 : 0) + (r.extraRecipients.length > 0 ? 1 : 0)));
  const chat = config.notify.chat ? ('slack' in config.notify.chat ? 'slack' : 'teams') : undefined;
  if (ctx.eventsPerMonth !== undefined && (!Number.isFinite(ctx.eventsPerMonth) || ctx.eventsPerMonth < 0)) {
    throw new Error(`'eventsPerMonth' must be a non-negative number; got '${ctx.eventsPerMonth}'`);
  }
  const trees = ctx.centralStackTrees;
  const livenessCells = new Set(plan.shards.flatMap((shard) => shard.heartbeat.alarms.map((a) => a.account))).size * config.deployment.regions.length;
  const heartbeatFilters = plan.shards.map((shard, i) => shard.heartbeat.filters.length + (i === 0 ? HEARTBEAT_LOG_OTHER_FILTERS : 0));
  const checks = deploymentQuotaChecks({
    central: `security account ${config.central.account} / ${config.central.region}`,
    stackSetAdmin: `management account ${config.organization.managementAccount} (service-managed StackSets live there) / ${config.central.region}`,
    stackInstances: members ? members.length * config.deployment.regions.length : undefined,
    memberAccounts: members?.length,
    regions: config.deployment.regions.length,
    maxConcurrent: config.deployment.maxConcurrent,
    stackSets: ctx.stackSets ?? 1,
    centralStacks: trees?.stacks ?? plan.shards.length,
    largestTree: trees?.largestTree ?? { stack: ctx.centralStackName, resources: 0 },
    alarms: trees?.types.get('AWS::CloudWatch::Alarm') ?? plan.shards.reduce((n, shard) => n + shard.heartbeat.alarms.length, 0),
    metricFiltersPerLogGroup: trees?.metricFiltersPerLogGroup ?? Math.max(...heartbeatFilters),
    logsResourcePolicies: trees?.types.get('AWS::Logs::ResourcePolicy') ?? 0,
  });
  return {
    configFile: ctx.configFile,
    outdir: ctx.outdir,
    organization: { id: config.organization.id, managementAccount: config.organization.managementAccount },
    central: { account: config.central.account, region: config.central.region, busName: config.central.busName, stackName: ctx.centralStackName },
    directoryAccounts: ctx.directory?.accounts.length,
    memberAccounts: members?.length,
    regions: config.deployment.regions,
    optInRegions: config.deployment.regions.filter(isOptInRegion),
    stackSet: {
      name: ctx.stackSetName,
      host: ctx.stackSetHost,
      callAs: stackSetCallAs(config),
      organizationalUnits: config.deployment.organizationalUnits,
      instances: members ? members.length * config.deployment.regions.length : undefined,
    },
    managementStacks: ctx.managementStacks,
    receiverRules: {
      alert: plan.shards[0].rules.length,
      ...sharedOf(plan.shards[0].rules),
      onboarding: 1,
      heartbeat: 1,
      tamper: plan.tamper.rules.length,
      senderDelivery: 1,
      archive: 1,
      total: plan.shards[0].busRules,
      quota: config.quotas.rulesPerBus,
    },
    onboarding: { forwardedBy: ctx.onboardingStack },
    senderRules: { perBus: plan.sender.length, quota: config.quotas.rulesPerBus },
    largestPattern: { chars: plan.largestPatternChars, quota: config.quotas.eventPatternMaxChars },
    blindSpots: {
      reachable: plan.blindSpots.filter((b) => b.reachable).map((b) => b.network),
      unreachable: plan.blindSpots.filter((b) => !b.reachable).length,
    },
    targets: { emailAddresses: config.notify.email.length, chat, alertLog: ctx.alertLogGroup, accountTopics, maxPerRule },
    estimate: {
      eventsPerMonth: ctx.eventsPerMonth,
      monthlyUsd: ctx.eventsPerMonth === undefined ? undefined : (ctx.eventsPerMonth / 1_000_000) * FORWARDED_EVENT_PRICE_PER_MILLION_USD,
      pricePerMillionUsd: FORWARDED_EVENT_PRICE_PER_MILLION_USD,
    },
    templates: ctx.templates,
    // A hard limit the deployment passes fails its first deployment: said among the warnings too, not only in its row.
    warnings: [...ctx.warnings, ...checks.filter((c) => c.verdict === 'over').map((c) => `cannot be deployed as configured: ${renderQuotaCheck(c)}`)],
    liveness: {
      intervalMinutes: plan.heartbeat.intervalMinutes,
      heartbeatsPerInterval: plan.heartbeat.heartbeatsPerInterval,
      alarms: plan.shards.reduce((n, shard) => n + shard.heartbeat.alarms.length, 0),
      metricFilters: plan.shards.reduce((n, shard) => n + shard.heartbeat.filters.length, 0) + HEARTBEAT_LOG_OTHER_FILTERS, // + the sender delivery failure count
      costs: [
        { accounts: new Set(plan.shards.flatMap((shard) => shard.heartbeat.alarms.map((a) => a.account))).size, regions: config.deployment.regions.length },
        ...LIVENESS_REFERENCE_SIZES,
      ].map((size) => livenessCost({ ...size, forwardingRules: plan.heartbeat.heartbeatsPerInterval, intervalMinutes: plan.heartbeat.intervalMinutes })),
    },
    stormAlarm: {
      metric: `${ALERT_COUNT_METRIC.namespace}/${ALERT_COUNT_METRIC.name}`,
      metricUsd: customMetricMonthlyUsd(livenessCells + 1),
      alarmUsd: LIVENESS_PRICES_USD.alarmPerMonth,
    },
    protection: {
      file: ctx.protectionScpFile ?? '',
      chars: JSON.stringify(plan.protectionScp).length,
      maxChars: SCP_MAX_CHARS,
      deployed: config.protect.scp,
    },
    buses: plan.shards.map((shard, i) => ({
      busName: shard.busName,
      stackName: ctx.busStacks?.[i] ?? ctx.centralStackName,
      accounts: shard.accounts.length,
      rules: shard.busRules,
    })),
    stacks: ctx.templateFigures ?? [],
    quotaIncreases: [...quotaIncreases(config), ...checks.filter((c) => c.verdict === 'increase').map(renderQuotaCheck)],
    deploymentQuotas: checks,
  };
}

/** The shared alert rules among `rules` and the accounts they cover; {} when there are none. */
function sharedOf(rules: OrganizationPlan['central']): { shared?: { rules: number; accounts: number } } {
  const shared = rules.filter((r) => r.kind === 'group');
  if (shared.length === 0) return {};
  return { shared: { rules: shared.length, accounts: new Set(shared.flatMap((r) => (r.accounts ?? []).map((a) => a.id))).size } };
}
