/** Options for a CloudTrail-shaped EventBridge event of an API call. */
export interface ApiCallOptions {
  /** Default "444444444444". */
  readonly account?: string;
  /** Default "203.0.113.99"; null leaves sourceIPAddress out. */
  readonly sourceIp?: string | null;
  /** Default "AKIAIOSFODNN7EXAMPLE"; null leaves accessKeyId out. */
  readonly accessKeyId?: string | null;
  /** Default "ListBuckets". */
  readonly eventName?: string;
  /** Default "s3.amazonaws.com". */
  readonly eventSource?: string;
  /** Default true. */
  readonly readOnly?: boolean;
  /** Unset by default. */
  readonly vpcEndpointId?: string;
  /** Default "IAMUser". */
  readonly identityType?: string;
  /** Default "eu-west-1". */
  readonly region?: string;
  /** Default "0c1d2e3f-aaaa-bbbb-cccc-000000000001". */
  readonly eventId?: string;
}

/** An "AWS API Call via CloudTrail" event as EventBridge delivers it, with a CloudTrail record as detail. */
export function apiCallEvent(o: ApiCallOptions = {}): Record<string, unknown> {
  const account = o.account ?? '444444444444';
  const region = o.region ?? 'eu-west-1';
  const eventSource = o.eventSource ?? 's3.amazonaws.com';
  const userIdentity: Record<string, unknown> = {
    type: o.identityType ?? 'IAMUser',
    principalId: 'AIDAEXAMPLEPRINCIPAL1',
    arn: `arn:aws:iam::${account}:user/deploy-bot`,
    accountId: account,
    userName: 'deploy-bot',
  };
  if (o.accessKeyId !== null) {
    userIdentity.accessKeyId = o.accessKeyId ?? 'AKIAIOSFODNN7EXAMPLE';
  }
  const detail: Record<string, unknown> = {
    eventVersion: '1.09',
    userIdentity,
    eventTime: '2026-11-20T08:15:30Z',
    eventSource,
    eventName: o.eventName ?? 'ListBuckets',
    awsRegion: region,
    userAgent: 'aws-cli/2.17.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    requestParameters: null,
    responseElements: null,
    requestID: 'EXAMPLE-REQUEST-1',
    eventID: o.eventId ?? '0c1d2e3f-aaaa-bbbb-cccc-000000000001',
    readOnly: o.readOnly ?? true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
  };
  if (o.sourceIp !== null) {
    detail.sourceIPAddress = o.sourceIp ?? '203.0.113.99';
  }
  if (o.vpcEndpointId) {
    detail.vpcEndpointId = o.vpcEndpointId;
  }
  return {
    version: '0',
    id: '6f7e8d9c-0000-4000-8000-000000000001',
    'detail-type': 'AWS API Call via CloudTrail',
    source: `aws.${eventSource.split('.')[0]}`,
    account,
    time: '2026-11-20T08:15:30Z',
    region,
    resources: [],
    detail,
  };
}
