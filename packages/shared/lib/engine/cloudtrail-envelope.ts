import { createHash } from 'node:crypto';

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

/** A rule's State property (AWS::Events::Rule State). */
export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

/** CloudTrail eventType → EventBridge detail-type (eb-service-event-cloudtrail). */
const DETAIL_TYPES: Readonly<Record<string, string>> = {
  AwsApiCall: 'AWS API Call via CloudTrail',
  AwsConsoleSignIn: 'AWS Console Sign In via CloudTrail',
  AwsServiceEvent: 'AWS Service Event via CloudTrail',
  AwsConsoleAction: 'AWS Console Action via CloudTrail',
};

/**
 * Wraps one CloudTrail record the way EventBridge does for "… via CloudTrail" events: source `aws.<service>` from
 * eventSource, account = recipientAccountId, time = eventTime, region = awsRegion, detail = the record. The id is the
 * eventID when it is a UUID (CloudTrail's are), else a UUID-shaped SHA-256 digest of it, so replays are deterministic. Throws for records that are not CloudTrail events.
 */
export function cloudTrailToEventBridge(record: Readonly<Record<string, unknown>>): EventBridgeEvent {
  const field = (name: string): string => {
    const v = record[name];
    if (typeof v !== 'string' || v === '') {
      throw new Error(`CloudTrail record field '${name}' must be a non-empty string; got '${v === undefined ? 'undefined' : JSON.stringify(v)}'`);
    }
    return v;
  };
  const eventType = field('eventType');
  const detailType = DETAIL_TYPES[eventType];
  if (detailType === undefined) {
    throw new Error(`CloudTrail record field 'eventType' must be one of ${Object.keys(DETAIL_TYPES).join(', ')}; got '${eventType}'`);
  }
  const eventSource = field('eventSource');
  const eventId = field('eventID');
  const service = eventSource.endsWith(AMAZONAWS) ? eventSource.slice(0, -AMAZONAWS.length) : eventSource;
  return {
    version: '0',
    id: UUID.test(eventId) ? eventId : uuidOf(eventId),
    'detail-type': detailType,
    source: `aws.${service}`,
    account: field('recipientAccountId'),
    time: field('eventTime'),
    region: field('awsRegion'),
    resources: [],
    detail: record,
  };
}

const AMAZONAWS = '.amazonaws.com';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID-shaped SHA-256 digest of `text`, for eventIDs that are not UUIDs already. */
function uuidOf(text: string): string {
  const d = createHash('sha256').update(text).digest('hex');
  return `${d.slice(0, 8)}-${d.slice(8, 12)}-${d.slice(12, 16)}-${d.slice(16, 20)}-${d.slice(20, 32)}`;
}

/** STS calls that start with "Get" but EventBridge treats as changes (eb-service-event-cloudtrail-management). */
const NOT_READ_ONLY = new Set(['sts.amazonaws.com:GetSessionToken', 'sts.amazonaws.com:GetFederationToken']);

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
