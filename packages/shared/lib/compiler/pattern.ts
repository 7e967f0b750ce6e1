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
  /**
   * Conditions on `detail.userIdentity.accessKeyId` of a call made in a session (`userIdentity.sessionContext.attributes.creationDate`
   * present); `accessKey` then applies only to calls without one (keyConditions explains why).
   * @default - `accessKey` applies to every call
   */
  readonly accessKeyWithSession?: readonly unknown[];
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
  // The session split is a $or inside userIdentity, so it never collides with the VPC endpoint $or of detail; its two
  // branches are disjoint (creationDate absent / present), so no engine can drop one as overlapping the other.
  const session = (exists: boolean) => ({ attributes: { creationDate: [{ exists }] } });
  detail.userIdentity = parts.accessKeyWithSession
    ? {
        $or: [
          { accessKeyId: parts.accessKey, sessionContext: session(false) },
          { accessKeyId: parts.accessKeyWithSession, sessionContext: session(true) },
        ],
      }
    : { accessKeyId: parts.accessKey };
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
