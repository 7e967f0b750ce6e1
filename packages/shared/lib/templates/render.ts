import { QuotaError } from '../errors';
import { ALERT_FIELDS, DeliveryFailureVariable, OnboardingVariable, RULE_NAME_VARIABLE, TamperField, TemplateVariable } from './fields';
import { INPUT_TRANSFORMER_LIMITS, type InputTransformerSpec } from '../engine/input-transformer';
import type { RenderedTemplate } from './types';

export { INPUT_TRANSFORMER_LIMITS };

// Placeholders are built as private-use markers first, so that literal text can be escaped without
// touching them, and turned into EventBridge's <name> syntax last.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g');
const QUOTED_MARKER = new RegExp(`(?<!\\\\)"${OPEN}([^${CLOSE}]*)${CLOSE}"`, 'g');
/** How EventBridge spots a placeholder: <name> where name is an InputPathsMap key or a predefined variable. */
const PLACEHOLDER = /<([A-Za-z0-9_\-.]+)>/g;

/** A placeholder for `variable`, to embed in text passed to renderTextLines or renderJson (no default). */
export function v(variable: TemplateVariable | OnboardingVariable | TamperField | DeliveryFailureVariable): string {
  return OPEN + variable + CLOSE;
}

/**
 * Literal text from outside (the accounts directory) with marker characters neutralized (no default): the placeholder
 * markers and the grouped rules' account markers (U+E000–U+E004) become U+FFFD.
 */
export function lit(text: string): string {
  return text.replace(/[\uE000-\uE004]/g, '\uFFFD');
}

/**
 * Renders lines exactly as aws-cdk-lib's RuleTargetInput.fromMultilineText does: each line a JSON string
 * literal on its own line. EventBridge delivers this text verbatim to SNS (the quotes stay visible).
 * "<" and ">" in literal text become "‹" and "›", because EventBridge has no escape for them and would
 * read "<name>" as a placeholder (default: none).
 */
export function renderTextLines(lines: readonly string[]): string {
  return lines
    .map((line) => JSON.stringify(line.replace(/</g, '\u2039').replace(/>/g, '\u203A')))
    .map((line) => line.replace(MARKER, '<$1>'))
    .join('\n');
}

/**
 * Renders a JSON template the way aws-cdk-lib's RuleTargetInput.fromObject does (a string that is only a
 * placeholder loses its quotes, so EventBridge inserts the value as JSON), except that literal "<" and ">"
 * are written as the JSON escapes \u003c and \u003e so they can never be read as placeholders (default: none).
 */
export function renderJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(QUOTED_MARKER, '<$1>').replace(MARKER, '<$1>');
}

/** Every placeholder name in a template, in order of first use (default: none). */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** The problems that would make EventBridge reject the transformer; [] when it is valid (default: none). */
export function inputTransformerProblems(spec: InputTransformerSpec): string[] {
  const problems: string[] = [];
  const map = spec.inputPathsMap ?? {};
  const keys = Object.keys(map);
  const used = placeholdersOf(spec.inputTemplate);
  if (keys.length > INPUT_TRANSFORMER_LIMITS.maxPaths) {
    problems.push(`InputPathsMap has ${keys.length} entries; at most ${INPUT_TRANSFORMER_LIMITS.maxPaths} are allowed`);
  }
  // Counted in UTF-16 code units, never fewer than the characters AWS counts.
  const chars = spec.inputTemplate.length;
  if (chars < 1 || chars > INPUT_TRANSFORMER_LIMITS.maxTemplateChars) {
    problems.push(`InputTemplate has ${chars} characters; it must have 1 to ${INPUT_TRANSFORMER_LIMITS.maxTemplateChars}`);
  }
  for (const key of keys) {
    if (key.startsWith('AWS.') || !/^[A-Za-z0-9_-]+$/.test(key)) {
      problems.push(`InputPathsMap key '${key}' must match [A-Za-z0-9_-]+ and must not start with "AWS."`);
    }
    if (!used.includes(key)) {
      problems.push(`InputPathsMap key '${key}' is not used in the template`);
    }
  }
  for (const name of used) {
    if (!(name in map) && !name.startsWith('aws.events.')) {
      problems.push(`placeholder <${name}> is not defined in InputPathsMap`);
    }
  }
  return problems;
}

/**
 * Pairs a finished template with exactly the paths it uses, taken from `fields` (default ALERT_FIELDS); throws
 * QuotaError if EventBridge would reject it.
 */
export function toSpec(inputTemplate: string, what: string, fields: Readonly<Record<string, string>> = ALERT_FIELDS): RenderedTemplate {
  const inputPathsMap: Record<string, string> = {};
  for (const name of placeholdersOf(inputTemplate)) {
    if (name !== RULE_NAME_VARIABLE && Object.prototype.hasOwnProperty.call(fields, name)) {
      inputPathsMap[name] = fields[name];
    }
  }
  const spec = { inputPathsMap, inputTemplate };
  const problems = inputTransformerProblems(spec);
  if (problems.length > 0) {
    throw new QuotaError(
      `The ${what} input transformer cannot be deployed: ${problems.join('; ')}. Shorten the account name, OU path or owner in the accounts directory.`,
    );
  }
  return spec;
}
