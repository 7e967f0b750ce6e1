/** Counts AWS API calls (one per command sent) and HTTP attempts (retries included), by operation. */
export class ApiCallCounter {
  private readonly calls = new Map<string, number>();
  private attemptCount = 0;

  /** Records one logical call of `operation` ("Service.Operation"). */
  recordCall(operation: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }

  /** Records one HTTP attempt (the first try or a retry). */
  recordAttempt(): void {
    this.attemptCount += 1;
  }

  /** Total logical calls so far (default 0). */
  get total(): number {
    let n = 0;
    for (const v of this.calls.values()) n += v;
    return n;
  }

  /** Total HTTP attempts so far, retries included (default 0). */
  get attempts(): number {
    return this.attemptCount;
  }

  /** Calls per operation, sorted by operation name. */
  byOperation(): Record<string, number> {
    return Object.fromEntries([...this.calls.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
}
