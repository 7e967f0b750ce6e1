import { serializedLength } from './chunk';
import type { CompiledRule, EventPattern } from './types';

/**
 * Name of the alarm every sender stack creates on its dead-letter queue. CloudWatch alarm names are unique per account
 * and region, and every account × region has one sender stack (a StackSet instance or a management stack), so a fixed
 * name never collides; it lets one pattern on the receiver bus recognize the alarm from every member (no IAM name).
 */
export const SENDER_UNDELIVERED_ALARM_NAME = 'keywatch-sender-undelivered';

/** The detail-type of CloudWatch alarm state changes on the default event bus. */
export const ALARM_STATE_CHANGE_DETAIL_TYPE = 'CloudWatch Alarm State Change';

/** Construct id of the delivery alarm rules, on the member default bus and on the receiver bus. */
export const SENDER_DELIVERY_RULE_ID = 'SenderDeliveryFailing';

/**
 * The pattern of the sender delivery alarm entering ALARM (no default): source `aws.cloudwatch` (which PutEvents can
 * never forge), the alarm state change detail-type, the alarm's fixed name and state ALARM.
 */
export function senderDeliveryAlarmPattern(): EventPattern {
  return {
    source: ['aws.cloudwatch'],
    'detail-type': [ALARM_STATE_CHANGE_DETAIL_TYPE],
    detail: { alarmName: [SENDER_UNDELIVERED_ALARM_NAME], state: { value: ['ALARM'] } },
  };
}

/** The sender's rule that forwards its delivery alarm to the central bus, through the forwarding role (no default). */
export function senderDeliveryForwardRule(): CompiledRule {
  const pattern = senderDeliveryAlarmPattern();
  return {
    id: SENDER_DELIVERY_RULE_ID,
    description: 'keywatch: tell the security account when this sender could not deliver events (its dead-letter queue holds messages)',
    pattern,
    patternChars: serializedLength(pattern),
  };
}

/** The receiver bus rule that notifies the security team that a member's sender is failing to deliver (no default). */
export function senderDeliveryCentralRule(): CompiledRule {
  const pattern = senderDeliveryAlarmPattern();
  return {
    id: SENDER_DELIVERY_RULE_ID,
    description: "keywatch: a member account's sender could not deliver events to the security account (its dead-letter queue holds messages)",
    pattern,
    patternChars: serializedLength(pattern),
  };
}

/**
 * CloudWatch namespace and metric that count sender delivery failures centrally: the receiver bus rule also writes each
 * forwarded `keywatch-sender-undelivered` ALARM event to the heartbeat log, and a metric filter there counts them with
 * dimensions account and region (one datapoint per member alarm entering ALARM).
 */
export const SENDER_DELIVERY_METRIC = { namespace: 'keywatch', name: 'SenderDeliveryFailures' } as const;

/** The CloudWatch Logs filter pattern of SENDER_DELIVERY_METRIC (no default): the forwarded sender delivery alarm entering ALARM, as senderDeliveryAlarmPattern matches it. */
export function senderDeliveryFilterPattern(): string {
  return `{ ($.source = "aws.cloudwatch") && ($.detail.alarmName = "${SENDER_UNDELIVERED_ALARM_NAME}") && ($.detail.state.value = "ALARM") }`;
}
