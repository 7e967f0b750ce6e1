import type { EventPattern } from './types';
import type { IpMatcher } from './ip-matchers';

/** The detail-type of CloudTrail API calls on EventBridge. */
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';

/** The parts of one keywatch rule pattern; unset parts add no condition. */
export interface PatternParts {
  /** Require an AWS service source (`aws.…`): events put by PutEvents can never carry one, so forged alerts are dropped. */
  readonly awsSourceOnly: boolean;
  /** Conditions on the envelope `account` (the account where the call was made). */
  readonly account?: readonly unknown[];
  /** Conditions on `detail.recipientAccountId` (the same account ID, a second field to AND a second condition on). */
  readonly recipientAccount?: readonly unknown[];
  /** Conditions on `detail.userIdentity.accessKeyId`. */
  readonly accessKey: readonly unknown[];
  /** `detail.userIdentity.type` values that never match (a missing type still matches). */
  readonly refusedIdentityTypes?: readonly string[];
  /** Matchers on `detail.sourceIPAddress` (OR'ed). */
  readonly sourceIp?: readonly IpMatcher[];
  /** VPC endpoints that make a call allowed: the event matches only when vpcEndpointId is absent or not one of them. */
  readonly allowedVpcEndpoints?: readonly string[];
}

/** Renders the EventBridge pattern for `parts`, keys in a fixed order so the output is deterministic. */
export function renderPattern(parts: PatternParts): EventPattern {
  const detail: EventPattern = {};
  if (parts.recipientAccount) {
    detail.recipientAccountId = parts.recipientAccount;
  }
  const userIdentity: EventPattern = { accessKeyId: parts.accessKey };
  if (parts.refusedIdentityTypes && parts.refusedIdentityTypes.length > 0) {
    // "Absent or not listed", inside userIdentity so it never collides with the VPC endpoint $or of detail.
    userIdentity.$or = [{ type: [{ exists: false }] }, { type: [{ 'anything-but': [...parts.refusedIdentityTypes] }] }];
  }
  detail.userIdentity = userIdentity;
  if (parts.sourceIp) {
    detail.sourceIPAddress = parts.sourceIp;
  }
  if (parts.allowedVpcEndpoints && parts.allowedVpcEndpoints.length > 0) {
    // "Absent or not listed": anything-but never matches a missing field, so absence needs its own branch.
    detail.$or = [{ vpcEndpointId: [{ exists: false }] }, { vpcEndpointId: [{ 'anything-but': parts.allowedVpcEndpoints }] }];
  }
  const pattern: EventPattern = {};
  if (parts.awsSourceOnly) {
    pattern.source = [{ prefix: 'aws.' }];
  }
  pattern['detail-type'] = [API_CALL_DETAIL_TYPE];
  if (parts.account) {
    pattern.account = parts.account;
  }
  pattern.detail = detail;
  return pattern;
}
