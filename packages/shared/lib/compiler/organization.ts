import type { AccountsDirectory } from '../accounts/directory';
import type { KeywatchConfig } from '../config/schema';
import { KeywatchError, QuotaError } from '../errors';
import { ALL_ADDRESSES, subtractNetworks } from '../net/sets';
import type { NetworkPolicy, ResolvedPolicy } from '../policy/resolve';
import { resolvePolicy } from '../policy/resolve';
import { chunkToFit, serializedLength } from './chunk';
import { AccountBucket, bucketAccounts } from './fallback';
import { HEARTBEAT_BUDGET_RULE_ID, planHeartbeatMonitor, withHeartbeat } from './heartbeat';
import { IpBlindSpot, IpMatcher, outsideMatchers, toMatcher } from './ip-matchers';
import { KeyConditions, keyConditions } from './keys';
import { organizationsEventRegion, planOnboarding } from './onboarding';
import { senderDeliveryCentralRule, senderDeliveryForwardRule } from './delivery-alarm';
import { deliveryFailureEmailTemplate } from '../templates/delivery-failure';
import { PatternParts, renderPattern } from './pattern';
import { tamperChatTemplate, tamperEmailTemplate, tamperLogTemplate } from '../templates/tamper';
import { gateDirectoryEntry, notifyGateTemplate } from '../notify/gate-input';
import { groupCapacity, groupLeaves, policyKey, reservedIds } from './groups';
import type { AccountPolicy } from '../policy/resolve';
import { emailTemplate } from '../templates/email';
import { chatTemplate } from '../templates/chat';
import { alertLogTemplate } from '../templates/alert-log';
import type { Locale } from '../templates/types';
import { ONBOARDING_RULE_ID } from './onboarding';
import { protectionScp } from './protection-scp';
import { SENDER_STACKSET_NAME, TAMPER_FORWARD_DESCRIPTION, tamperCentralRules, tamperRules, topicArnPrefix } from './tamper';
import { regionPartition } from '../config/regions';
import { RESERVED_SHARD_RULES, placeAccounts, shardBusName, MAX_SHARDS } from './shards';
import type { AccountIdentity, AlertRuleInputs, CentralRule, CompiledRule, EventPattern, OrganizationPlan, PlanBlindSpot, ShardPlan } from './types';

/** Rules the central stack adds to the receiver bus besides the alert and tamper rules: the archive's managed rule, the onboarding, heartbeat and sender delivery rules. */
export const RESERVED_CENTRAL_RULES = 4;

/** Rules every sender stack adds to its default bus besides the sender and tamper rules: the delivery alarm's forward rule. */
export const RESERVED_SENDER_RULES = 1;

/** How much of the pattern budget the fallback rules keep for their account conditions: room for this many excluded IDs. */
const FALLBACK_RESERVED_IDS = 32;

/** Compiles the configuration (and directory) into the sender rules and the central alert rules; throws QuotaError when they cannot fit the quotas. */
export function compileOrganization(config: KeywatchConfig, directory?: AccountsDirectory): OrganizationPlan {
  const policy = resolvePolicy(config, directory);
  /** Blind spot network → what it is and the rule sets it affects, for one warning per address. */
  const blind = new Map<string, { spot: IpBlindSpot; affects: string[] }>();
  /**
   * outsideMatchers for `networks`, noting its blind spots for `whose` rules; `allowedAnyway` are addresses the
   * rules' account allows (their sender already dropped them), which are therefore not blind spots of these rules.
   */
  const outside = (networks: readonly string[], whose: string, allowedAnyway: readonly string[] = networks): IpMatcher[][] => {
    const result = outsideMatchers(networks);
    for (const spot of result.blindSpots) {
      for (const network of subtractNetworks([spot.network], allowedAnyway)) {
        const name = toMatcherText(network);
        const entry = blind.get(name) ?? { spot: { ...spot, network: name }, affects: [] };
        entry.affects.push(whose);
        blind.set(name, entry);
      }
    }
    return result.groups;
  };
  const maxChars = config.quotas.eventPatternMaxChars;
  const keys = keyConditions(config.watch);
  const twoStage = config.filtering === 'sender-and-central';

  // The central region is a known region (validated), so its partition is known.
  const partition = regionPartition(config.central.region) ?? 'aws';
  /** The tamper pattern's input with `count` receiver buses (the bus branch widens with shards). */
  const tamperInputFor = (count: number) => ({
    busName: config.central.busName,
    stackSetName: SENDER_STACKSET_NAME,
    topicArnPrefix: topicArnPrefix(partition, config.central.region, config.central.account),
    ...(count > 1 ? { shards: true } : {}),
  });
  const tamperInput = tamperInputFor(config.central.shards);
  const tamperForward = tamperRules(tamperInput, maxChars, TAMPER_FORWARD_DESCRIPTION, (p) => withHeartbeat(p, HEARTBEAT_BUDGET_RULE_ID));
  // Every forwarding rule carries its own heartbeat (a $or branch), the tamper rules included.
  const sender = [...compileSender(policy, keys.sender, twoStage, maxChars, outside), ...tamperForward].map((r) =>
    rule(r.id, r.description, withHeartbeat(r.pattern, r.id)),
  );
  const tamperRulesCentral = tamperCentralRules(tamperInput, maxChars);
  const tooLong = sender.find((r) => r.patternChars > maxChars);
  if (tooLong) {
    throw new QuotaError(
      `the member rule ${tooLong.id} with its heartbeat branch needs an event pattern of ${tooLong.patternChars} characters but quotas.eventPatternMaxChars is ${maxChars}; ` +
        `raise 'Event pattern size' for Amazon EventBridge in Service Quotas in every deployed region and set quotas.eventPatternMaxChars to the new value` +
        (tooLong.id.startsWith('Tamper') ? ', or shorten central.busName (the tamper rule names the receiver bus three times)' : ''),
    );
  }

  /** What a central rule must still check for an account with `own` policy, given what the sender already filtered. */
  const centralFilter = (own: NetworkPolicy, whose: string): CentralFilter => {
    if (subtractNetworks(ALL_ADDRESSES, own.networks).length === 0) {
      return { allowsEverything: true };
    }
    const networks = twoStage ? subtractNetworks(own.networks, policy.common.networks) : [...own.networks];
    const vpce = twoStage ? own.vpcEndpoints.filter((v) => !policy.common.vpcEndpoints.includes(v)) : [...own.vpcEndpoints];
    if (twoStage && networks.length === 0) {
      // Defence in depth: the sender dropped the common networks, but an event put on the receiver bus some other way
      // must at least come from an IP address (never a service name or "AWS Internal/#"): every IPv4 and IPv6 address.
      return { ip: outsideMatchers([]).groups, vpce, allowsEverything: false };
    }
    const ip = outside(networks, whose, own.networks);
    return { ip, vpce, allowsEverything: ip.length === 0 };
  };

  /** Every account's own rules (built on first use), and for the accounts that may share rules their policy's key. */
  const ownRules = new Map<string, () => CentralRule[]>();
  const groupable = new Map<string, string>();
  const policies = new Map<string, { filter: CentralFilter; text: string }>();
  // A rule shared by accounts of the same policy names the account through the notify gate's directory, so only modes
  // with a gate group; an account with extra recipients keeps its own rule (its input names its recipients' topic).
  const grouping = config.notify.mode !== 'every';
  for (const account of policy.accounts) {
    const filter = centralFilter(account, `account ${account.identity.id} (${account.identity.name})`);
    if (filter.allowsEverything) {
      continue; // every address is allowed for this account: nothing can alert (the fallback rules still exclude it)
    }
    let built: CentralRule[] | undefined;
    ownRules.set(account.identity.id, () => (built ??= accountRules(account, filter)));
    if (grouping && account.extraRecipients.length === 0) {
      const text = JSON.stringify([filter.ip ?? null, filter.vpce ?? null]);
      const key = policyKey(text);
      groupable.set(account.identity.id, key);
      policies.set(key, { filter, text });
    }
  }
  /** The rules of one account (`Account<id>`, `Account<id>Part<n>`), as every account had before grouping. */
  function accountRules(account: AccountPolicy, filter: CentralFilter): CentralRule[] {
    const parts = (ip?: readonly IpMatcher[]): PatternParts => ({
      awsSourceOnly: true,
      account: [account.identity.id],
      accessKey: keys.central,
      accessKeyWithSession: keys.centralWithSession,
      sourceIp: ip,
      allowedVpcEndpoints: filter.vpce,
    });
    const groups = ipGroups(filter.ip, maxChars, parts, `the alert rule of account ${account.identity.id}`);
    return groups.map((ip, i) => {
      const part = groups.length > 1 ? ` (part ${i + 1} of ${groups.length})` : '';
      return centralRule({
        id: `Account${account.identity.id}${groups.length > 1 ? `Part${i + 1}` : ''}`,
        description: `keywatch: a watched access key of ${account.identity.id} (${truncate(account.identity.name, 60)}) used from outside its allowed networks${part}`,
        pattern: renderPattern(parts(ip)),
        kind: 'account',
        account: account.identity,
        extraRecipients: account.extraRecipients,
        inputs: alertRuleInputs(config, account.identity),
      });
    });
  }
  const groupInputs = grouping ? alertRuleInputs(config, undefined, true) : undefined;
  /** The rules of `members` (two or more accounts of the policy `key` on one bus): one per ID range and IP chunk; undefined when they cannot share. */
  function groupRules(key: string, members: readonly AccountPolicy[]): CentralRule[] | undefined {
    const { filter } = policies.get(key)!;
    const parts = (ids: readonly string[], ip?: readonly IpMatcher[]): PatternParts => ({
      awsSourceOnly: true,
      account: ids,
      accessKey: keys.central,
      accessKeyWithSession: keys.centralWithSession,
      sourceIp: ip,
      allowedVpcEndpoints: filter.vpce,
    });
    let chunks: (IpMatcher[] | undefined)[];
    try {
      chunks = ipGroups(filter.ip, maxChars, (ip) => parts(reservedIds(), ip), 'a shared alert rule');
    } catch (e) {
      if (e instanceof QuotaError) return undefined; // the policy leaves no room for several IDs: each account keeps its own rules
      throw e;
    }
    const capacity = groupCapacity(chunks, maxChars, (ids, ip) => renderPattern(parts(ids, ip)));
    const identities = new Map(members.map((m) => [m.identity.id, m.identity]));
    const rules: CentralRule[] = [];
    for (const leaf of groupLeaves([...identities.keys()], capacity)) {
      const accounts = leaf.ids.map((id) => identities.get(id)!);
      const directory = Object.fromEntries(accounts.map((a) => [a.id, gateDirectoryEntry(config.notify.locale, a)]));
      chunks.forEach((ip, i) => {
        const part = chunks.length > 1 ? ` (part ${i + 1} of ${chunks.length})` : '';
        const range = leaf.ids.length > 1 ? `${leaf.ids[0]} … ${leaf.ids[leaf.ids.length - 1]}` : leaf.ids[0];
        rules.push({
          ...centralRule({
            id: `Accounts${key}${leaf.path === '' ? '' : `Range${leaf.path}`}${chunks.length > 1 ? `Part${i + 1}` : ''}`,
            description: `keywatch: a watched access key of one of ${leaf.ids.length} accounts with the same policy (${range}; the pattern lists them) used from outside their allowed networks${part}`,
            pattern: renderPattern(parts(leaf.ids, ip)),
            kind: 'group',
            extraRecipients: [],
            inputs: groupInputs!,
          }),
          accounts,
          directory,
        });
      });
    }
    return rules;
  }
  /** The alert rules of the directory accounts on one bus, in directory order: own rules, and each policy group's rules where its first member is. */
  const rulesFor = (onBus: ReadonlySet<string>): CentralRule[] => {
    const byKey = new Map<string, AccountPolicy[]>();
    for (const account of policy.accounts) {
      const key = groupable.get(account.identity.id);
      if (key !== undefined && onBus.has(account.identity.id)) byKey.set(key, [...(byKey.get(key) ?? []), account]);
    }
    const shared = new Map<string, CentralRule[] | undefined>();
    const rules: CentralRule[] = [];
    for (const account of policy.accounts) {
      const id = account.identity.id;
      const own = ownRules.get(id);
      if (!onBus.has(id) || own === undefined) continue;
      const key = groupable.get(id);
      const members = key === undefined ? undefined : byKey.get(key)!;
      if (key === undefined || members!.length < 2) {
        rules.push(...own());
        continue;
      }
      if (!shared.has(key)) {
        const group = groupRules(key, members!);
        shared.set(key, group);
        if (group) rules.push(...group);
      }
      if (shared.get(key) === undefined) rules.push(...own());
    }
    return rules;
  };

  const fallback = compileFallback(policy, centralFilter(policy.default, 'accounts not in the directory'), keys, maxChars, alertRuleInputs(config));

  const known = policy.accounts.map((a) => a.identity.id);
  const pinned = [config.organization.managementAccount];
  const forwardingRules = sender.length + 1; // the sender delivery rule carries its heartbeat too
  const names = new Map(policy.accounts.map((a) => [a.identity.id, a.identity.name]));
  const shardsOf = (count: number): PlacedShard[] =>
    planShards({
      count,
      rulesFor,
      fallback,
      known,
      pinned,
      tamperRules: tamperCentralRules(tamperInputFor(count), maxChars).length,
      busName: config.central.busName,
    });
  const placed = shardsOf(config.central.shards);
  const central: CentralRule[] = placed.flatMap((s) => s.rules);
  const over = placed.find((s) => s.busRules > config.quotas.rulesPerBus);
  if (over) {
    const fits = shardsNeeded(shardsOf, config.central.shards, (s) => s.busRules <= config.quotas.rulesPerBus);
    const advice = fits === undefined ? '' : `; or set central.shards to ${fits}, which spreads the alert rules over ${fits} receiver buses and stacks`;
    const alert = over.rules.length;
    const accountRules = over.rules.filter((r) => r.kind !== 'fallback').length;
    const sharedRules = over.rules.filter((r) => r.kind === 'group').length;
    const busWord = config.central.shards === 1 ? 'the receiver bus' : `receiver bus ${over.busName}`;
    throw new QuotaError(
      `${busWord} needs ${over.busRules} rules (${accountRules} for accounts in the directory${sharedRules > 0 ? `, ${sharedRules} of them shared by accounts of the same policy` : ''}, ${alert - accountRules} for accounts not in it, ` +
        `${over.busRules - alert} for the archive, onboarding, heartbeat, sender delivery and tamper rules) but the EventBridge quota 'Rules per event bus' is ${config.quotas.rulesPerBus} ` +
        `(quotas.rulesPerBus). Request an increase in Service Quotas (Amazon EventBridge → Rules per event bus) for account ${config.central.account} ` +
        `in ${config.central.region}, then set quotas.rulesPerBus to the new value${advice}.`,
    );
  }
  const empty = placed.find((s) => s.index > 0 && s.rules.length === 0);
  if (empty) {
    throw new QuotaError(
      `central.shards is ${config.central.shards} but receiver bus ${empty.busName} would get no alert rule (${empty.accounts.length} accounts of the directory are placed on it, none with a rule): ` +
        'set central.shards to the number keywatch synth names for your organization (1 while one receiver bus holds every rule)',
    );
  }
  const shards: ShardPlan[] = placed.map((shard) => ({
    ...shard,
    heartbeat: planHeartbeatMonitor({
      accounts: [
        ...shard.accounts.map((id) => ({ id, name: names.get(id) })),
        ...(shard.index === 0 ? [config.organization.managementAccount, config.central.account].filter((id) => !known.includes(id)).map((id) => ({ id })) : []),
      ],
      regions: config.deployment.regions,
      intervalMinutes: config.heartbeat.intervalMinutes,
      forwardingRules,
    }),
  }));
  if (sender.length + RESERVED_SENDER_RULES > config.quotas.rulesPerBus) {
    throw new QuotaError(
      `the sender needs ${sender.length + RESERVED_SENDER_RULES} rules on each member default bus (${sender.length} sender rules and the delivery alarm rule) but quotas.rulesPerBus is ${config.quotas.rulesPerBus}; raise 'Event pattern size' and quotas.eventPatternMaxChars so fewer rules are needed`,
    );
  }
  const onboarding = planOnboarding({
    managementAccount: config.organization.managementAccount,
    locale: config.notify.locale,
    regions: config.deployment.regions,
    centralRegion: config.central.region,
  });
  // The management stack of the Organizations region also holds the onboarding forward rule on the same default bus.
  const managementRules = sender.length + RESERVED_SENDER_RULES + 1;
  if (onboarding.placement.region !== undefined && managementRules > config.quotas.rulesPerBus) {
    throw new QuotaError(
      `the management account's us-east-1 default bus needs ${managementRules} keywatch rules (${sender.length} sender rules, the delivery alarm rule and the onboarding rule) but quotas.rulesPerBus is ${config.quotas.rulesPerBus}; ` +
        `request an increase of 'Rules per event bus' in Service Quotas for the management account in ${organizationsEventRegion(config.central.region)} and set quotas.rulesPerBus to it, ` +
        "or raise 'Event pattern size' and quotas.eventPatternMaxChars so fewer sender rules are needed",
    );
  }
  const all = [...sender, ...central];
  const blindSpots: PlanBlindSpot[] = [...blind.values()].map(({ spot, affects }) => ({ ...spot, affects }));
  const warnings = blindSpots.filter((b) => b.reachable).map(blindSpotWarning);
  // The delivery alarm's forward rule is a forwarding rule too: it carries its own heartbeat branch, so deleting or breaking it is seen.
  const deliveryForward = senderDeliveryForwardRule();
  const senderDelivery = {
    forward: rule(deliveryForward.id, deliveryForward.description, withHeartbeat(deliveryForward.pattern, deliveryForward.id)),
    central: senderDeliveryCentralRule(),
    email: deliveryFailureEmailTemplate({ locale: config.notify.locale }),
  };
  const heartbeat = shards[0].heartbeat;
  const locale = config.notify.locale;
  const tamper = { rules: tamperRulesCentral, email: tamperEmailTemplate({ locale }), chat: tamperChatTemplate({ locale }), log: tamperLogTemplate() };
  const protection = protectionScp({
    stackSetName: SENDER_STACKSET_NAME,
    ruleIds: [...sender.map((r) => r.id), senderDelivery.forward.id, ONBOARDING_RULE_ID],
    exemptRoles: config.protect.exemptRoles,
  });
  const chat = config.notify.chat !== undefined;
  let groupGate: ReturnType<typeof notifyGateTemplate> | undefined;
  const groupGateInput = () => (groupGate ??= notifyGateTemplate({ locale, group: true, chat }));
  const notify = {
    mode: config.notify.mode,
    windowMinutes: config.notify.windowMinutes,
    gateInputs:
      config.notify.mode === 'every'
        ? {}
        : Object.fromEntries(
            central.map((r) => [
              r.id,
              r.kind === 'group' ? groupGateInput() : notifyGateTemplate({ locale, account: r.account, chat, recipients: r.extraRecipients.length > 0 }),
            ]),
          ),
  };
  return {
    sender,
    central,
    tamper,
    notify,
    protectionScp: protection,
    heartbeat,
    policy,
    warnings,
    blindSpots,
    largestPatternChars: Math.max(...[...all, ...tamperRulesCentral, senderDelivery.forward].map((r) => r.patternChars)),
    senderDelivery,
    shards,
    onboarding,
  };
}

/** What a central rule checks beyond account and key: IP chunks (none: any address) and allowed VPC endpoints; allowsEverything when nothing can alert. */
interface CentralFilter {
  readonly ip?: IpMatcher[][];
  readonly vpce?: string[];
  readonly allowsEverything: boolean;
}

/** The synth warning for one reachable blind spot. */
function blindSpotWarning(b: PlanBlindSpot): string {
  const why =
    b.kind === 'ipv4-shadow'
      ? `it is made of the first 32 bits of an allowed IPv6 network, and EventBridge may compare IPv4 and IPv6 addresses by their leading hex digits, so any matcher for ${b.network} could also match that allowed network`
      : `its first 32 bits are an allowed IPv4 network, and EventBridge may compare IPv4 and IPv6 addresses by their leading hex digits, so a matcher for ${b.network} could also match that allowed IPv4 network`;
  return `calls from ${b.network} cannot alert (${b.affects.join('; ')}): ${why} (README.md, "Limits"; \`keywatch verify\` shows how your account compares them)`;
}

function compileSender(
  policy: ResolvedPolicy,
  keyCondition: readonly unknown[],
  twoStage: boolean,
  maxChars: number,
  outside: (networks: readonly string[], whose: string) => IpMatcher[][],
): CompiledRule[] {
  if (!twoStage) {
    return [
      rule(
        'Sender1',
        'keywatch: forward every call made with a watched access key to the security account',
        renderPattern({ awsSourceOnly: false, accessKey: keyCondition }),
      ),
    ];
  }
  const matchers = outside(policy.common.networks, 'the organization-wide sender rule');
  if (matchers.length === 0) {
    throw new KeywatchError(
      "'allow.networks' leaves no address that EventBridge can match as outside it (every address outside it is either allowed or a blind spot: the IPv4 shadow of an allowed IPv6 network, or the IPv6 mirror of an allowed IPv4 network; README.md, 'Limits'): nothing could ever alert; list only your own egress networks",
    );
  }
  const parts = (ip?: readonly IpMatcher[]): PatternParts => ({
    awsSourceOnly: false,
    accessKey: keyCondition,
    sourceIp: ip,
    allowedVpcEndpoints: policy.common.vpcEndpoints,
  });
  const groups = ipGroups(matchers, maxChars, parts, 'the sender rule', (p) => withHeartbeat(p, HEARTBEAT_BUDGET_RULE_ID));
  return groups.map((ip, i) =>
    rule(
      `Sender${i + 1}`,
      `keywatch: forward calls made with a watched access key from outside the organization-wide networks${groups.length > 1 ? ` (part ${i + 1} of ${groups.length})` : ''}`,
      renderPattern(parts(ip)),
    ),
  );
}

function compileFallback(
  policy: ResolvedPolicy,
  filter: { ip?: IpMatcher[][]; vpce?: string[]; allowsEverything: boolean },
  keys: KeyConditions,
  maxChars: number,
  inputs: AlertRuleInputs,
): CentralRule[] {
  if (filter.allowsEverything) {
    return [];
  }
  const known = policy.accounts.map((a) => a.identity.id);
  const parts = (bucket: AccountBucket, ip?: readonly IpMatcher[]): PatternParts => ({
    awsSourceOnly: true,
    account: bucket.prefixes.length === 1 && bucket.prefixes[0] === '' ? undefined : bucket.prefixes.map((prefix) => ({ prefix })),
    recipientAccount: bucket.excluded.length > 0 ? [{ 'anything-but': bucket.excluded }] : undefined,
    accessKey: keys.central,
    accessKeyWithSession: keys.centralWithSession,
    sourceIp: ip,
    allowedVpcEndpoints: filter.vpce,
  });
  // Leave room in every IP chunk for the account conditions of a bucket of a few dozen IDs.
  const reserve: AccountBucket = {
    prefixes: known.length > 0 ? ['000'] : [''],
    excluded: known.slice(0, FALLBACK_RESERVED_IDS),
  };
  const groups = ipGroups(filter.ip, maxChars, (ip) => parts(reserve, ip), 'the rule for accounts not in the directory');
  const widest = groups.reduce((a, b) => (serializedLength(b ?? []) > serializedLength(a ?? []) ? b : a), groups[0]);
  const buckets = bucketAccounts(known, maxChars, (bucket) => renderPattern(parts(bucket, widest)));
  if (!buckets) {
    throw patternQuotaError('the rule for accounts not in the directory', maxChars);
  }
  const total = buckets.length * groups.length;
  const rules: CentralRule[] = [];
  for (const bucket of buckets) {
    for (const ip of groups) {
      const n = rules.length + 1;
      rules.push(
        centralRule({
          id: `UnknownAccounts${n}`,
          description: `keywatch: a watched access key of an account not in the accounts directory used from outside the default networks${total > 1 ? ` (part ${n} of ${total})` : ''}`,
          pattern: renderPattern(parts(bucket, ip)),
          kind: 'fallback',
          extraRecipients: [],
          inputs,
        }),
      );
    }
  }
  return rules;
}

/** Splits the matcher groups into rules' worth whose rendered pattern fits, never splitting a group; [undefined] when there is no IP condition. */
function ipGroups(
  matchers: IpMatcher[][] | undefined,
  maxChars: number,
  parts: (ip?: readonly IpMatcher[]) => PatternParts,
  what: string,
  wrap: (pattern: EventPattern) => EventPattern = (p) => p,
): (IpMatcher[] | undefined)[] {
  if (!matchers) {
    if (serializedLength(wrap(renderPattern(parts()))) > maxChars) {
      throw patternQuotaError(what, maxChars);
    }
    return [undefined];
  }
  const chunks = chunkToFit(matchers, maxChars, (chunk) => wrap(renderPattern(parts(chunk.flat()))));
  if (!chunks) {
    throw patternQuotaError(what, maxChars);
  }
  return chunks.map((chunk) => chunk.flat());
}

function patternQuotaError(what: string, maxChars: number): QuotaError {
  return new QuotaError(
    `${what} cannot be split into event patterns of at most ${maxChars} characters (quotas.eventPatternMaxChars): even one network block with the ` +
      `account and key conditions is longer. Request an increase of 'Event pattern size' for Amazon EventBridge in Service Quotas (up to 4,096) ` +
      `in every deployed region, then set quotas.eventPatternMaxChars to the new value; or shorten watch.excludeAccessKeys / allow.vpcEndpoints.`,
  );
}

function rule(id: string, description: string, pattern: EventPattern): CompiledRule {
  return { id, description, pattern, patternChars: serializedLength(pattern) };
}

function centralRule(r: {
  id: string;
  description: string;
  pattern: EventPattern;
  kind: CentralRule['kind'];
  account?: AccountIdentity;
  extraRecipients: readonly string[];
  inputs: AlertRuleInputs;
}): CentralRule {
  return { ...rule(r.id, r.description, r.pattern), kind: r.kind, account: r.account, extraRecipients: r.extraRecipients, inputs: r.inputs };
}

/**
 * The direct targets' inputs of the rule for `account` (the fallback wording without it, a shared rule's with `group`),
 * in notify.locale; chat only when notify.chat is set.
 */
function alertRuleInputs(config: KeywatchConfig, account?: AccountIdentity, group = false): AlertRuleInputs {
  const locale: Locale = config.notify.locale;
  return {
    email: emailTemplate({ locale, account, group }),
    ...(config.notify.chat !== undefined ? { chat: chatTemplate({ locale, account, group }) } : {}),
    log: alertLogTemplate({ account, group }),
  };
}

/** A network as plans name it: a bare address for a single host, CIDR text otherwise. */
function toMatcherText(network: string): string {
  const m = toMatcher(network);
  return typeof m === 'string' ? m : m.cidr;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** What planShards needs (no defaults). */
interface ShardInput {
  readonly count: number;
  /** The alert rules of the directory accounts placed on one bus (accounts of the same policy share rules per bus). */
  readonly rulesFor: (accounts: ReadonlySet<string>) => CentralRule[];
  /** The fallback rules (primary bus). */
  readonly fallback: readonly CentralRule[];
  readonly known: readonly string[];
  readonly pinned: readonly string[];
  readonly tamperRules: number;
  readonly busName: string;
}

/** A shard before its heartbeat plan (planHeartbeatMonitor runs once the placement fits, not once per shard count tried). */
export type PlacedShard = Omit<ShardPlan, 'heartbeat'>;

/**
 * Places the accounts (placeAccounts) on `count` receiver buses and builds each bus's alert rules (accounts of the same
 * policy share rules only with accounts of their bus); the fallback rules go on the primary bus.
 */
function planShards(input: ShardInput): PlacedShard[] {
  const placed = placeAccounts(input.known, input.count, input.pinned);
  const rules: CentralRule[][] = placed.map((ids, index) => [...input.rulesFor(new Set(ids)), ...(index === 0 ? input.fallback : [])]);
  return placed.map((accounts, index) => ({
    index,
    busName: shardBusName(input.busName, index),
    accounts,
    rules: rules[index],
    tamperRules: input.tamperRules,
    busRules: rules[index].length + input.tamperRules + (index === 0 ? RESERVED_CENTRAL_RULES : RESERVED_SHARD_RULES),
  }));
}

/** The smallest shard count above `from` (up to MAX_SHARDS) whose every shard passes `fits`; undefined when none does. */
export function shardsNeeded(shardsOf: (count: number) => PlacedShard[], from: number, fits: (shard: PlacedShard) => boolean): number | undefined {
  for (let count = from + 1; count <= MAX_SHARDS; count++) {
    if (shardsOf(count).every(fits)) return count;
  }
  return undefined;
}
