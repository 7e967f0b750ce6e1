import { compileSubRules } from './pattern-parser';
import { SubRule, ValueSpec } from './pattern-spec';
import { toTree } from './event-pattern';

/**
 * The `$or` branches aws/event-ruler 2.0.1 may silently fail to add: indexes, in event-ruler's sub-rule order (the
 * order compileSubRules gives), of each sub-rule that has the same set of field paths as an earlier sub-rule of the same
 * pattern and shares at least one matcher with it on every one of those paths. Empty for a pattern without such a pair
 * (every pattern keywatch synthesizes must be), for a pattern without `$or`, and for an invalid pattern.
 *
 * Why: GenericMachine.addStep (2.0.1) decides that a sub-rule "already exists" when, for each of its keys, ANY of its
 * patterns was added at the same state by a sibling sub-rule, and then skips it, so its other values never match; which
 * sibling state it inspects depends on HashSet order of NameState identity hashes, so the outcome even varies between
 * JVM runs. The pattern text is a logical OR (event-ruler README, "The $or Primitive": `"source" && ("metricName" ||
 * "namespace")`), the local engine matches it as such, and aws/event-ruler PR #140 (open) fixes a narrower case of the
 * same defect. Hand-rolled: no library models event-ruler's sub-rule bookkeeping.
 */
export function eventRulerDroppableBranches(pattern: object | string): number[] {
  let subRules: SubRule[];
  try {
    subRules = compileSubRules(toTree(pattern));
  } catch {
    return [];
  }
  return droppableSubRules(subRules);
}

/** eventRulerDroppableBranches on compiled sub-rules (see there); empty for fewer than two sub-rules. */
export function droppableSubRules(subRules: readonly SubRule[]): number[] {
  const keyed = subRules.map((rule) => ({
    paths: [...rule.keys()].sort().join('\u0000'),
    specs: new Map([...rule].map(([path, specs]) => [path, new Set(specs.map(specKey))])),
  }));
  const droppable: number[] = [];
  keyed.forEach((rule, i) => {
    const shadowed = keyed
      .slice(0, i)
      .some((earlier) => earlier.paths === rule.paths && [...rule.specs].every(([path, specs]) => [...specs].some((s) => earlier.specs.get(path)?.has(s))));
    if (shadowed) droppable.push(i);
  });
  return droppable;
}

/** A matcher's identity as event-ruler's Patterns.equals sees it, erring towards "equal" (texts of one number are one key). */
function specKey(spec: ValueSpec): string {
  if (spec.type === 'ip') return `ip ${JSON.stringify(spec.range)}`;
  if (spec.type === 'number') return `number ${spec.value ?? spec.text}`;
  return JSON.stringify(spec);
}
