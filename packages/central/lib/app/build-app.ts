import { Annotations, App, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { compileOrganization, huntTablePlan, stackSetHostRegion } from '@keywatch/shared';
import type { AccountsDirectory, KeywatchConfig, OrganizationPlan } from '@keywatch/shared';
import type { SenderProps } from '@keywatch/member';
import { CentralStack } from '../security-account/central-stack';
import { HuntStack } from '../hunt/hunt-stack';
import { ShardStack, shardStackName } from '../security-account/shard-stack';
import { CENTRAL_STACK_NAME, HUNT_STACK_NAME, MANAGEMENT_STACK_PREFIX } from '../names';
import { ManagementSenderStack } from '../management/management-sender-stack';
import { ProtectionPolicy } from '../management/protection-policy';
import { SenderStackSet } from '../stackset/sender-stack-set';

/** The configuration as the app needs it (a LoadedConfig from loadConfig satisfies it). */
export interface KeywatchAppInput {
  /** The validated configuration. */
  readonly config: KeywatchConfig;
  /** The accounts directory, when configured. */
  readonly directory?: AccountsDirectory;
}

/** Options of buildKeywatchApp. */
export interface BuildKeywatchAppOptions {
  /**
   * Register cdk-nag's AwsSolutions pack as a policy-validation plugin.
   * @default true
   */
  readonly nag?: boolean;
  /**
   * Which stacks cdk-nag checks: every stack, or the largest of each kind (the primary central stack with the StackSet
   * template, the shard stack with the most rules, the first management stack, the hunt stack). Stacks of one kind come
   * from the same constructs and differ only in data (accounts, rules, region); `keywatch synth` checks one per kind at
   * scale, the test suite every stack.
   * @default 'every-stack'
   */
  readonly nagScope?: 'every-stack' | 'one-stack-per-kind';
}

/** The stacks of a keywatch deployment. */
export interface KeywatchApp {
  /** The CDK app. */
  readonly app: App;
  /** The organization plan the stacks were built from. */
  readonly plan: OrganizationPlan;
  /** The security account's stack (the primary receiver bus). */
  readonly central: CentralStack;
  /** The stacks of the shard buses (central.shards above 1), in shard order; empty with one receiver bus. */
  readonly shards: ShardStack[];
  /** The management account's sender stacks, one per region, in deployment.regions order. */
  readonly management: ManagementSenderStack[];
  /** The sender StackSet (in the central stack with a delegated administrator, else in a management stack). */
  readonly stackSet: SenderStackSet;
  /**
   * The management stack that forwards AWS Organizations account lifecycle events (the us-east-1 one), or undefined
   * with `onboardingWarning` when that region is not deployed.
   */
  readonly onboardingStack?: ManagementSenderStack;
  /** Why no management stack forwards AWS Organizations events; undefined when one does. */
  readonly onboardingWarning?: string;
  /** The CloudTrail table and Athena workgroup of `keywatch hunt`; undefined unless hunt.deploy is true. */
  readonly hunt?: HuntStack;
}

/**
 * Builds every keywatch stack into `app` (default: a new App) from a loaded configuration: compiles the plan
 * (throws QuotaError when it cannot fit), then the central stack, the sender StackSet and the management
 * sender stacks; the management stack of us-east-1 (where AWS Organizations records its events) also forwards account
 * lifecycle events, and without us-east-1 in deployment.regions a warning says that none does. With
 * `delegatedAdmin: false` the StackSet must be created from the management account, so it goes into the management
 * stack of the central region (or of the first region). Adds cdk-nag AwsSolutions.
 * With hunt.deploy, adds the keywatch-hunt stack (CloudTrail table and Athena workgroup) in hunt.account/hunt.region.
 * Construct IDs equal the stack names, so `cdk deploy keywatch-central` and `cdk deploy 'keywatch-management-*'` select them.
 */
export function buildKeywatchApp(loaded: KeywatchAppInput, app: App = new App(), options: BuildKeywatchAppOptions = {}): KeywatchApp {
  const { config } = loaded;
  const plan = compileOrganization(config, loaded.directory);
  const sender: SenderProps = {
    rules: plan.sender,
    deliveryAlarmRule: plan.senderDelivery.forward,
    centralBus: { account: config.central.account, region: config.central.region, busName: config.central.busName },
    readOnlyEvents: config.watch.readOnlyEvents,
    heartbeatIntervalMinutes: config.heartbeat.intervalMinutes,
  };
  const central = new CentralStack(app, CENTRAL_STACK_NAME, { config, plan });
  // central.shards above 1: one more stack and bus per shard; each member account's sender picks its bus by account ID.
  const shards = plan.shards
    .slice(1)
    .map((shard) => new ShardStack(app, shardStackName(CENTRAL_STACK_NAME, shard.index), { config, plan, shard, primary: central.primaryTargets() }));
  const memberSender: SenderProps = { ...sender, shards: plan.shards.slice(1).map((s) => ({ busName: s.busName, accounts: s.accounts })) };
  const placement = plan.onboarding.placement;
  const management = config.deployment.regions.map(
    (region) =>
      new ManagementSenderStack(app, `${MANAGEMENT_STACK_PREFIX}${region}`, {
        managementAccount: config.organization.managementAccount,
        region,
        sender,
        organizationsEventsRule: region === placement.region ? plan.onboarding.forward : undefined,
      }),
  );
  const onboardingStack = management.find((m) => m.onboardingRule !== undefined);
  if (placement.warning !== undefined) {
    // On the central stack, whose onboarding rule then never fires, and on the first management stack, which would hold it.
    for (const stack of [central, management[0]]) {
      Annotations.of(stack).addWarningV2('@keywatch/central:onboardingRegion', placement.warning);
    }
  }
  const hostRegion = stackSetHostRegion(config);
  const stackSetHost = config.deployment.delegatedAdmin ? central : management.find((m) => m.region === hostRegion);
  if (!stackSetHost) {
    throw new Error(`no management stack in '${hostRegion}' to hold the sender StackSet; got regions '${config.deployment.regions.join(', ')}'`);
  }
  // The management account is pinned to the primary bus, so its own stacks need no routing.
  const stackSet = new SenderStackSet(stackSetHost, 'SenderStackSet', { deployment: config.deployment, sender: memberSender });
  if (config.protect.scp) {
    // AWS Organizations is global: one policy, in the management stack that forwards its events (us-east-1) or the first.
    new ProtectionPolicy(onboardingStack ?? management[0], 'ProtectionPolicy', {
      document: plan.protectionScp,
      targetIds: config.deployment.organizationalUnits,
    });
  }
  const hunt = config.hunt?.deploy ? new HuntStack(app, HUNT_STACK_NAME, { plan: huntTablePlan(config, loaded.directory) }) : undefined;
  if (options.nag ?? true) {
    if ((options.nagScope ?? 'every-stack') === 'every-stack') {
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    } else {
      const fullest = shards.reduce<ShardStack | undefined>(
        (a, b) => (a === undefined || b.alertRules.rules.length > a.alertRules.rules.length ? b : a),
        undefined,
      );
      const scopes = [central, ...(fullest ? [fullest] : []), management[0], ...(hunt ? [hunt] : [])];
      Validations.of(app).addPlugins(new NagOnePerKind(new AwsSolutionsChecks(app), scopes));
    }
  }
  return { app, plan, central, shards, management, stackSet, onboardingStack, onboardingWarning: placement.warning, hunt };
}

/** cdk-nag's AwsSolutions pack run on chosen stacks only (one per kind), as one policy-validation plugin. */
class NagOnePerKind implements IPolicyValidationPlugin {
  public readonly name: string;
  constructor(
    private readonly pack: AwsSolutionsChecks,
    private readonly scopes: readonly IConstruct[],
  ) {
    this.name = pack.name;
  }

  public validate(_context: IPolicyValidationContext): PolicyValidationPluginReport {
    const violations = this.scopes.flatMap((scope) => this.pack.validateScope(scope).violations);
    return { success: violations.length === 0, violations };
  }
}
