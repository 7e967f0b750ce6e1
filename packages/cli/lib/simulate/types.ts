/** Where in an input something was found: a line (NDJSON), a byte offset (decoded text) and/or a record index. */
export interface InputPosition {
  /** 1-based line of the decoded text. @default - not line-oriented */
  readonly line?: number;
  /** 0-based byte offset in the decoded (decompressed) text. @default - unknown */
  readonly byte?: number;
  /** 0-based index of the record in its document's `Records` array or JSON array. @default - not in an array */
  readonly record?: number;
}

/** An input (file, record or line) that could not be read; the run goes on without it. */
export interface InputProblem {
  /** The file path, or "-" for stdin. */
  readonly source: string;
  /** Where in the source. */
  readonly position: InputPosition;
  /** What is wrong, e.g. "not valid gzip (incorrect header check)". */
  readonly message: string;
}

/** What a JSON object read from an input is: "record", a CloudTrail record; "event", an EventBridge event (has detail-type and detail). */
export type InputKind = 'record' | 'event';

/** Formats a position as "line 3", "byte 1024", "record 17" (joined by ", "); "" when nothing is known. */
export function formatPosition(p: InputPosition): string {
  const parts: string[] = [];
  if (p.line !== undefined) parts.push(`line ${p.line}`);
  if (p.record !== undefined) parts.push(`record ${p.record}`);
  if (p.byte !== undefined) parts.push(`byte ${p.byte}`);
  return parts.join(', ');
}

/** Formats a problem as "<source> (<position>): <message>", leaving out an unknown position. */
export function formatProblem(p: InputProblem): string {
  const where = formatPosition(p.position);
  return `${p.source}${where ? ` (${where})` : ''}: ${p.message}`;
}
