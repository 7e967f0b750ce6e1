import { InputTransformerError } from './errors';

/**
 * An EventBridge target InputTransformer (API_InputTransformer), as CloudFormation's AWS::Events::Rule InputTransformer
 * takes it: the one definition that the templates produce, the member constructs deploy and the engine renders.
 */
export interface InputTransformerSpec {
  /**
   * Variable name → JSON path into the event (dot notation, array indices, `*`). Up to 100 entries; keys never start with "AWS.".
   * @default - no variables; only the predefined `aws.events.*` variables can be used
   */
  readonly inputPathsMap?: Readonly<Record<string, string>>;
  /** Template with `<variable>` placeholders, 1–8,192 characters, exactly as EventBridge receives it. */
  readonly inputTemplate: string;
}

/** InputTransformer quotas [doc: EventBridge API_InputTransformer]. */
export const INPUT_TRANSFORMER_LIMITS = { maxPaths: 100, maxTemplateChars: 8192 } as const;

/** Values EventBridge supplies for the predefined variables. */
export interface TransformContext {
  /** @default 'arn:aws:events:us-east-1:111111111111:rule/local' */
  readonly ruleArn?: string;
  /** @default 'local' */
  readonly ruleName?: string;
  /** @default - the event's `time` field */
  readonly ingestionTime?: string;
}

const MAX_VARIABLES = INPUT_TRANSFORMER_LIMITS.maxPaths;
const MAX_TEMPLATE = INPUT_TRANSFORMER_LIMITS.maxTemplateChars;
const MAX_PATH = 256;
const RESERVED = new Set(['aws.events.rule-arn', 'aws.events.rule-name', 'aws.events.event.ingestion-time', 'aws.events.event', 'aws.events.event.json']);
const KEY = /^[A-Za-z0-9_.-]+$/;
const PATH = /^\$(?:(?:\.(?:[A-Za-z0-9_\-/@]+|\*))|\[\d+\])*$/;
const PLACEHOLDER = /<([^<>\s"]+)>/g;

/** Throws InputTransformerError naming the problem when EventBridge would reject the spec or cannot fill it. */
export function validateInputTransformer(spec: InputTransformerSpec): void {
  const map = spec.inputPathsMap ?? {};
  const keys = Object.keys(map);
  const problems: string[] = [];
  if (keys.length > MAX_VARIABLES) problems.push(`'inputPathsMap' must have at most ${MAX_VARIABLES} entries; got ${keys.length}`);
  for (const key of keys) {
    if (key.startsWith('AWS.')) problems.push(`'inputPathsMap' keys must not start with "AWS."; got '${key}'`);
    else if (RESERVED.has(key)) problems.push(`'inputPathsMap' keys must not use a predefined variable name; got '${key}'`);
    else if (!KEY.test(key)) problems.push(`'inputPathsMap' keys must use letters, digits, '_', '-' and '.'; got '${key}'`);
    const path = map[key];
    if (typeof path !== 'string' || path.length > MAX_PATH || !PATH.test(path)) {
      problems.push(`'inputPathsMap.${key}' must be a JSON path in dot notation such as '$.detail.x' or '$.resources[0]'; got '${path}'`);
    }
  }
  const t = spec.inputTemplate;
  if (typeof t !== 'string' || t.length < 1 || t.length > MAX_TEMPLATE) {
    problems.push(`'inputTemplate' must be 1 to ${MAX_TEMPLATE} characters; got ${typeof t === 'string' ? t.length : typeof t}`);
  } else {
    for (const m of t.matchAll(PLACEHOLDER)) {
      if (!(m[1] in map) && !RESERVED.has(m[1])) {
        problems.push(`'inputTemplate' placeholder <${m[1]}> must be defined in 'inputPathsMap' or be a predefined aws.events.* variable`);
      }
    }
  }
  if (problems.length > 0) throw new InputTransformerError(problems.join('; '));
}

/**
 * Renders what EventBridge delivers to the target: the template with each `<variable>` replaced. Outside JSON string
 * quotes a value is inserted as JSON (a string gets its quotes); inside quotes a string is inserted JSON-escaped
 * without quotes and any other value as its JSON text. A path missing from the event gives `null` outside quotes and
 * nothing inside quotes. `aws.events.event` (the event without `detail`) and `aws.events.event.json` are inserted as
 * raw JSON. A text template such as CDK's `RuleTargetInput.fromText('a <b>')` is the JSON string `"a <b>"`, so the
 * subscriber (e.g. an SNS e-mail) receives that text including the surrounding double quotes.
 */
export function renderInputTransformer(spec: InputTransformerSpec, event: object, context: TransformContext = {}): string {
  validateInputTransformer(spec);
  const map = spec.inputPathsMap ?? {};
  const e = event as Record<string, unknown>;
  const reserved: Record<string, () => { json: string } | { text: string }> = {
    'aws.events.rule-arn': () => ({ text: context.ruleArn ?? 'arn:aws:events:us-east-1:111111111111:rule/local' }),
    'aws.events.rule-name': () => ({ text: context.ruleName ?? 'local' }),
    'aws.events.event.ingestion-time': () => ({ text: context.ingestionTime ?? String(e.time ?? '') }),
    'aws.events.event': () => {
      const rest = { ...e };
      delete rest.detail;
      return { json: JSON.stringify(rest) };
    },
    'aws.events.event.json': () => ({ json: JSON.stringify(event) }),
  };
  const t = spec.inputTemplate;
  let out = '';
  let inString = false;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (inString && c === '\\') {
      out += c + (t[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') {
      inString = !inString;
      out += c;
      continue;
    }
    if (c === '<') {
      const m = /^<([^<>\s"]+)>/.exec(t.slice(i));
      if (m !== null && (m[1] in map || m[1] in reserved)) {
        out += m[1] in map ? insert(evaluatePath(event, map[m[1]]), inString) : insertReserved(reserved[m[1]](), inString);
        i += m[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

function insertReserved(v: { json: string } | { text: string }, inString: boolean): string {
  if ('json' in v) return v.json;
  return inString ? JSON.stringify(v.text).slice(1, -1) : JSON.stringify(v.text);
}

function insert(value: unknown, inString: boolean): string {
  if (value === undefined) return inString ? '' : 'null';
  if (typeof value === 'string') return inString ? JSON.stringify(value).slice(1, -1) : JSON.stringify(value);
  const json = JSON.stringify(value);
  return inString ? JSON.stringify(json).slice(1, -1) : json;
}

/** Evaluates a dot-notation JSON path (`$`, `.name`, `[index]`, `.*`) on the event; undefined when absent. */
export function evaluatePath(event: unknown, path: string): unknown {
  const tokens = path.slice(1).match(/\.[^.[]+|\[\d+\]/g) ?? [];
  let current: unknown[] = [event];
  let multi = false;
  for (const tok of tokens) {
    const next: unknown[] = [];
    for (const node of current) {
      if (tok === '.*') {
        multi = true;
        if (Array.isArray(node)) next.push(...node);
        else if (node !== null && typeof node === 'object') next.push(...Object.values(node));
      } else if (tok.startsWith('[')) {
        const idx = Number(tok.slice(1, -1));
        if (Array.isArray(node) && idx < node.length) next.push(node[idx]);
      } else if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
        const key = tok.slice(1);
        if (Object.prototype.hasOwnProperty.call(node, key)) next.push((node as Record<string, unknown>)[key]);
      }
    }
    current = next;
  }
  if (multi) return current.length === 0 ? undefined : current;
  return current[0];
}
