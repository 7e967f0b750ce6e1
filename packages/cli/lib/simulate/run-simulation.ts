import type { Readable } from 'stream';
import { cloudTrailToEventBridge, type EventBridgeEvent } from './engine';
import type { ItemSink } from './input/classify';
import { recordProjection } from './input/projection';
import { readSource } from './input/read-source';
import { expandInputs } from './input/sources';
import { notificationFor, type Notification } from './notification';
import { Router, type RouteResult } from './route';
import type { SimulationRules } from './rules/types';
import { SummaryCollector, type SimulationSummary } from './summary';
import type { InputKind } from './types';

/** Options of runSimulation. */
export interface SimulationOptions {
  /** Files, directories (walked recursively) and "-" (stdin), read in this order. */
  readonly inputs: readonly string[];
  /** The synthesized rules (loadSimulationRules). */
  readonly rules: SimulationRules;
  /** Only events whose eventTime is at or after this. @default - no lower bound */
  readonly since?: Date;
  /** Only events whose eventTime is at or before this. @default - no upper bound */
  readonly until?: Date;
  /** The stream read for "-". @default process.stdin */
  readonly stdin?: Readable;
  /** Called for every notification, as soon as it is found. @default - notifications are only counted */
  readonly onNotification?: (n: Notification) => void;
  /**
   * Parse every record whole, as JSON.parse does, instead of scanning log documents and building only what routing
   * reads (scanLogDocument); the results are the same, only slower. @default false
   */
  readonly readWholeRecords?: boolean;
  /** Called after each input with (inputs done, inputs in total). @default - no progress */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Replays CloudTrail logs through the synthesized rules, one input at a time (memory bounded by the largest file):
 * every record becomes the EventBridge event CloudTrail would emit, is routed through the sender rules of its
 * account and region, then through the alert rules; each notification is handed to `onNotification` at once.
 * Bad inputs are counted and reported in the summary; never throws for input content.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const collector = new SummaryCollector();
  const { files, problems } = expandInputs(options.inputs);
  for (const p of problems) collector.problem(p);
  const replayer = createReplayer(options);
  for (let i = 0; i < files.length; i++) {
    await replayer.read(files[i], collector, options.onNotification);
    collector.inputs++;
    options.onProgress?.(i + 1, files.length);
  }
  return collector.summary();
}

/** Reads inputs one at a time through the same rules (see createReplayer). */
export interface Replayer {
  /** Replays one input (a file, or "-" for stdin) into `collector` (its `inputs` count is left to the caller), handing each notification to `onNotification`. */
  read(source: string, collector: SummaryCollector, onNotification?: (n: Notification) => void): Promise<void>;
}

/**
 * The per-input work of runSimulation, with one router (and its indexes and caches) kept across inputs: what a worker
 * thread of `simulate --workers` runs for each file it is given.
 */
export function createReplayer(options: Omit<SimulationOptions, 'inputs' | 'onNotification' | 'onProgress'>): Replayer {
  let collector = new SummaryCollector();
  let onNotification: ((n: Notification) => void) | undefined;
  const router = new Router(options.rules);
  const since = options.since?.getTime() ?? -Infinity;
  const until = options.until?.getTime() ?? Infinity;
  const windowed = options.since !== undefined || options.until !== undefined;
  const rules = options.rules;
  const bus = rules.bus;
  const all = [...rules.senders.flatMap((s) => s.rules), ...rules.central];
  const projection = options.readWholeRecords
    ? undefined
    : recordProjection(
        all.flatMap((r) => r.matcher.fields),
        all.some((r) => r.state === 'ENABLED'),
      );

  /** What one item comes to; no effects (see StagedItemSink). */
  const evaluate = (kind: InputKind, value: Record<string, unknown>, full?: () => Record<string, unknown>): Outcome => {
    if (windowed && !inWindow(kind, value, since, until)) return OUTSIDE_WINDOW;
    let event = toEvent(kind, value);
    if (event === undefined || typeof event === 'string') return event === undefined ? NOT_DELIVERED : { type: 'not-delivered', message: event };
    let result = router.route(event);
    if (!result.covered) return { type: 'uncovered', account: event.account, region: event.region };
    if (result.copies === 0) return KEPT;
    if (full !== undefined) {
      // `value` was the record's projection, enough to route it; alert rules and notifications get all of it
      event = toEvent(kind, full()) as EventBridgeEvent;
      result = router.route(event);
    }
    return { type: 'forwarded', event, result };
  };

  let source = '';
  /** The effects of one item's outcome: counts, problems, notifications. */
  const apply = (o: Outcome, line: number | undefined, record: number | undefined): void => {
    collector.eventsRead++;
    switch (o.type) {
      case 'outside-window':
        collector.outsideWindow++;
        return;
      case 'not-delivered':
        if (o.message !== undefined) collector.problem({ source, position: { line, record }, message: o.message });
        collector.notDelivered++;
        return;
      case 'uncovered':
        collector.uncovered(o.account, o.region);
        return;
      case 'kept':
        return;
      case 'forwarded': {
        const { event, result } = o;
        collector.forwarded++;
        if (result.alerts.length === 0) return;
        let first: Notification | undefined;
        for (let copy = 0; copy < result.copies; copy++) {
          for (const rule of result.alerts) {
            const n = notificationFor(event, rule, bus);
            first ??= n;
            collector.notifications++;
            onNotification?.(n);
          }
        }
        collector.alert(first!);
      }
    }
  };
  const sink: ItemSink = {
    problem: (position, message) => collector.problem({ source, position, message }),
    item: (kind, value, line, record) => apply(evaluate(kind, value), line, record),
    staged: {
      evaluate: (record, full) => evaluate('record', record, full),
      apply: (outcome, record) => apply(outcome as Outcome, undefined, record),
    },
  };
  return {
    read: async (file, into, notify) => {
      collector = into;
      onNotification = notify;
      source = file;
      await readSource(file, sink, { stdin: options.stdin, projection });
    },
  };
}

/** What EventBridge does with one item (see Router.route), and whether --since/--until let it through. */
type Outcome =
  | { readonly type: 'outside-window' }
  | { readonly type: 'not-delivered'; readonly message?: string }
  | { readonly type: 'uncovered'; readonly account: string; readonly region: string }
  | { readonly type: 'kept' }
  | { readonly type: 'forwarded'; readonly event: EventBridgeEvent; readonly result: RouteResult };

const OUTSIDE_WINDOW: Outcome = { type: 'outside-window' };
const NOT_DELIVERED: Outcome = { type: 'not-delivered' };
/** Covered, but no sender rule forwards it. */
const KEPT: Outcome = { type: 'kept' };

function inWindow(kind: InputKind, v: Record<string, unknown>, since: number, until: number): boolean {
  const raw = kind === 'record' ? v.eventTime : ((v.detail as Record<string, unknown> | null)?.eventTime ?? v.time);
  const t = typeof raw === 'string' ? Date.parse(raw) : NaN;
  return t >= since && t <= until;
}

/** The event EventBridge would route; undefined (Insights records) or why not (a message) when it would deliver none. */
function toEvent(kind: InputKind, value: Record<string, unknown>): EventBridgeEvent | string | undefined {
  if (kind === 'record') {
    const r = value;
    if (r.eventType === 'AwsCloudTrailInsight') return undefined;
    try {
      return cloudTrailToEventBridge(r);
    } catch (e) {
      return `record ${String(r.eventID ?? '(no eventID)')} skipped: ${(e as Error).message}`;
    }
  }
  const e = value;
  const detail = e.detail;
  if (typeof e['detail-type'] !== 'string' || typeof e.account !== 'string' || typeof e.region !== 'string' || detail === null || typeof detail !== 'object') {
    return `EventBridge event ${String(e.id ?? '(no id)')} skipped: it needs string 'detail-type', 'account' and 'region' and an object 'detail'`;
  }
  return e as unknown as EventBridgeEvent;
}
