/** Maps `items` through `fn` with at most `limit` promises in flight (default 8), keeping the input order; rejects with the first error. */
export async function mapWithConcurrency<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>, limit = 8): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`'limit' must be a positive integer; got '${limit}'`);
  }
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
