import { ownString } from './engine';
import type { Notification } from './notification';
import { formatProblem, type InputProblem } from './types';

/** Problems kept in the summary; later ones are only counted, so memory stays bounded. */
export const MAX_PROBLEMS = 1000;

/** The outcome of a simulation run. */
export interface SimulationSummary {
  /** Inputs (files, stdin) read. */
  readonly inputs: number;
  /** Records and events read. */
  readonly eventsRead: number;
  /** Events left out by --since/--until (or without a usable eventTime when a window is set). */
  readonly outsideWindow: number;
  /** CloudTrail records EventBridge does not deliver as "… via CloudTrail" events (e.g. Insights records). */
  readonly notDelivered: number;
  /** Events from an account and region with no sender rules deployed, by "account/region". */
  readonly notCovered: Readonly<Record<string, number>>;
  /** Events forwarded to the receiver bus by at least one sender rule. */
  readonly forwarded: number;
  /** Events that produced at least one notification. */
  readonly alerted: number;
  /** Notifications (an event matched by two alert rules, or forwarded twice, counts twice). */
  readonly notifications: number;
  /** Alerted events by account, access key, source IP address and API call, most frequent first. */
  readonly byAccount: Readonly<Record<string, number>>;
  readonly byAccessKey: Readonly<Record<string, number>>;
  readonly bySourceIp: Readonly<Record<string, number>>;
  readonly byEventName: Readonly<Record<string, number>>;
  /** Number of problems found (all of them). */
  readonly problemCount: number;
  /** The first MAX_PROBLEMS problems: unreadable files, lines and records, with their position. */
  readonly problems: readonly InputProblem[];
}

/** Collects counts while a simulation runs; `summary()` freezes them. */
export class SummaryCollector {
  inputs = 0;
  eventsRead = 0;
  outsideWindow = 0;
  notDelivered = 0;
  forwarded = 0;
  alerted = 0;
  notifications = 0;
  problemCount = 0;
  private readonly problems: InputProblem[] = [];
  private readonly notCovered = new Map<string, number>();
  private readonly byAccount = new Map<string, number>();
  private readonly byAccessKey = new Map<string, number>();
  private readonly bySourceIp = new Map<string, number>();
  private readonly byEventName = new Map<string, number>();

  /** Records a problem (kept when fewer than MAX_PROBLEMS are kept). */
  problem(p: InputProblem): void {
    this.problemCount++;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
  }

  /** Counts an event whose account and region have no sender rules. */
  uncovered(account: string, region: string): void {
    bump(this.notCovered, `${account}/${region}`);
  }

  /** Counts an event that produced notifications, by its first notification's fields. */
  alert(n: Notification): void {
    this.alerted++;
    bump(this.byAccount, n.account);
    bump(this.byAccessKey, n.accessKeyId || '(none)');
    bump(this.bySourceIp, n.sourceIPAddress || '(none)');
    bump(this.byEventName, n.eventName || '(none)');
  }

  /** Adds `s`, the summary of inputs read after those counted so far, as if they had been read into this collector. */
  add(s: SimulationSummary): void {
    this.inputs += s.inputs;
    this.eventsRead += s.eventsRead;
    this.outsideWindow += s.outsideWindow;
    this.notDelivered += s.notDelivered;
    this.forwarded += s.forwarded;
    this.alerted += s.alerted;
    this.notifications += s.notifications;
    this.problemCount += s.problemCount;
    for (const p of s.problems) if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
    const pairs: Array<[Map<string, number>, Readonly<Record<string, number>>]> = [
      [this.notCovered, s.notCovered],
      [this.byAccount, s.byAccount],
      [this.byAccessKey, s.byAccessKey],
      [this.bySourceIp, s.bySourceIp],
      [this.byEventName, s.byEventName],
    ];
    for (const [map, counts] of pairs) for (const [k, v] of Object.entries(counts)) bump(map, k, v);
  }

  /** The summary so far. */
  summary(): SimulationSummary {
    return {
      inputs: this.inputs,
      eventsRead: this.eventsRead,
      outsideWindow: this.outsideWindow,
      notDelivered: this.notDelivered,
      notCovered: sorted(this.notCovered),
      forwarded: this.forwarded,
      alerted: this.alerted,
      notifications: this.notifications,
      byAccount: sorted(this.byAccount),
      byAccessKey: sorted(this.byAccessKey),
      bySourceIp: sorted(this.bySourceIp),
      byEventName: sorted(this.byEventName),
      problemCount: this.problemCount,
      problems: [...this.problems],
    };
  }
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  const n = map.get(key);
  // a new key may be a view into a whole log document (see ownString)
  if (n === undefined) map.set(ownString(key), by);
  else map.set(key, n + by);
}

/** Counts as an object, most frequent first, ties by key. */
function sorted(map: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) out[k] = v;
  return out;
}

/** Lines of the text summary; each count table lists its `top` entries (default 10) and how many more there are. */
export function renderSimulationSummary(s: SimulationSummary, top = 10): string {
  const lines = ['keywatch simulate: summary', `  inputs read:        ${s.inputs}`, `  events read:        ${s.eventsRead}`];
  if (s.outsideWindow > 0) lines.push(`  outside the window: ${s.outsideWindow}`);
  if (s.notDelivered > 0) lines.push(`  not delivered by EventBridge (not an API call, sign-in or service event): ${s.notDelivered}`);
  const uncovered = Object.values(s.notCovered).reduce((a, b) => a + b, 0);
  if (uncovered > 0) lines.push(`  from accounts/regions without sender rules (never forwarded): ${uncovered}`);
  lines.push(`  forwarded:          ${s.forwarded}`, `  alerted:            ${s.alerted} events, ${s.notifications} notifications`);
  const table = (title: string, counts: Readonly<Record<string, number>>): void => {
    const entries = Object.entries(counts);
    if (entries.length === 0) return;
    lines.push(`  ${title}:`);
    for (const [k, v] of entries.slice(0, top)) lines.push(`    ${String(v).padStart(8)}  ${k}`);
    if (entries.length > top) lines.push(`    … and ${entries.length - top} more`);
  };
  table('not covered (account/region)', s.notCovered);
  table('alerts by account', s.byAccount);
  table('alerts by access key', s.byAccessKey);
  table('alerts by source IP', s.bySourceIp);
  table('alerts by API call', s.byEventName);
  if (s.problemCount > 0) {
    lines.push(`  unreadable inputs: ${s.problemCount}`);
    for (const p of s.problems.slice(0, top * 5)) lines.push(`    ${formatProblem(p)}`);
    if (s.problemCount > top * 5) lines.push(`    … and ${s.problemCount - top * 5} more (--json lists ${MAX_PROBLEMS})`);
  }
  return `${lines.join('\n')}\n`;
}
