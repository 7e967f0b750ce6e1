/**
 * AWS Organizations CloudTrail events as EventBridge delivers them on the management account's us-east-1 default bus,
 * shaped after the example log entries of the Organizations User Guide (orgs_cloudtrail-integration): API calls are
 * "AWS API Call via CloudTrail" with an IAM caller; CreateAccountResult and the membership events are "AWS Service
 * Event via CloudTrail" with `userIdentity: {accountId, invokedBy}` and `serviceEventDetails`.
 */

/** The management account of the test organization (BASE_CONFIG). */
export const MANAGEMENT = '111111111111';
/** The account the events are about. */
export const NEW_ACCOUNT = '777777777777';

/** Options of organizationsEvent. */
export interface OrganizationsEventOptions {
  /** Envelope `account` and recipientAccountId. Default MANAGEMENT. */
  readonly account?: string;
  /** Envelope `source`. Default "aws.organizations". */
  readonly source?: string;
  /** Envelope `detail-type`. Default: "AWS Service Event via CloudTrail" for service events, else "AWS API Call via CloudTrail". */
  readonly detailType?: string;
  /** detail.errorCode (a refused call). Default: none. */
  readonly errorCode?: string;
  /** Merged into detail last. */
  readonly detail?: Record<string, unknown>;
}

const SERVICE_EVENTS = new Set([
  'CreateAccountResult',
  'CloseAccountResult',
  'AccountJoinedOrganization',
  'AccountDepartedOrganization',
  'EffectivePolicyValidation',
]);

/** requestParameters / responseElements / serviceEventDetails of each event, from the AWS examples. */
function body(eventName: string): Record<string, unknown> {
  switch (eventName) {
    case 'CreateAccountResult':
      return {
        serviceEventDetails: {
          createAccountStatus: {
            id: 'car-examplecreateaccountrequestid111',
            state: 'SUCCEEDED',
            accountName: '****',
            accountId: NEW_ACCOUNT,
            requestedTimestamp: 'Nov 20, 2026 8:15:20 AM',
            completedTimestamp: 'Nov 20, 2026 8:15:29 AM',
          },
        },
      };
    case 'CreateAccount':
      return {
        requestParameters: { tags: [], email: '****', accountName: '****' },
        responseElements: {
          createAccountStatus: {
            accountName: '****',
            state: 'IN_PROGRESS',
            id: 'car-examplecreateaccountrequestid111',
            requestedTimestamp: 'Nov 20, 2026 8:15:20 AM',
          },
        },
      };
    case 'InviteAccountToOrganization':
      return {
        requestParameters: { notes: 'Welcome "team" <b>\\ 😀', target: { type: 'ACCOUNT', id: NEW_ACCOUNT } },
        responseElements: {
          handshake: {
            id: 'h-examplehandshakeid111',
            state: 'OPEN',
            action: 'invite',
            parties: [
              { type: 'ORGANIZATION', id: 'o-exampleorg1' },
              { type: 'ACCOUNT', id: NEW_ACCOUNT },
            ],
          },
        },
      };
    case 'AcceptHandshake':
      return {
        requestParameters: { handshakeId: 'h-examplehandshakeid222' },
        responseElements: { handshake: { id: 'h-examplehandshakeid222', state: 'ACCEPTED', action: 'APPROVE_ALL_FEATURES' } },
      };
    case 'MoveAccount':
      return { requestParameters: { accountId: NEW_ACCOUNT, sourceParentId: 'r-ab12', destinationParentId: 'ou-ab12-11111111' } };
    case 'RemoveAccountFromOrganization':
    case 'CloseAccount':
      return { requestParameters: { accountId: NEW_ACCOUNT } };
    case 'AccountJoinedOrganization':
      return { serviceEventDetails: { accountId: NEW_ACCOUNT, joinedMethod: 'Invited', joinedTime: 'Nov 20, 2026 8:15:29 AM' } };
    case 'AccountDepartedOrganization':
      return { serviceEventDetails: { accountId: NEW_ACCOUNT, departedMethod: 'Left', departedTime: 'Nov 20, 2026 8:15:29 AM' } };
    default:
      return {};
  }
}

/** An Organizations event named `eventName` (CloudTrail record wrapped by EventBridge), recorded in us-east-1. */
export function organizationsEvent(eventName: string, o: OrganizationsEventOptions = {}): Record<string, unknown> {
  const account = o.account ?? MANAGEMENT;
  const service = SERVICE_EVENTS.has(eventName);
  const detail: Record<string, unknown> = {
    eventVersion: '1.08',
    userIdentity: service
      ? { accountId: account, invokedBy: 'AWS Internal' }
      : {
          type: 'AssumedRole',
          principalId: 'AROAEXAMPLEROLEID1:alice',
          arn: `arn:aws:sts::${account}:assumed-role/OrgAdmin/alice`,
          accountId: account,
          accessKeyId: 'ASIAEXAMPLETEMPKEY01',
          sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${account}:role/OrgAdmin`, accountId: account, userName: 'OrgAdmin' } },
        },
    eventTime: '2026-11-20T08:15:29Z',
    eventSource: 'organizations.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: service ? 'AWS Internal' : '203.0.113.50',
    userAgent: service ? 'AWS Internal' : 'aws-cli/2.17.0 Python/3.11.6',
    requestParameters: null,
    responseElements: null,
    requestID: service ? undefined : 'EXAMPLE8-90ab-cdef-fedc-ba987EXAMPLE',
    eventID: 'd1f2e3a4-0000-4000-8000-00000000beef',
    readOnly: eventName.startsWith('List') || eventName.startsWith('Describe'),
    eventType: service ? 'AwsServiceEvent' : 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    ...body(eventName),
    ...(o.errorCode === undefined ? {} : { errorCode: o.errorCode, errorMessage: 'You are not authorized' }),
    ...o.detail,
  };
  if (detail.requestID === undefined) {
    delete detail.requestID;
  }
  return {
    version: '0',
    id: '3c4d5e6f-0000-4000-8000-000000000042',
    'detail-type': o.detailType ?? (service ? 'AWS Service Event via CloudTrail' : 'AWS API Call via CloudTrail'),
    source: o.source ?? 'aws.organizations',
    account,
    time: '2026-11-20T08:15:30Z',
    region: 'us-east-1',
    resources: [],
    detail,
  };
}
