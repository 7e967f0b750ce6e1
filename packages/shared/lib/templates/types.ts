import type { AccountIdentity } from '../compiler/types';
import type { KeywatchConfig } from '../config/schema';
import type { InputTransformerSpec } from '../engine/input-transformer';

export type { InputTransformerSpec } from '../engine/input-transformer';

/** Language of the human-readable alert text: the schema's `notify.locale` (z.infer), so the schema is its only source. */
export type Locale = KeywatchConfig['notify']['locale'];

/** What a template generator returns: an InputTransformerSpec whose paths map is always present. */
export type RenderedTemplate = Required<InputTransformerSpec>;

/** Options shared by every alert template. */
export interface AlertTemplateOptions {
  /**
   * The account the rule alerts for, baked into the template as literal text.
   * @default - the fallback template: the account id comes from the event and the account is reported as not yet in the accounts directory
   */
  readonly account?: AccountIdentity;
  /**
   * The template of a rule shared by several accounts with the same policy (compiler `kind: 'group'`): the account ID
   * comes from the event (the rule's pattern lists the IDs), and the name, OU path and owner are left as markers
   * (GROUP_MARKERS) that the notify gate fills from its directory (notifyGateDefinition); ignored when `account` is set.
   * @default false
   */
  readonly group?: boolean;
}

/** Options for the human-readable templates (e-mail and chat). */
export interface LocalizedTemplateOptions extends AlertTemplateOptions {
  /** Language of the alert text. */
  readonly locale: Locale;
}
