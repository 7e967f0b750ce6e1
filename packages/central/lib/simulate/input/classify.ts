import type { InputKind, InputPosition } from '../types';

/** Receives what the readers find: items in input order, and problems. */
export interface ItemSink {
  /** Called for every CloudTrail record or EventBridge event, with its line (NDJSON) and index in its array. */
  readonly item: (kind: InputKind, value: Record<string, unknown>, line: number | undefined, record: number | undefined) => void;
  /** Called for every part of the input that cannot be used; `position` is relative to the source. */
  readonly problem: (position: InputPosition, message: string) => void;
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

function classifyOne(value: unknown, position: InputPosition, record: number | undefined, sink: ItemSink): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    sink.problem(at(position, record), `expected a CloudTrail record or an EventBridge event (a JSON object); got ${describe(value)}`);
    return;
  }
  const obj = value as Record<string, unknown>;
  if ('detail-type' in obj && 'detail' in obj) {
    sink.item('event', obj, position.line, record);
  } else if (typeof obj.eventVersion === 'string' || typeof obj.eventName === 'string' || typeof obj.eventSource === 'string') {
    sink.item('record', obj, position.line, record);
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
