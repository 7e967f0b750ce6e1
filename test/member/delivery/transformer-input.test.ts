import { aws_events as events, aws_events_targets as targets, aws_sqs as sqs } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as member from '@keywatch/member';
import * as shared from '@keywatch/shared';
import { newTestStack } from '../../helpers/synth';

/** True only when A and B are the same type (each assignable to the other, not through any). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('TransformerInput', () => {
  test('takes the one InputTransformerSpec: the engine, the templates and member use the same type', () => {
    // GIVEN: compile-time proofs (tsc fails if a second declaration drifts from the engine's)
    const memberIsShared: Same<member.InputTransformerSpec, shared.InputTransformerSpec> = true;
    const engineIsShared: Same<Parameters<typeof shared.renderInputTransformer>[0], shared.InputTransformerSpec> = true;
    const targetInputIsShared: Same<NonNullable<member.DeliveryTargetProps['input']>, shared.InputTransformerSpec> = true;
    const templatesProduceIt: Same<shared.RenderedTemplate, Required<shared.InputTransformerSpec>> = true;
    expect([memberIsShared, engineIsShared, targetInputIsShared, templatesProduceIt]).toEqual([true, true, true, true]);
  });

  test('deploys a template exactly as the engine renders it', () => {
    // GIVEN
    const stack = newTestStack();
    const spec = shared.alertLogTemplate();
    const rule = new events.Rule(stack, 'R', { eventPattern: { source: ['aws.sts'] } });
    // WHEN
    rule.addTarget(new targets.SqsQueue(new sqs.Queue(stack, 'Q'), { message: new member.TransformerInput(spec) }));
    // THEN
    expect(() => shared.validateInputTransformer(spec)).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Targets: [{ InputTransformer: { InputPathsMap: spec.inputPathsMap, InputTemplate: spec.inputTemplate } }],
    });
  });
});

describe('INPUT_TRANSFORMER_LIMITS', () => {
  test('the engine rejects exactly past the one limits table', () => {
    // GIVEN
    const { maxPaths, maxTemplateChars } = shared.INPUT_TRANSFORMER_LIMITS;
    const paths = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, '$.a']));
    // THEN
    expect(() => shared.validateInputTransformer({ inputPathsMap: paths(maxPaths), inputTemplate: '"x"' })).not.toThrow();
    expect(() => shared.validateInputTransformer({ inputPathsMap: paths(maxPaths + 1), inputTemplate: '"x"' })).toThrow(/at most 100 entries/);
    expect(() => shared.validateInputTransformer({ inputTemplate: `"${'x'.repeat(maxTemplateChars - 2)}"` })).not.toThrow();
    expect(shared.inputTransformerProblems({ inputPathsMap: {}, inputTemplate: 'x'.repeat(maxTemplateChars + 1) })).toEqual([
      `InputTemplate has ${maxTemplateChars + 1} characters; it must have 1 to ${maxTemplateChars}`,
    ]);
  });
});
