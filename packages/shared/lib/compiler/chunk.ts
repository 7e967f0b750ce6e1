/**
 * Splits `items` into consecutive groups so that `render(group)` serializes (JSON.stringify) to at most `maxChars`
 * characters. Groups are filled greedily in order, so disjoint items give disjoint groups. Returns undefined when a
 * single item alone does not fit.
 */
export function chunkToFit<T>(items: readonly T[], maxChars: number, render: (group: readonly T[]) => unknown): T[][] | undefined {
  const groups: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    const candidate = [...current, item];
    if (serializedLength(render(candidate)) <= maxChars) {
      current = candidate;
      continue;
    }
    if (current.length === 0) {
      return undefined;
    }
    groups.push(current);
    current = [item];
    if (serializedLength(render(current)) > maxChars) {
      return undefined;
    }
  }
  if (current.length > 0) {
    groups.push(current);
  }
  return groups;
}

/**
 * Characters `value` counts against the event pattern size quota, measured conservatively: the compact JSON text plus
 * one space after every structural "," and ":". CloudFormation, not keywatch, serializes the pattern for PutRule and its
 * spacing is not documented, so the budget holds for either form.
 */
export function serializedLength(value: unknown): number {
  const text = JSON.stringify(value);
  let structural = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') {
        i++;
      } else if (c === '"') {
        inString = false;
      }
    } else if (c === '"') {
      inString = true;
    } else if (c === ',' || c === ':') {
      structural++;
    }
  }
  return text.length + structural;
}
