/**
 * Splits `items` into consecutive groups so that `render(group)` serializes (JSON.stringify) to at most `maxChars`
 * characters, each group as long as it can be (greedy, in order), so disjoint items give disjoint groups. Returns
 * undefined when a single item alone does not fit. A longer group never renders shorter, so each group's end is found by
 * an exponential then binary search: O(n log n) renders of a group's worth instead of one render per item.
 */
export function chunkToFit<T>(items: readonly T[], maxChars: number, render: (group: readonly T[]) => unknown): T[][] | undefined {
  const fits = (from: number, to: number) => serializedLength(render(items.slice(from, to))) <= maxChars;
  const groups: T[][] = [];
  let start = 0;
  while (start < items.length) {
    if (!fits(start, start + 1)) {
      return undefined;
    }
    // good: a length that fits; bad: a length that does not (or past the end)
    let good = 1;
    let bad = 2;
    while (start + bad <= items.length && fits(start, start + bad)) {
      good = bad;
      bad *= 2;
    }
    bad = Math.min(bad, items.length - start + 1);
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      if (fits(start, start + mid)) good = mid;
      else bad = mid;
    }
    groups.push(items.slice(start, start + good));
    start += good;
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
