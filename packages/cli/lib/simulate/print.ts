import type { Notification } from './notification';
import type { SimulationSummary } from './summary';
import { renderSimulationSummary } from './summary';
import { renderNotifyModes, type NotifyModeReport } from './notify-modes';

/** Output formats of `keywatch simulate`: text for people, json (one object per line) for tools. */
export type SimulateFormat = 'text' | 'json';

/**
 * Writes notifications and the summary to a stream (default process.stdout via `write`): in text, a header line then
 * the e-mail exactly as delivered; in json, one `{eventID, account, region, accessKeyId, sourceIPAddress, eventName,
 * rule, message}` object per line, and `{"summary": …, "notifyModes": …}` as the last line.
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

  /** Prints the summary (last), then the e-mails per notify.mode when given. */
  summary(s: SimulationSummary, modes?: NotifyModeReport): void {
    if (this.format === 'json') this.write(`${JSON.stringify(modes ? { summary: s, notifyModes: modes } : { summary: s })}\n`);
    else this.write(modes ? `${renderSimulationSummary(s)}\n${renderNotifyModes(modes)}` : renderSimulationSummary(s));
  }
}
