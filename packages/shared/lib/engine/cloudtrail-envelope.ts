import { createHash } from 'node:crypto';
import { ownString } from './own-string';

/** An event as EventBridge delivers it to rules. */
export interface EventBridgeEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

/** Every value of a rule's State property (AWS::Events::Rule State). */
export const RULE_STATES = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'] as const;

/** A rule's State property (AWS::Events::Rule State). */
export type RuleState = (typeof RULE_STATES)[number];

/** CloudTrail eventType → EventBridge detail-type (eb-service-event-cloudtrail). */
const DETAIL_TYPES: ReadonlyMap<string, string> = new Map([
  ['AwsApiCall', 'AWS API Call via CloudTrail'],
  ['AwsConsoleSignIn', 'AWS Console Sign In via CloudTrail'],
  ['AwsServiceEvent', 'AWS Service Event via CloudTrail'],
  ['AwsConsoleAction', 'AWS Console Action via CloudTrail'],
]);

/**
 * Wraps one CloudTrail record the way EventBridge does for "… via CloudTrail" events: source `aws.<service>` from
 * eventSource, account = recipientAccountId, time = eventTime, region = awsRegion, detail = the record. The id is the
 * eventID when it is a UUID (CloudTrail's are), else a UUID-shaped SHA-256 digest of it, so replays are deterministic. Throws for records that are not CloudTrail events.
 */
export function cloudTrailToEventBridge(record: Readonly<Record<string, unknown>>): EventBridgeEvent {
  const eventType = field(record, 'eventType');
  const detailType = DETAIL_TYPES.get(eventType);
  if (detailType === undefined) {
    throw new Error(`CloudTrail record field 'eventType' must be one of ${[...DETAIL_TYPES.keys()].join(', ')}; got '${eventType}'`);
  }
  const eventSource = field(record, 'eventSource');
  const eventId = field(record, 'eventID');
  return {
    version: '0',
    id: isUuid(eventId) ? eventId : uuidOf(eventId),
    'detail-type': detailType,
    source: sourceOf(eventSource),
    account: field(record, 'recipientAccountId'),
    time: field(record, 'eventTime'),
    region: field(record, 'awsRegion'),
    resources: NO_RESOURCES,
    detail: record,
  };
}

/** The record's field `name`; throws unless it is a non-empty string. */
function field(record: Readonly<Record<string, unknown>>, name: string): string {
  const v = record[name];
  if (typeof v !== 'string' || v === '') {
    throw new Error(`CloudTrail record field '${name}' must be a non-empty string; got '${v === undefined ? 'undefined' : JSON.stringify(v)}'`);
  }
  return v;
}

const AMAZONAWS = '.amazonaws.com';
/** CloudTrail events carry no resources in the envelope: one frozen empty list for all of them. */
const NO_RESOURCES: readonly string[] = Object.freeze([]);
/** eventSource → source; a few hundred services at most, so one string per service instead of one per event. */
const SOURCES = new Map<string, string>();

function sourceOf(eventSource: string): string {
  let source = SOURCES.get(eventSource);
  if (source === undefined) {
    const own = ownString(eventSource);
    source = `aws.${own.endsWith(AMAZONAWS) ? own.slice(0, -AMAZONAWS.length) : own}`;
    if (SOURCES.size >= 10_000) SOURCES.clear();
    SOURCES.set(own, source);
  }
  return source;
}

/** True for a lower-case 8-4-4-4-12 hex UUID, as CloudTrail writes eventIDs (a loop: this runs once per event). */
function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) return false;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) {
      return false;
    }
  }
  return true;
}

/** A UUID-shaped SHA-256 digest of `text`, for eventIDs that are not UUIDs already. */
function uuidOf(text: string): string {
  const d = createHash('sha256').update(text).digest('hex');
  return `${d.slice(0, 8)}-${d.slice(8, 12)}-${d.slice(12, 16)}-${d.slice(16, 20)}-${d.slice(20, 32)}`;
}

/** STS calls that start with "Get" but EventBridge treats as changes (eb-service-event-cloudtrail-management), as eventSource:eventName. */
export const READ_ONLY_EXCEPTIONS: readonly string[] = ['sts.amazonaws.com:GetSessionToken', 'sts.amazonaws.com:GetFederationToken'];
const NOT_READ_ONLY = new Set(READ_ONLY_EXCEPTIONS);

/**
 * True when EventBridge hands the event to a rule in this state (before pattern matching): DISABLED rules get nothing;
 * ENABLED rules get everything except read-only management events delivered through CloudTrail (STS GetSessionToken
 * and GetFederationToken count as changes); ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS rules get everything.
 */
export function deliversTo(rule: { readonly state: RuleState }, event: EventBridgeEvent): boolean {
  if (rule.state === 'DISABLED') return false;
  if (rule.state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') return true;
  const d = event.detail;
  const viaCloudTrail = event['detail-type'].endsWith(' via CloudTrail');
  const management = d.managementEvent !== false && d.eventCategory !== 'Data';
  const readOnly = d.readOnly === true && !NOT_READ_ONLY.has(`${String(d.eventSource)}:${String(d.eventName)}`);
  return !(viaCloudTrail && management && readOnly);
}
