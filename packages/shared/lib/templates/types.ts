import type { AccountIdentity } from '../compiler/types';

/** Language of the human-readable alert text. */
export type Locale = 'en' | 'ja';

/** An EventBridge input transformer, as CloudFormation's AWS::Events::Rule InputTransformer takes it. */
export interface InputTransformerSpec {
  /** Placeholder name → JSONPath into the matched event (≤ 100 entries; keys never start with "AWS."). */
  readonly inputPathsMap: Record<string, string>;
  /** Template with <placeholder>s (1–8,192 characters). */
  readonly inputTemplate: string;
}

/** Options shared by every alert template. */
export interface AlertTemplateOptions {
  /**
   * The account the rule alerts for, baked into the template as literal text.
   * @default - the fallback template: the account id comes from the event and the account is reported as not yet in the accounts directory
   */
  readonly account?: AccountIdentity;
}

/** Options for the human-readable templates (e-mail and chat). */
export interface LocalizedTemplateOptions extends AlertTemplateOptions {
  /** Language of the alert text. */
  readonly locale: Locale;
}
