import { TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import type { AwsClients } from '../aws/clients';
import { mapWithConcurrency } from '../aws/concurrency';
import { awsErrorName, explainAwsError } from '../aws/errors';

/** One TestEventPattern question: a pattern and an event (both JSON text), asked in a region. */
export interface PatternQuestion {
  readonly region: string;
  readonly pattern: string;
  readonly event: string;
}

/**
 * Asks Amazon EventBridge's TestEventPattern once per distinct (region, pattern, event), `concurrency` calls at a time;
 * the clients' SDK retry strategy (createAwsClients) retries ThrottlingException with exponential backoff. A pattern
 * the service rejects (InvalidEventPatternException), or an answer without a Result, is remembered as a message; any other failure is
 * thrown through explainAwsError.
 */
export class PatternTester {
  private readonly results = new Map<string, boolean | string>();
  /** TestEventPattern calls made (one per distinct question; retries not counted). */
  calls = 0;

  constructor(
    private readonly clients: AwsClients,
    private readonly concurrency: number,
    private readonly profile: string | undefined,
  ) {}

  private static key(region: string, pattern: string, event: string): string {
    return `${region}\u0000${pattern}\u0000${event}`;
  }

  /** How many distinct pairs `pairs` holds that have not run yet. */
  count(pairs: readonly PatternQuestion[]): number {
    return new Set(pairs.map((p) => PatternTester.key(p.region, p.pattern, p.event)).filter((k) => !this.results.has(k))).size;
  }

  /** Runs every pair not run yet; `onDone` after each call. */
  async run(pairs: readonly PatternQuestion[], onDone: () => void): Promise<void> {
    const unique = new Map<string, PatternQuestion>();
    for (const p of pairs) {
      const k = PatternTester.key(p.region, p.pattern, p.event);
      if (!this.results.has(k)) unique.set(k, p);
    }
    await mapWithConcurrency(
      [...unique.entries()],
      async ([k, p]) => {
        this.calls += 1;
        try {
          const out = await this.clients.eventBridge(p.region).send(new TestEventPatternCommand({ EventPattern: p.pattern, Event: p.event }));
          this.results.set(k, typeof out.Result === 'boolean' ? out.Result : 'TestEventPattern answered without a Result');
        } catch (err) {
          if (awsErrorName(err) === 'InvalidEventPatternException') {
            this.results.set(k, err instanceof Error ? err.message : String(err));
          } else {
            throw explainAwsError(err, { operation: 'events:TestEventPattern', region: p.region, profile: this.profile });
          }
        }
        onDone();
      },
      this.concurrency,
    );
  }

  /** true/false, the rejection message, or undefined when the pair has not run. */
  result(region: string, pattern: string, event: string): boolean | string | undefined {
    return this.results.get(PatternTester.key(region, pattern, event));
  }
}
