import { aws_events as events } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RULE_STATES, type CompiledRule } from '@keywatch/shared';
import { ruleFromCompiled, ruleState } from '@keywatch/member';
import { newTestStack } from '../../helpers/synth';

const COMPILED: CompiledRule = { id: 'Sender1', description: 'keywatch: test rule', pattern: { source: [{ prefix: 'aws.' }] }, patternChars: 28 };

describe('ruleFromCompiled', () => {
  test('builds the rule from the plan entry on the default bus, with its state', () => {
    // GIVEN
    const stack = newTestStack();
    // WHEN
    const rule = ruleFromCompiled(stack, COMPILED, { state: ruleState(true) });
    // THEN
    expect(rule.node.id).toBe('Sender1');
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Description: 'keywatch: test rule',
      EventPattern: { source: [{ prefix: 'aws.' }] },
      State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS',
      EventBusName: Match.absent(),
    });
  });

  test('takes a bus, a construct id and the ENABLED state', () => {
    // GIVEN
    const stack = newTestStack();
    const bus = new events.EventBus(stack, 'Bus', { eventBusName: 'keywatch-test' });
    // WHEN
    const rule = ruleFromCompiled(stack, COMPILED, { id: 'Rule', eventBus: bus, state: ruleState(false) });
    // THEN
    expect(rule.node.id).toBe('Rule');
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      State: 'ENABLED',
      EventBusName: { Ref: Match.anyValue() },
    });
  });
});

describe('ruleState', () => {
  test('answers with values of the one RuleState list', () => {
    expect(RULE_STATES).toEqual(expect.arrayContaining([ruleState(true), ruleState(false)]));
  });
});
