import { checkWildcardComplexity } from './complexity';
import { EventPatternError } from './errors';
import { cidrToRange, ipToRange } from './ip';
import { JsonTree } from './json';
import { compareNumbers, parseJsonNumber } from './number';
import { SubRule, ValueSpec } from './pattern-spec';

/**
 * Compiles a pattern the way aws/event-ruler's Machine.addRule does: JsonRuleCompiler first; when that fails with a
 * JsonParseException ("recoverable" here) the legacy RuleCompiler is tried, in which `$or` is an ordinary field name
 * and the newer anything-but forms are unknown. Error messages are event-ruler's.
 */
export function compileSubRules(tree: JsonTree): SubRule[] {
  try {
    return finish(new Compiler('modern').compile(tree));
  } catch (modern) {
    if (!(modern instanceof EventPatternError) || !modern.recoverable) throw modern;
    let legacy: Map<string, ValueSpec[]>[];
    try {
      legacy = new Compiler('legacy').compile(tree);
    } catch {
      throw modern;
    }
    return finish(legacy);
  }
}

/** Field names JsonRuleCompiler refuses inside `$or` (Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP). */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

/** GenericMachine.MAXIMUM_RULE_SIZE: fields per AND-branch. */
const MAXIMUM_RULE_SIZE = 256;

function finish(rules: Map<string, ValueSpec[]>[]): SubRule[] {
  for (const rule of rules) {
    if (rule.size > MAXIMUM_RULE_SIZE) {
      throw new EventPatternError(`Size of rule exceeds max value of ${MAXIMUM_RULE_SIZE} fields`);
    }
    for (const [field, specs] of rule) {
      // An empty anything-but value set yields no NameState in event-ruler; when it is the field's first matcher,
      // Machine.addRule fails (NullPointerException) and the rule is not added. Later in the list it is harmless.
      const first = specs[0];
      if (first.type === 'anything-but-set' && first.values.length === 0) {
        throw new EventPatternError(`"${field}": anything-but "${first.op}" needs at least one value`);
      }
    }
  }
  checkWildcardComplexity(rules);
  return rules;
}

function barf(message: string): never {
  throw new EventPatternError(message, true);
}

function fatal(message: string): never {
  throw new EventPatternError(message, false);
}

type Rules = Map<string, ValueSpec[]>[];

class Compiler {
  constructor(private readonly dialect: 'modern' | 'legacy') {}

  compile(tree: JsonTree): Rules {
    if (tree.kind !== 'object') barf('Filter is not an object');
    const rules: Rules = [];
    this.parseObject(rules, [], tree, false);
    return rules;
  }

  private parseObject(rules: Rules, path: string[], obj: Extract<JsonTree, { kind: 'object' }>, insideOr: boolean): void {
    for (const [key, value] of obj.entries) {
      if (this.dialect === 'modern' && key === '$or') {
        this.parseOr(rules, path, value);
        continue;
      }
      if (this.dialect === 'modern' && insideOr && RESERVED_IN_OR.has(key)) {
        barf(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
      }
      if (value.kind === 'object') {
        this.parseObject(rules, [...path, key], value, insideOr);
      } else if (value.kind === 'array') {
        this.writeRules(rules, [...path, key].join('.'), value.items);
      } else {
        barf(`"${key}" must be an object or an array`);
      }
    }
    if (obj.entries.length === 0) barf('Empty objects are not allowed');
  }

  private parseOr(rules: Rules, path: string[], value: JsonTree): void {
    const current = rules.map((r) => new Map(r));
    rules.length = 0;
    if (value.kind !== 'array') barf('It must be an Array followed with $or.');
    for (const item of value.items) {
      if (item.kind !== 'object') barf('Only JSON object is allowed in array of $or relationship.');
      const branch = current.map((r) => new Map(r));
      if (branch.length === 0) branch.push(new Map());
      this.parseObject(branch, path, item, true);
      rules.push(...branch);
    }
    if (value.items.length < 2) barf('There must have at least 2 Objects in $or relationship.');
  }

  private writeRules(rules: Rules, name: string, items: readonly JsonTree[]): void {
    const values: ValueSpec[] = [];
    for (const item of items) {
      switch (item.kind) {
        case 'object':
          values.push(this.matchExpression(item.entries));
          break;
        case 'string': {
          const range = ipToRange(item.value);
          values.push(range ? { type: 'ip', range, source: item.value } : { type: 'exact', value: item.value });
          break;
        }
        case 'number': {
          const n = parseJsonNumber(item.text);
          values.push(typeof n === 'number' ? { type: 'number', text: item.text, value: n } : { type: 'number', text: item.text });
          break;
        }
        case 'literal':
          values.push({ type: 'literal', value: item.value });
          break;
        default:
          barf('Match value must be String, number, true, false, or null');
      }
    }
    if (values.length === 0) barf('Empty arrays are not allowed');
    if (rules.length === 0) rules.push(new Map());
    for (const rule of rules) rule.set(name, values);
  }

  private matchExpression(entries: ReadonlyArray<readonly [string, JsonTree]>): ValueSpec {
    if (entries.length === 0) barf('Match expression name not found');
    const [op, v] = entries[0];
    const spec = this.operator(op, v);
    if (entries.length > 1)
      barf(op === 'numeric' || op === 'anything-but' ? 'Too many elements in numeric expression' : 'Only one key allowed in match expression');
    return spec;
  }

  private operator(op: string, v: JsonTree): ValueSpec {
    switch (op) {
      case 'exactly':
        return { type: 'exact', value: str(v, 'exact match pattern must be a string') };
      case 'prefix':
      case 'suffix':
        if (v.kind === 'object') return { type: op, value: this.ignoreCaseInner(op, v.entries), ignoreCase: true };
        return { type: op, value: str(v, `${op} match pattern must be a string`), ignoreCase: false };
      case 'numeric':
        if (v.kind !== 'array') barf('Value of numeric must be an array.');
        return numeric(v.items);
      case 'anything-but':
        return this.anythingBut(v);
      case 'exists':
        if (v.kind !== 'literal' || v.value === null) barf('exists match pattern must be either true or false.');
        return v.value ? { type: 'exists' } : { type: 'absent' };
      case 'cidr': {
        const text = str(v, 'prefix match pattern must be a string');
        try {
          return { type: 'ip', range: cidrToRange(text), source: text };
        } catch (e) {
          return fatal(`Invalid cidr '${text}': ${(e as Error).message}`);
        }
      }
      case 'equals-ignore-case':
        return { type: 'equals-ignore-case', value: str(v, 'equals-ignore-case match pattern must be a string') };
      case 'wildcard': {
        const text = str(v, 'wildcard match pattern must be a string');
        checkWildcard(text);
        return { type: 'wildcard', value: text };
      }
      default:
        return barf(`Unrecognized match type ${op}`);
    }
  }

  private ignoreCaseInner(op: 'prefix' | 'suffix', entries: ReadonlyArray<readonly [string, JsonTree]>): string {
    if (entries.length === 0) barf(`${op === 'prefix' ? 'Prefix' : 'Suffix'} expression name not found`);
    const [inner, v] = entries[0];
    if (inner !== 'equals-ignore-case') barf(`Unsupported ${op} pattern: ${inner}`);
    const text = str(v, 'equals-ignore-case match pattern must be a string');
    if (entries.length > 1) barf('Only one key allowed in match expression');
    return text;
  }

  private anythingBut(v: JsonTree): ValueSpec {
    let op: 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard' | undefined;
    let inner = v;
    if (v.kind === 'object') {
      if (v.entries.length === 0) barf('Anything-But expression name not found');
      const name = v.entries[0][0];
      const known = this.dialect === 'modern' ? ['equals-ignore-case', 'prefix', 'suffix', 'wildcard'] : ['equals-ignore-case', 'prefix', 'suffix'];
      if (!known.includes(name)) barf(`Unsupported anything-but pattern: ${name}`);
      op = name as typeof op;
      inner = v.entries[0][1];
      if (this.dialect === 'legacy' && op !== 'equals-ignore-case') {
        const text = str(inner, 'prefix/suffix match pattern must be a string');
        if (text === '') barf('Null prefix/suffix not allowed');
        if (v.entries.length > 1) barf('Only one key allowed in match expression');
        return { type: 'anything-but-set', op: op!, values: [text] };
      }
    }
    if (inner.kind !== 'array' && inner.kind !== 'string' && inner.kind !== 'number') {
      barf('Value of anything-but must be an array or single string/number value.');
    }
    let spec: ValueSpec;
    if (op === undefined) {
      spec = plainAnythingBut(inner);
    } else {
      const items = inner.kind === 'array' ? inner.items : [inner];
      const values = items.map((item) => {
        if (item.kind !== 'string') {
          barf(
            op === 'equals-ignore-case'
              ? 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'
              : op === 'wildcard'
                ? 'wildcard match pattern must be a string'
                : 'prefix/suffix match pattern must be a string',
          );
        }
        if ((op === 'prefix' || op === 'suffix') && item.value === '') barf('Null prefix/suffix not allowed');
        return item.value;
      });
      if (op === 'wildcard') values.forEach(checkWildcard);
      spec = { type: 'anything-but-set', op, values: [...new Set(values)] };
    }
    if (v.kind === 'object' && v.entries.length > 1) barf('Too many elements in numeric expression');
    return spec;
  }
}

function str(v: JsonTree, message: string): string {
  if (v.kind !== 'string') barf(message);
  return v.value;
}

function plainAnythingBut(inner: JsonTree): ValueSpec {
  if (inner.kind === 'string') return { type: 'anything-but', strings: [inner.value], numbers: [] };
  if (inner.kind === 'number') {
    const n = parseJsonNumber(inner.text);
    // Not caught by JsonRuleCompiler: an IllegalArgumentException, so no legacy retry.
    if (typeof n !== 'number') fatal(`Cannot compare number : ${inner.text}`);
    return { type: 'anything-but', strings: [], numbers: [n] };
  }
  const items = (inner as Extract<JsonTree, { kind: 'array' }>).items;
  const strings: string[] = [];
  const numbers: number[] = [];
  for (const item of items) {
    if (item.kind === 'string') strings.push(item.value);
    else if (item.kind === 'number') {
      const n = parseJsonNumber(item.text);
      if (typeof n !== 'number') barf(`Cannot compare number : ${item.text}`);
      numbers.push(n);
    } else barf('Inside anything but list, start|null|boolean is not supported.');
  }
  if (strings.length > 0 === numbers.length > 0) {
    barf('Inside anything but list, either all values are number or string, mixed type is not supported');
  }
  return { type: 'anything-but', strings, numbers };
}

function exactNumber(item: JsonTree | undefined, op: string): number {
  if (item === undefined || item.kind !== 'number') barf(`Value of ${op} must be numeric`);
  const n = parseJsonNumber(item.text);
  if (typeof n !== 'number') barf(`Cannot compare number : ${item.text}`);
  return n;
}

const MAX = Number.MAX_VALUE;

function numeric(items: readonly JsonTree[]): ValueSpec {
  const first = items[0];
  if (first === undefined || first.kind !== 'string') barf(`Invalid member in numeric match: ${describe(first)}`);
  const op = first.value;
  const single = (spec: ValueSpec): ValueSpec => {
    if (items.length > 2) barf('Too many elements in numeric expression');
    return spec;
  };
  switch (op) {
    case '=': {
      const n = exactNumber(items[1], 'equals');
      return single({ type: 'numeric', low: n, lowOpen: false, high: n, highOpen: false });
    }
    case '<':
    case '<=': {
      const n = exactNumber(items[1], op);
      return single({ type: 'numeric', low: -MAX, lowOpen: false, high: n, highOpen: op === '<' });
    }
    case '>':
    case '>=': {
      const low = exactNumber(items[1], op);
      const lowOpen = op === '>';
      if (items.length === 2) return { type: 'numeric', low, lowOpen, high: MAX, highOpen: false };
      const op2 = items[2];
      if (op2.kind !== 'string') barf(`Bad value in numeric range: ${describe(op2)}`);
      if (op2.value !== '<' && op2.value !== '<=') barf(`Bad numeric range operator: ${op2.value}`);
      const high = exactNumber(items[3], op2.value);
      if (items.length > 4) barf('Too many terms in numeric range expression');
      if (compareNumbers(low, high) >= 0) barf('Bottom must be less than top');
      return { type: 'numeric', low, lowOpen, high, highOpen: op2.value === '<' };
    }
    default:
      return barf(`Unrecognized numeric range operator: ${op}`);
  }
}

function describe(t: JsonTree | undefined): string {
  if (t === undefined) return ']';
  if (t.kind === 'string') return t.value;
  if (t.kind === 'number') return t.text;
  if (t.kind === 'literal') return String(t.value);
  return t.kind === 'object' ? '{' : '[';
}

/** WildcardParser rules: no `**`, and a backslash may only escape `*` or `\`. */
function checkWildcard(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*' && text[i + 1] === '*') barf(`Consecutive wildcard characters at pos ${i}`);
    if (c === '\\') {
      if (text[i + 1] === '*' || text[i + 1] === '\\') i++;
      else barf(`Invalid escape character at pos ${i}`);
    }
  }
}
