import { Aws, CfnCondition, Fn, ICfnConditionExpression, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CentralBusLocation, centralBusArn } from './central-bus';

/** The accounts whose senders forward to one receiver bus other than the primary one. */
export interface ShardRoute {
  /** Name of the shard's receiver bus (in the central account and region). */
  readonly busName: string;
  /** 12-digit IDs of the accounts placed on it. */
  readonly accounts: readonly string[];
}

/** Conditions Fn::Or takes at most (CloudFormation condition functions: "minimum 2, maximum 10"). */
export const MAX_OR_CONDITIONS = 10;

/**
 * Conditions one template may declare: aws-cdk-lib's CloudFormation validation (@aws/cloudformation-validate, rule
 * F0009) refuses more than 200 ("Template has 623 conditions, maximum is 200", seen at 5,000 accounts with one named
 * condition per 10 accounts). Operands written inline inside Fn::Or are not declared conditions.
 */
export const MAX_TEMPLATE_CONDITIONS = 200;

/** Properties of ShardRouting. */
export interface ShardRoutingProps {
  /** The primary receiver bus: where every account not listed in `shards` (unknown accounts included) forwards. */
  readonly primary: CentralBusLocation;
  /** The other receiver buses and their accounts; an account must appear in at most one. */
  readonly shards: readonly ShardRoute[];
}

/**
 * Chooses, inside one template shared by every account, the receiver bus this stack instance's account forwards to.
 * EventBridge delivers events one hop only ("If a receiver account sets up a rule that sends events received from a
 * sender account on to a third account, these events aren't sent"), so the sender must target the right bus itself.
 * For each shard a condition `InShard<k>` is true when `AWS::AccountId` is one of its accounts (Fn::Equals leaves,
 * joined by Fn::Or in groups of at most 10, two levels inline, then named conditions: up to 100 accounts per declared
 * condition, so 5,000 accounts need about 130 of the 200 a template may declare); the bus name is the primary name joined with the `-shard<k>`
 * suffix of the one true condition (Fn::If, "" otherwise), so an account in no list — new, unknown — forwards to the
 * primary bus, where the fallback rules are. Plain intrinsic functions only: no transform, which StackSets may refuse.
 */
export class ShardRouting extends Construct {
  /** ARN of the bus this stack instance forwards to (a token). */
  public readonly busArn: string;
  /** The `InShard<k>` conditions, in `shards` order. */
  public readonly conditions: CfnCondition[];

  constructor(scope: Construct, id: string, props: ShardRoutingProps) {
    super(scope, id);
    const seen = new Set<string>();
    for (const shard of props.shards) {
      const tokens = Token.isUnresolved(shard.busName) || Token.isUnresolved(props.primary.busName);
      if (!tokens && (!shard.busName.startsWith(props.primary.busName) || shard.busName === props.primary.busName)) {
        throw new Error(`'shards' bus names must extend the primary bus name '${props.primary.busName}'; got '${shard.busName}'`);
      }
      if (shard.accounts.length === 0) {
        throw new Error(`'shards' must each list at least one account; got none for '${shard.busName}'`);
      }
      for (const account of shard.accounts) {
        if (!Token.isUnresolved(account) && !/^\d{12}$/.test(account)) throw new Error(`'shards' accounts must be 12-digit account IDs; got '${account}'`);
        if (seen.has(account)) throw new Error(`'shards' must place each account once; got '${account}' twice`);
        seen.add(account);
      }
    }
    let conditionCount = 0;
    /** A named condition (short logical IDs: a template holds thousands of account IDs). */
    const named = (expression: ICfnConditionExpression, logicalId = `R${conditionCount}`): CfnCondition => {
      conditionCount++;
      const condition = new CfnCondition(this, logicalId, { expression });
      condition.overrideLogicalId(logicalId);
      return condition;
    };
    /** Fn::Or of `items` in groups of at most 10; a group of one stays as it is. */
    const orGroups = (items: ICfnConditionExpression[], wrap: (e: ICfnConditionExpression) => ICfnConditionExpression): ICfnConditionExpression[] => {
      const groups: ICfnConditionExpression[] = [];
      for (let start = 0; start < items.length; start += MAX_OR_CONDITIONS) {
        const group = items.slice(start, start + MAX_OR_CONDITIONS);
        groups.push(group.length === 1 ? group[0] : wrap(Fn.conditionOr(...group)));
      }
      return groups;
    };
    this.conditions = props.shards.map((shard, i) => {
      // Two levels of Fn::Or inline (up to 100 accounts), then named conditions: a template may declare only
      // MAX_TEMPLATE_CONDITIONS conditions, and inline operands cost none.
      const leaves = shard.accounts.map((account) => Fn.conditionEquals(Aws.ACCOUNT_ID, account));
      let level = orGroups(
        orGroups(leaves, (e) => e),
        (e) => named(e),
      );
      while (level.length > MAX_OR_CONDITIONS) level = orGroups(level, (e) => named(e));
      return named(level.length === 1 ? level[0] : Fn.conditionOr(...level), `InShard${i + 1}`);
    });
    if (conditionCount > MAX_TEMPLATE_CONDITIONS) {
      throw new Error(
        `'shards' need ${conditionCount} template conditions to route ${seen.size} accounts but a template may declare ${MAX_TEMPLATE_CONDITIONS}; got ${props.shards.length} shards`,
      );
    }
    const suffixes = props.shards.map((shard, i) => Fn.conditionIf(this.conditions[i].logicalId, shard.busName.slice(props.primary.busName.length), ''));
    const busName = props.shards.length === 0 ? props.primary.busName : Fn.join('', [props.primary.busName, ...suffixes.map((s) => s.toString())]);
    this.busArn = centralBusArn({ ...props.primary, busName });
  }
}
