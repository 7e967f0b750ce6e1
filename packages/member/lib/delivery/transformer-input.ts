import { aws_events as events } from 'aws-cdk-lib';
import type { InputTransformerSpec } from '@keywatch/shared';

export type { InputTransformerSpec } from '@keywatch/shared';

/**
 * A rule target input that passes an InputTransformer through verbatim.
 *
 * `RuleTargetInput.fromText/fromObject` re-quote and re-encode their argument; the keywatch templates are
 * already in InputTemplate form, so they must reach the template untouched.
 */
export class TransformerInput extends events.RuleTargetInput {
  /** The transformer, as given. */
  constructor(private readonly spec: InputTransformerSpec) {
    super();
  }

  /** Renders InputPathsMap and InputTemplate unchanged. */
  public bind(_rule: events.IRule): events.RuleTargetInputProperties {
    return { inputPathsMap: { ...this.spec.inputPathsMap }, inputTemplate: this.spec.inputTemplate };
  }
}
