import { z } from 'zod';
import type { ConfigIssue } from '../errors';
import type { PathSegment } from './paths';
import { formatPath } from './paths';
import { closest } from './suggest';
import type { YamlSource } from './yaml-file';
import { lineAt, lineOfKey, nodeAt, sourceTextAt } from './yaml-file';

type ZodIssue = z.core.$ZodIssue;

/** Options of validateWithSchema. */
export interface ValidateWithSchemaOptions {
  /**
   * Quote the offending values in messages ("got 'eu-west1'"). Off for a file another file points at (the accounts
   * directory), which may turn out to be any file: its problems then name keys, lines and kinds of value, never text.
   * @default true
   */
  readonly echoValues?: boolean;
}
type AnySchema = z.core.$ZodType;

/** Validates `src.data` with `schema`; returns the typed value, or every problem as ConfigIssues in file order with line and fix. */
export function validateWithSchema<S extends z.ZodType>(
  src: YamlSource,
  schema: S,
  emptyFix: string,
  options: ValidateWithSchemaOptions = {},
): { value: z.output<S>; issues: [] } | { value?: undefined; issues: ConfigIssue[] } {
  if (src.data === null || src.data === undefined) {
    return { issues: [{ path: '', line: 1, message: `the file is empty; ${emptyFix}` }] };
  }
  const result = schema.safeParse(src.data, { reportInput: true });
  if (result.success) {
    return { value: result.data, issues: [] };
  }
  const issues = result.error.issues.flatMap((issue) => translate(src, schema, issue, options.echoValues ?? true));
  return { issues: sortByLine(issues) };
}

function sortByLine(issues: ConfigIssue[]): ConfigIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.index - b.index)
    .map((x) => x.issue);
}

function translate(src: YamlSource, root: AnySchema, issue: ZodIssue, echo: boolean): ConfigIssue[] {
  const path = issue.path as PathSegment[];
  if (issue.code === 'unrecognized_keys') {
    const allowed = objectKeys(schemaAt(root, path));
    return issue.keys.map((key) => {
      const hint = closest(key, allowed);
      return {
        path: formatPath([...path, key]),
        line: lineOfKey(src, path, key),
        message: `unknown key '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; allowed keys here: ${allowed.join(', ')}`,
      };
    });
  }
  if (issue.code === 'invalid_union') {
    // The one option whose problems all lie inside the value (not at its top) is the one the author meant: report those.
    const meant = issue.errors.filter((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
    if (meant.length === 1) {
      return meant[0].flatMap((inner) => translate(src, root, { ...inner, path: [...path, ...inner.path] } as ZodIssue, echo));
    }
  }
  // the whole file is never quoted: it may be any file named by mistake (a .env, a key file)
  const message = messageFor(src, root, issue, path, echo && path.length > 0);
  return [{ path: formatPath(path), line: lineAt(src, path), message }];
}

function messageFor(src: YamlSource, root: AnySchema, issue: ZodIssue, path: PathSegment[], echo: boolean): string {
  const input = (issue as { input?: unknown }).input;
  const written = echo ? sourceTextAt(src, path) : undefined;
  const custom = isCustom(issue.message) ? issue.message : undefined;
  if (input === undefined && !nodeAt(src, path).exact) {
    const expected = issue.code === 'invalid_type' ? expectedWords(issue.expected) : 'see "Configuration reference" in README.md';
    return `is required; add it (${custom ?? describe(schemaAt(root, path)) ?? expected})`;
  }
  if (issue.code === 'invalid_type') {
    const rule = custom ?? `must be ${expectedWords(issue.expected)}`;
    if (typeof input === 'number' && issue.expected === 'string' && written !== undefined && echo) {
      const digits = /^\d+$/.test(written) && written.startsWith('0') ? ' (and lost its leading zeros)' : '';
      return `${written} was read as a number${digits} because it is not quoted; write it in quotes: "${written}"`;
    }
    if (typeof input === 'number' && issue.expected === 'string' && !echo) {
      return 'was read as a number because it is not quoted; write it in quotes';
    }
    if (input === null) {
      return `is empty; ${rule}`;
    }
    return `${rule}; got ${gotText(input, written, echo)}`;
  }
  const rule = custom ?? genericRule(issue);
  if (
    (typeof input === 'string' && echo && rule.includes(`'${input}'`)) ||
    (typeof input === 'object' && input !== null && !(Array.isArray(input) && input.length === 0))
  ) {
    return rule;
  }
  return `${rule}; got ${gotText(input, written, echo)}`;
}

/** zod's own default messages start with one of these; everything else was written for keywatch. */
function isCustom(message: string): boolean {
  return !/^(Invalid|Too (small|big)|Unrecognized key|Expected)/.test(message);
}

function genericRule(issue: ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'array'
        ? `must list at least ${issue.minimum} item${Number(issue.minimum) === 1 ? '' : 's'}`
        : issue.origin === 'string'
          ? `must be at least ${issue.minimum} character${Number(issue.minimum) === 1 ? '' : 's'} long`
          : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `must list at most ${issue.maximum} items`
        : issue.origin === 'string'
          ? `must be at most ${issue.maximum} characters long`
          : `must be at most ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? `must match the pattern ${(issue as { pattern?: string }).pattern}` : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_union':
      return 'does not match any allowed form; see "Configuration reference" in README.md';
    default:
      return issue.message;
  }
}

function expectedWords(expected: string): string {
  const words: Record<string, string> = {
    object: 'a mapping of keys',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    record: 'a mapping of keys',
  };
  return words[expected] ?? `a ${expected}`;
}

function gotText(input: unknown, written: string | undefined, echo: boolean): string {
  if (!echo) return kindOf(input);
  if (written !== undefined) {
    const short = written.length > 80 ? `${written.slice(0, 77)}...` : written;
    return /^["']/.test(short) ? short : `'${short}'`;
  }
  if (Array.isArray(input)) {
    return input.length === 0 ? 'an empty list' : 'a list';
  }
  if (typeof input === 'object' && input !== null) {
    return 'a mapping';
  }
  return `'${String(input)}'`;
}

/** What kind of value `input` is, without its text. */
function kindOf(input: unknown): string {
  if (typeof input === 'string') return `a string of ${input.length} character${input.length === 1 ? '' : 's'} (not shown)`;
  if (Array.isArray(input)) return input.length === 0 ? 'an empty list' : 'a list';
  if (typeof input === 'object' && input !== null) return 'a mapping';
  return input === null ? 'nothing' : `a ${typeof input}`;
}

/** The schema node at `path`, unwrapping defaults/optionals and choosing the union option that has the next key. */
function schemaAt(root: AnySchema, path: readonly PathSegment[]): AnySchema | undefined {
  let node: AnySchema | undefined = root;
  for (const seg of path) {
    node = unwrap(node);
    if (!node) {
      return undefined;
    }
    const def = node._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'object') {
      node = (def.shape as Record<string, AnySchema>)[seg as string];
    } else if (def.type === 'array') {
      node = def.element as AnySchema;
    } else if (def.type === 'record') {
      node = def.valueType as AnySchema;
    } else if (def.type === 'union') {
      const options = (def.options as AnySchema[]).map(unwrap).filter((o): o is AnySchema => o !== undefined);
      node = options
        .map((o) => (o._zod.def as unknown as Record<string, unknown>).shape as Record<string, AnySchema> | undefined)
        .find((shape) => shape && seg in shape)?.[seg as string];
    } else {
      return undefined;
    }
  }
  return node;
}

function unwrap(node: AnySchema | undefined): AnySchema | undefined {
  let current = node;
  while (current) {
    const def = current._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') {
      current = def.innerType as AnySchema;
    } else {
      return current;
    }
  }
  return current;
}

function objectKeys(node: AnySchema | undefined): string[] {
  const unwrapped = unwrap(node);
  const shape = unwrapped ? ((unwrapped._zod.def as unknown as Record<string, unknown>).shape as Record<string, unknown> | undefined) : undefined;
  return shape ? Object.keys(shape) : [];
}

function describe(node: AnySchema | undefined): string | undefined {
  let current = node;
  while (current) {
    const description = z.globalRegistry.get(current)?.description;
    if (description) {
      return description;
    }
    const def = current._zod.def as unknown as Record<string, unknown>;
    current = def.innerType as AnySchema | undefined;
  }
  return undefined;
}
