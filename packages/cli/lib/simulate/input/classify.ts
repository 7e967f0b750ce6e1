import type { InputKind, InputPosition } from '../types';
import type { ProjectionNode } from './projection';
import { scanLogDocument } from './scan-document';

/** Receives what the readers find: items in input order, and problems. */
export interface ItemSink {
  /** Called for every CloudTrail record or EventBridge event, with its line (NDJSON) and index in its array. */
  readonly item: (kind: InputKind, value: Record<string, unknown>, line: number | undefined, record: number | undefined) => void;
  /** Called for every part of the input that cannot be used; `position` is relative to the source. */
  readonly problem: (position: InputPosition, message: string) => void;
  /**
   * `item` in two steps, for reading log documents record by record (scanLogDocument) while they are still being
   * validated: `evaluate` has no effects; `apply` has them, once the whole document is known to be valid; together
   * they do what `item` does. @default - documents are parsed whole, then handed to `item`
   */
  readonly staged?: StagedItemSink;
}

/** ItemSink.item split into its pure part and its effects. */
export interface StagedItemSink {
  /** What a CloudTrail record comes to; `record` may be a projection (see recordProjection), `full()` parses it whole. */
  readonly evaluate: (record: Record<string, unknown>, full: () => Record<string, unknown>) => unknown;
  /** Applies what `evaluate` returned for the record at `record` in its document. */
  readonly apply: (outcome: unknown, record: number) => void;
}

/**
 * Reads a CloudTrail log document record by record when `sink` can take it so (sink.staged and a projection):
 * records are evaluated while the document is scanned and applied once it has proved valid. False, having done
 * nothing, when the document is not one scanLogDocument reads: the caller parses it as usual.
 */
export function classifyLogDocument(bytes: Buffer, projection: ProjectionNode | undefined, sink: ItemSink): boolean {
  const staged = sink.staged;
  if (projection === undefined || staged === undefined) return false;
  const outcomes: unknown[] = [];
  const valid = scanLogDocument(bytes, projection, (projected, full) => {
    // the projection keeps, whole, every key that can make kindOf say "record" (eventSource; eventName with the
    // delivery fields) or "event"; when it lacks the one that would (eventVersion), the record is classified whole
    outcomes.push(kindOf(projected) === 'record' ? staged.evaluate(projected, full) : new Whole(full()));
  });
  if (!valid) return false;
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i];
    if (o instanceof Whole) classifyOne(o.value, {}, i, sink);
    else staged.apply(o, i);
  }
  return true;
}

/** A record of a scanned document that is classified once the document proved valid. */
class Whole {
  constructor(readonly value: Record<string, unknown>) {}
}

/**
 * Sends the records or events in one parsed JSON value to `sink`: a CloudTrail log document (`{"Records": [...]}`),
 * a JSON array of records/events, a single EventBridge event (has `detail-type` and `detail`) or a single CloudTrail
 * record (has `eventVersion`, `eventName` or `eventSource`); anything else is reported as a problem at `position`.
 */
export function classifyValue(value: unknown, position: InputPosition, sink: ItemSink): void {
  if (Array.isArray(value)) {
    classifyArray(value, position, sink);
    return;
  }
  if (value !== null && typeof value === 'object') {
    const records = (value as { Records?: unknown }).Records;
    if (Array.isArray(records)) {
      classifyArray(records, position, sink);
      return;
    }
  }
  classifyOne(value, position, undefined, sink);
}

function classifyArray(values: readonly unknown[], position: InputPosition, sink: ItemSink): void {
  for (let i = 0; i < values.length; i++) {
    classifyOne(values[i], position, i, sink);
  }
}

/** What an object read from an input is; undefined when it is neither a record nor an event. */
function kindOf(obj: Record<string, unknown>): InputKind | undefined {
  if ('detail-type' in obj && 'detail' in obj) return 'event';
  if (typeof obj.eventVersion === 'string' || typeof obj.eventName === 'string' || typeof obj.eventSource === 'string') return 'record';
  return undefined;
}

function classifyOne(value: unknown, position: InputPosition, record: number | undefined, sink: ItemSink): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    sink.problem(at(position, record), `expected a CloudTrail record or an EventBridge event (a JSON object); got ${describe(value)}`);
    return;
  }
  const obj = value as Record<string, unknown>;
  const kind = kindOf(obj);
  if (kind !== undefined) {
    sink.item(kind, obj, position.line, record);
  } else {
    const keys = Object.keys(obj).slice(0, 5).join(', ');
    sink.problem(
      at(position, record),
      `neither a CloudTrail record (no eventVersion, eventName or eventSource) nor an EventBridge event (no detail-type and detail); keys: ${keys || '(none)'}`,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

function at(position: InputPosition, record: number | undefined): InputPosition {
  return record === undefined ? position : { ...position, record };
}
