import type { Notification } from './notification';
import type { SimulationSummary } from './summary';
import { formatSummary } from './summary';

/** Output formats of `keywatch simulate`: text for people, json (one object per line) for tools. */
export type SimulateFormat = 'text' | 'json';

/**
 * Writes notifications and the summary to a stream (default process.stdout via `write`): in text, a header line then
 * the e-mail exactly as delivered; in json, one `{eventID, account, region, accessKeyId, sourceIPAddress, eventName,
 * rule, message}` object per line, then `{"summary": …}` (simulate adds `{"notifyModes": …}` after it).
 */
export class SimulationPrinter {
  private count = 0;

  constructor(
    private readonly format: SimulateFormat,
    private readonly write: (text: string) => void = (t) => process.stdout.write(t),
  ) {}

  /** Prints one notification. */
  notification(n: Notification): void {
    this.count++;
    if (this.format === 'json') {
      const { eventID, account, region, accessKeyId, sourceIPAddress, eventName, rule, message } = n;
      this.write(`${JSON.stringify({ eventID, account, region, accessKeyId, sourceIPAddress, eventName, rule, message })}\n`);
      return;
    }
    this.write(`=== alert ${this.count}: rule ${n.rule} | account ${n.account} | ${n.region} | event ${n.eventID}\n${n.message}\n\n`);
  }

  /** Prints the summary (last). */
  summary(s: SimulationSummary): void {
    this.write(this.format === 'json' ? `${JSON.stringify({ summary: s })}\n` : formatSummary(s));
  }
}
