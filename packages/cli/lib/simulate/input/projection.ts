/**
 * Which parts of a CloudTrail record the simulator's routing reads, so a log document can be read without building
 * every record in full (see scan-document.ts). Pure data; no I/O.
 */

/** The keys kept at one level of a record: key → what to keep under it (`null`: the whole value). */
export interface ProjectionNode {
  /** Kept keys by their length in bytes, for matching raw key bytes without decoding them. */
  readonly byLength: ReadonlyArray<ReadonlyArray<ProjectionEntry> | undefined>;
  /** The same keys by name, for keys written with escapes. */
  readonly byName: ReadonlyMap<string, ProjectionNode | null>;
}

/** One kept key. */
export interface ProjectionEntry {
  readonly key: string;
  /** The key's UTF-8 bytes, compared with a document's raw key bytes. */
  readonly bytes: Uint8Array;
  /** What to keep under the key; null keeps its whole value. */
  readonly child: ProjectionNode | null;
}

/**
 * The record fields read before any pattern: the EventBridge envelope (eventType, eventSource, eventID,
 * recipientAccountId, eventTime, awsRegion), --since/--until (eventTime) and enough to tell a record from an
 * EventBridge event (a string eventSource and no detail-type + detail; anything else is classified whole).
 */
export const ROUTING_FIELDS: readonly string[] = [
  'eventType',
  'eventSource',
  'eventID',
  'recipientAccountId',
  'eventTime',
  'awsRegion',
  'detail-type',
  'detail',
];

/** What EventBridge's delivery rules read for rules in state ENABLED (deliversTo), besides eventSource. */
export const DELIVERY_FIELDS: readonly string[] = ['managementEvent', 'eventCategory', 'readOnly', 'eventName'];

interface Building {
  readonly children: Map<string, Building | null>;
}

/**
 * The projection of a CloudTrail record that keeps ROUTING_FIELDS, DELIVERY_FIELDS when `delivery` (some rule is
 * ENABLED) and everything the given event-pattern fields ("detail.userIdentity.accessKeyId", "account" …) can read
 * from it; undefined when a pattern reads the whole record (the field "detail"), so records must be read in full.
 * Event keys may contain dots ("a.b" ≡ a → b), so every split of a path is kept.
 */
export function recordProjection(patternFields: Iterable<string>, delivery: boolean): ProjectionNode | undefined {
  const root: Building = { children: new Map() };
  for (const f of delivery ? [...ROUTING_FIELDS, ...DELIVERY_FIELDS] : ROUTING_FIELDS) root.children.set(f, null);
  for (const field of patternFields) {
    if (field === 'detail') return undefined;
    if (!field.startsWith('detail.')) continue; // envelope fields: derived from ROUTING_FIELDS
    addPath(root, field.slice('detail.'.length).split('.'));
  }
  return freeze(root);
}

/** Keeps, under `node`, every way of reading `segments` (each run of segments joined by dots is one candidate key). */
function addPath(node: Building, segments: readonly string[]): void {
  for (let j = 1; j <= segments.length; j++) {
    const key = segments.slice(0, j).join('.');
    const rest = segments.slice(j);
    if (rest.length === 0) {
      node.children.set(key, null);
      continue;
    }
    let child = node.children.get(key);
    if (child === null) continue; // already kept whole
    if (child === undefined) {
      child = { children: new Map() };
      node.children.set(key, child);
    }
    addPath(child, rest);
  }
}

function freeze(node: Building): ProjectionNode {
  const byName = new Map<string, ProjectionNode | null>();
  const byLength: ProjectionEntry[][] = [];
  for (const [key, child] of node.children) {
    const frozen = child === null ? null : freeze(child);
    byName.set(key, frozen);
    const bytes = new Uint8Array(Buffer.from(key, 'utf8'));
    (byLength[bytes.length] ??= []).push({ key, bytes, child: frozen });
  }
  return { byLength, byName };
}
