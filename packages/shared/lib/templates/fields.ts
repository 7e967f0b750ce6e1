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

/**
 * The event values of the account lifecycle notification (templates/onboarding.ts), one placeholder name per
 * JSONPath. The events are AWS Organizations CloudTrail records, either "AWS API Call via CloudTrail" or "AWS
 * Service Event via CloudTrail"; each event fills only some of these paths, and EventBridge leaves a missing one empty.
 */
export const ONBOARDING_FIELDS = {
  time: ALERT_FIELDS.time,
  account: ALERT_FIELDS.account,
  arn: ALERT_FIELDS.arn,
  identityType: ALERT_FIELDS.identityType,
  eventName: ALERT_FIELDS.eventName,
  region: ALERT_FIELDS.region,
  sourceIPAddress: ALERT_FIELDS.sourceIPAddress,
  eventTime: ALERT_FIELDS.eventTime,
  eventID: ALERT_FIELDS.eventID,
  /** Service events have no ARN, only the service that acted ("AWS Internal", "organizations.amazonaws.com"). */
  invokedBy: '$.detail.userIdentity.invokedBy',
  /** MoveAccount, RemoveAccountFromOrganization, CloseAccount. */
  requestAccountId: '$.detail.requestParameters.accountId',
  /** CreateAccountResult. */
  createdAccountId: '$.detail.serviceEventDetails.createAccountStatus.accountId',
  createdAccountName: '$.detail.serviceEventDetails.createAccountStatus.accountName',
  createState: '$.detail.serviceEventDetails.createAccountStatus.state',
  createFailureReason: '$.detail.serviceEventDetails.createAccountStatus.failureReason',
  /** The account field of Organizations service events such as EffectivePolicyValidation; expected on the membership events. */
  serviceAccountId: '$.detail.serviceEventDetails.accountId',
  /** InviteAccountToOrganization: an account ID or an e-mail address (free text, kept out of JSON templates). */
  inviteTarget: '$.detail.requestParameters.target.id',
  /** MoveAccount. */
  sourceParentId: '$.detail.requestParameters.sourceParentId',
  destinationParentId: '$.detail.requestParameters.destinationParentId',
  /** AcceptHandshake. */
  handshakeId: '$.detail.requestParameters.handshakeId',
  /** Whole objects, for whatever the fields above do not name (free text, kept out of JSON templates). */
  requestParameters: '$.detail.requestParameters',
  serviceEventDetails: '$.detail.serviceEventDetails',
} as const;

/** Name of one event value in ONBOARDING_FIELDS. */
export type OnboardingField = keyof typeof ONBOARDING_FIELDS;

/** Anything the account lifecycle templates can substitute: an event value or the rule name. */
export type OnboardingVariable = OnboardingField | typeof RULE_NAME_VARIABLE;

/**
 * The event values of the "coverage tampered" notification (templates/tamper.ts): CloudTrail records of EventBridge,
 * CloudTrail, CloudFormation and EventBridge Scheduler calls; EventBridge leaves a missing path empty.
 */
export const TAMPER_FIELDS = {
  time: ALERT_FIELDS.time,
  account: ALERT_FIELDS.account,
  region: ALERT_FIELDS.region,
  arn: ALERT_FIELDS.arn,
  identityType: ALERT_FIELDS.identityType,
  accessKeyId: ALERT_FIELDS.accessKeyId,
  eventName: ALERT_FIELDS.eventName,
  eventSource: ALERT_FIELDS.eventSource,
  sourceIPAddress: ALERT_FIELDS.sourceIPAddress,
  eventTime: ALERT_FIELDS.eventTime,
  eventID: ALERT_FIELDS.eventID,
  /** Set when the call was refused (AccessDenied by an SCP, say); empty when it succeeded. */
  errorCode: '$.detail.errorCode',
  /** The role behind an assumed-role session. */
  sessionIssuer: '$.detail.userIdentity.sessionContext.sessionIssuer.arn',
  /** The whole request (rule, trail, stack or schedule name and the new settings); free text, kept out of JSON templates. */
  requestParameters: '$.detail.requestParameters',
} as const;

/** Name of one event value in TAMPER_FIELDS. */
export type TamperField = keyof typeof TAMPER_FIELDS;

/**
 * The event values of the sender delivery alarm notice (templates/delivery-failure.ts): a "CloudWatch Alarm State
 * Change" event forwarded from a member's default bus, whose envelope keeps the member's account and region. Every
 * value is AWS-generated.
 */
export const DELIVERY_FAILURE_FIELDS = {
  account: '$.account',
  region: '$.region',
  time: '$.time',
  alarm: '$.detail.alarmName',
  reason: '$.detail.state.reason',
} as const;

/** Name of one event value in DELIVERY_FAILURE_FIELDS. */
export type DeliveryFailureVariable = keyof typeof DELIVERY_FAILURE_FIELDS;
