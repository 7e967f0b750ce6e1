import * as fs from 'fs';
import * as path from 'path';
import { countNotifications, KeywatchError, NOTIFY_MODES, notificationsFor, type ModelAlert, type NotifyMode } from '@keywatch/shared';
import type { Notification } from './notification';

/** notify.mode and notify.windowMinutes as deployed. */
export interface NotifySettings {
  readonly mode: NotifyMode;
  readonly windowMinutes: number;
}

/** What each notify.mode would send for the alerts of a simulation. */
export interface NotifyModeReport {
  /** Alerts (notifications of mode every), each kept in the alert log in every mode. */
  readonly alerts: number;
  /** Alerts without a usable eventTime, counted as sent at once in every mode. */
  readonly untimed: number;
  /** The mode the assembly deploys (or --notify-mode), and its window. */
  readonly selected: NotifySettings;
  /** E-mails per mode (each also goes to chat and to the account's extra recipients): full alerts, summaries, digests. */
  readonly modes: Readonly<Record<NotifyMode, { readonly full: number; readonly summary: number; readonly digest: number; readonly total: number }>>;
}

/** Parses `--notify-mode`: every, deduplicated or digest; throws KeywatchError naming the option otherwise. */
export function parseNotifyMode(text: string): NotifyMode {
  if ((NOTIFY_MODES as readonly string[]).includes(text)) return text as NotifyMode;
  throw new KeywatchError(`'--notify-mode' must be one of ${NOTIFY_MODES.join(', ')}; got '${text}'`);
}

/**
 * notify.mode and windowMinutes of the central stack in `cdkOut`, read from the notify gate's ASL Comment
 * ("keywatch notify gate (<mode>, <N>-minute window …"); mode every (window 60) when the stack has no gate.
 */
export function notifySettingsOf(cdkOut: string): NotifySettings {
  const file = path.join(cdkOut, 'keywatch-central.template.json');
  if (!fs.existsSync(file)) return { mode: 'every', windowMinutes: 60 };
  const resources = (JSON.parse(fs.readFileSync(file, 'utf8')) as { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> })
    .Resources;
  for (const r of Object.values(resources ?? {})) {
    if (r.Type !== 'AWS::StepFunctions::StateMachine' || typeof r.Properties?.DefinitionString !== 'string') continue;
    const m = /^keywatch notify gate \((deduplicated|digest), (\d+)-minute window/.exec(
      String((JSON.parse(r.Properties.DefinitionString) as { Comment?: unknown }).Comment),
    );
    if (m) return { mode: m[1] as NotifyMode, windowMinutes: Number(m[2]) };
  }
  return { mode: 'every', windowMinutes: 60 };
}

/** Collects the alerts of a simulation (by eventTime) and reports what every mode would send (default: nothing collected). */
export class NotifyModeCollector {
  private readonly alerts: ModelAlert[] = [];
  private untimed = 0;

  /** Counts one notification of mode every. */
  add(n: Notification): void {
    const at = Date.parse(n.eventTime);
    if (Number.isNaN(at)) this.untimed++;
    else this.alerts.push({ at, account: n.account, accessKeyId: n.accessKeyId, sourceIPAddress: n.sourceIPAddress });
  }

  /** The report, with `selected` marked; windows follow the selected window length. */
  report(selected: NotifySettings): NotifyModeReport {
    const timed = [...this.alerts].sort((a, b) => a.at - b.at);
    const modes = Object.fromEntries(
      NOTIFY_MODES.map((mode) => {
        const c = countNotifications(notificationsFor(timed, mode, selected.windowMinutes));
        return [mode, { ...c, full: c.full + this.untimed, total: c.total + this.untimed }];
      }),
    ) as NotifyModeReport['modes'];
    return { alerts: timed.length + this.untimed, untimed: this.untimed, selected, modes };
  }
}

/** The text lines of a report ("N alerts → M e-mails" per mode). */
export function renderNotifyModes(r: NotifyModeReport): string {
  const lines = [
    `keywatch simulate: e-mails by notify.mode (window ${r.selected.windowMinutes} minutes; the alert log keeps all ${r.alerts} alerts in every mode)`,
  ];
  for (const mode of NOTIFY_MODES) {
    const m = r.modes[mode];
    const detail = mode === 'deduplicated' ? ` (${m.full} first alerts + ${m.summary} summaries)` : mode === 'digest' ? ` (${m.digest} digests)` : '';
    lines.push(`  ${`${mode}:`.padEnd(14)}${r.alerts} alerts → ${m.total} e-mails${detail}${mode === r.selected.mode ? '   ← selected' : ''}`);
  }
  if (r.untimed > 0) lines.push(`  (${r.untimed} alerts without an eventTime are counted as sent at once)`);
  return `${lines.join('\n')}\n`;
}
