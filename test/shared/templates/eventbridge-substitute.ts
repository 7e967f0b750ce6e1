/**
 * Test-local model of EventBridge's input-transformer substitution (until the engine's renderInputTransformer exists):
 * - a placeholder inside a JSON string literal gets the value's text, unescaped; a missing value gives "";
 *   an object loses its internal quotes ("EventBridge doesn't escape values extracted by Input Path") [doc: eb-transform-target-input];
 * - a placeholder outside a string gets the value as JSON (strings quoted and escaped); a missing value gives ""
 *   [AWS-recorded: localstack tests/aws/services/events/test_events_inputs.snapshot.json, "custom-variables-not-match-all"];
 * - the output is delivered verbatim, including the quotes of a string template (same snapshot, SQS body).
 */
import type { RenderedTemplate } from '../../../packages/shared/lib/templates';

/** Resolves a dot-notation JSONPath such as $.detail.userIdentity.arn; undefined when absent. */
export function resolvePath(event: unknown, path: string): unknown {
  let node: unknown = event;
  for (const part of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter((p) => p !== '')) {
    if (node === null || typeof node !== 'object' || !(part in (node as object))) {
      return undefined;
    }
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** What EventBridge would deliver to the target for `event` matched by rule `ruleName`. */
export function substitute(spec: RenderedTemplate, event: unknown, ruleName = 'keywatch-Account111122223333-Alert'): string {
  const t = spec.inputTemplate;
  let out = '';
  let inString = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    const m = c === '<' ? /^<([A-Za-z0-9_.-]+)>/.exec(t.slice(i)) : null;
    if (m) {
      const name = m[1];
      let value: unknown;
      if (name === 'aws.events.rule-name') {
        value = ruleName;
      } else if (name in spec.inputPathsMap) {
        value = resolvePath(event, spec.inputPathsMap[name]);
      } else {
        throw new Error(`undefined placeholder <${name}>`);
      }
      out += inString ? rawText(value) : value === undefined ? '""' : JSON.stringify(value);
      i += m[0].length - 1;
      continue;
    }
    if (inString && c === '\\') {
      out += c + t[i + 1];
      i += 1;
      continue;
    }
    if (c === '"') {
      inString = !inString;
    }
    out += c;
  }
  return out;
}

function rawText(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  return typeof value === 'string' ? value : JSON.stringify(value).replace(/"/g, '');
}

/** The lines an e-mail reader sees: each delivered line without its surrounding quotes. */
export function readerLines(delivered: string): string[] {
  return delivered.split('\n').map((line) => line.replace(/^"/, '').replace(/"$/, ''));
}
