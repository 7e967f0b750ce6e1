import { aws_events as events } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CompiledRule, RuleState } from '@keywatch/shared';
import { applyRuleState } from './rule-state';

/** Where a compiled rule goes and in which state. */
export interface CompiledRuleOptions {
  /** The rule's State (see ruleState). */
  readonly state: RuleState;
  /**
   * The bus the rule lives on.
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
  /**
   * Construct id of the rule.
   * @default - the compiled rule's id
   */
  readonly id?: string;
  /**
   * Name of the rule.
   * @default - a name CloudFormation generates
   */
  readonly ruleName?: string;
}

/**
 * The one way keywatch turns a plan entry into an `events.Rule`: the compiled rule's description and pattern, on the
 * given bus, with its State set through the L1 escape hatch (applyRuleState). Targets are the caller's.
 */
export function ruleFromCompiled(scope: Construct, compiled: CompiledRule, options: CompiledRuleOptions): events.Rule {
  const rule = new events.Rule(scope, options.id ?? compiled.id, {
    eventBus: options.eventBus,
    ruleName: options.ruleName,
    description: compiled.description,
    eventPattern: compiled.pattern as events.EventPattern,
  });
  applyRuleState(rule, options.state);
  return rule;
}
