/**
 * The event values alerts show, one placeholder name per JSONPath, shared by every template so that
 * all targets of a rule read the same fields. The event is a CloudTrail record wrapped by EventBridge
 * ("AWS API Call via CloudTrail").
 */
export const ALERT_FIELDS = {
  time: '$.time',
  account: '$.account',
  accessKeyId: '$.detail.userIdentity.accessKeyId',
  userName: '$.detail.userIdentity.userName',
  arn: '$.detail.userIdentity.arn',
  identityType: '$.detail.userIdentity.type',
  eventName: '$.detail.eventName',
  eventSource: '$.detail.eventSource',
  region: '$.detail.awsRegion',
  sourceIPAddress: '$.detail.sourceIPAddress',
  userAgent: '$.detail.userAgent',
  eventTime: '$.detail.eventTime',
  eventID: '$.detail.eventID',
  readOnly: '$.detail.readOnly',
  vpcEndpointId: '$.detail.vpcEndpointId',
} as const;

/** Name of one event value in ALERT_FIELDS. */
export type AlertField = keyof typeof ALERT_FIELDS;

/** EventBridge's predefined variable holding the name of the rule that matched; never listed in InputPathsMap. */
export const RULE_NAME_VARIABLE = 'aws.events.rule-name';

/** Anything a template can substitute: an event value or the rule name. */
export type TemplateVariable = AlertField | typeof RULE_NAME_VARIABLE;
