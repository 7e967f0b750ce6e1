import type { KeywatchConfig } from '../config/schema';

/** notify.mode (z.infer of the schema, so the schema is its only source). */
export type NotifyMode = KeywatchConfig['notify']['mode'];

/** One alert as the notification modes see it: when it arrived and its (account, access key, source IP). */
export interface ModelAlert {
  /** Arrival time, epoch milliseconds; alerts must be given in time order. */
  readonly at: number;
  readonly account: string;
  readonly accessKeyId: string;
  readonly sourceIPAddress: string;
}

/** One notification the security team receives (per destination: e-mail, chat, extra recipients each get the same). */
export interface ModelNotification {
  /** full: one alert's own text; summary: "…and N more"; digest: the window's first alert and the count. */
  readonly kind: 'full' | 'summary' | 'digest';
  /** When it is sent, epoch milliseconds (a window's end for summary and digest). */
  readonly at: number;
  readonly account: string;
  readonly accessKeyId: string;
  readonly sourceIPAddress: string;
  /** Alerts it stands for: 1 for full, the calls after the first for summary, every call of the window for digest. */
  readonly count: number;
  /** Start of the window (epoch ms) of summary and digest; the alert's time for full. */
  readonly windowStart: number;
}

/** The dedup key of an alert: account, access key and source IP joined by "|" (what the gate's DynamoDB item is keyed by). */
export function dedupKey(a: Pick<ModelAlert, 'account' | 'accessKeyId' | 'sourceIPAddress'>): string {
  return `${a.account}|${a.accessKeyId}|${a.sourceIPAddress}`;
}

interface OpenWindow {
  readonly first: ModelAlert;
  readonly end: number;
  suppressed: number;
}

/**
 * The notifications `mode` sends for time-ordered `alerts` (default window 60 minutes), in the order they are sent.
 * every: one full notification per alert. deduplicated: per dedupKey, an alert at or after the end of the key's
 * window opens a new window [at, at + window) and is sent in full; alerts inside it are counted, and at its end one
 * summary with the count is sent when the count is above 0. digest: the same windows, nothing immediate, one digest
 * per window (count = every alert of the window). Windows still open after the last alert close at their end.
 * Pure: no clock, no I/O.
 */
export function notificationsFor(alerts: readonly ModelAlert[], mode: NotifyMode, windowMinutes = 60): ModelNotification[] {
  if (!Number.isInteger(windowMinutes) || windowMinutes < 1) {
    throw new Error(`'windowMinutes' must be a whole number of at least 1; got '${windowMinutes}'`);
  }
  const full = (a: ModelAlert): ModelNotification => ({ kind: 'full', at: a.at, ...keyOf(a), count: 1, windowStart: a.at });
  if (mode === 'every') return alerts.map(full);
  const windowMs = windowMinutes * 60_000;
  const open = new Map<string, OpenWindow>();
  const out: ModelNotification[] = [];
  const close = (w: OpenWindow): void => {
    const base = { at: w.end, ...keyOf(w.first), windowStart: w.first.at };
    if (mode === 'digest') out.push({ kind: 'digest', ...base, count: w.suppressed + 1 });
    else if (w.suppressed > 0) out.push({ kind: 'summary', ...base, count: w.suppressed });
  };
  /** Closes, in end-time order, every window that ends at or before `t`. */
  const closeUntil = (t: number): void => {
    const due = [...open.entries()].filter(([, w]) => w.end <= t).sort((x, y) => x[1].end - y[1].end);
    for (const [key, w] of due) {
      open.delete(key);
      close(w);
    }
  };
  let last = -Infinity;
  for (const a of alerts) {
    if (!(a.at >= last)) throw new Error(`'alerts' must be in time order; got ${a.at} after ${last}`);
    last = a.at;
    closeUntil(a.at);
    const key = dedupKey(a);
    const w = open.get(key);
    if (w) {
      w.suppressed += 1;
    } else {
      open.set(key, { first: a, end: a.at + windowMs, suppressed: 0 });
      if (mode === 'deduplicated') out.push(full(a));
    }
  }
  closeUntil(Infinity);
  return out;
}

/** Counts of a notification list: how many messages per kind, and in all (default: none). */
export function countNotifications(sent: readonly ModelNotification[]): { full: number; summary: number; digest: number; total: number } {
  const count = (k: ModelNotification['kind']) => sent.filter((n) => n.kind === k).length;
  return { full: count('full'), summary: count('summary'), digest: count('digest'), total: sent.length };
}

function keyOf(a: ModelAlert): Pick<ModelAlert, 'account' | 'accessKeyId' | 'sourceIPAddress'> {
  return { account: a.account, accessKeyId: a.accessKeyId, sourceIPAddress: a.sourceIPAddress };
}
