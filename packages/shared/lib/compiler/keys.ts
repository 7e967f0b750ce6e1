import type { KeywatchConfig } from '../config/schema';
import { KeywatchError } from '../errors';

/** The `userIdentity.accessKeyId` conditions of the sender rule and of the central rules. */
export interface KeyConditions {
  /** Matches every watched key (exclusions subtracted where the pattern language allows it). */
  readonly sender: readonly unknown[];
  /** What the central rules require of a forwarded event's key. */
  readonly central: readonly unknown[];
  /**
   * userIdentity.type values the central rules refuse, when `central` alone cannot tell a long-term key from a
   * temporary one (long-term keys minus exclusions: `anything-but` the excluded keys also passes `ASIA…` keys).
   * @default - none (the key condition already checks the key family, or every key is watched)
   */
  readonly centralRefusedIdentityTypes?: readonly string[];
}

/**
 * CloudTrail userIdentity types whose calls are always signed with temporary (ASIA) credentials, never with a
 * long-term key: roles, federated users, SAML and web-identity sessions, IAM Identity Center users, AWS services
 * [doc: CloudTrail userIdentity element; long-term keys belong to IAM users and the root user, STS GetAccessKeyInfo].
 * IAMUser, Root, AWSAccount (cross-account calls) and any type AWS adds later are never refused.
 */
export const TEMPORARY_ONLY_IDENTITY_TYPES = ['AssumedRole', 'AWSService', 'FederatedUser', 'IdentityCenterUser', 'SAMLUser', 'WebIdentityUser'] as const;

/**
 * Compiles watch.accessKeys minus watch.excludeAccessKeys. EventBridge cannot AND two conditions on one field, so
 * "AKIA… but not these keys" is split across the hops: the sender matches the AKIA prefix and each central rule, which
 * only ever sees forwarded AKIA keys, matches anything-but the excluded keys. Should an event reach the receiver bus
 * without the sender's filter, the central rules then also refuse identity types that only ever use temporary keys
 * (defence in depth: one field holds one condition, so the AKIA prefix cannot be re-checked beside the exclusions).
 */
export function keyConditions(watch: KeywatchConfig['watch']): KeyConditions {
  const excluded = [...new Set(watch.excludeAccessKeys)].sort();
  if (Array.isArray(watch.accessKeys)) {
    const keys = [...new Set(watch.accessKeys)].filter((k) => !excluded.includes(k)).sort();
    if (keys.length === 0) {
      throw new KeywatchError(
        "'watch.accessKeys' lists only keys that 'watch.excludeAccessKeys' excludes: nothing would be watched; remove them from excludeAccessKeys",
      );
    }
    return { sender: keys, central: keys };
  }
  if (watch.accessKeys === 'all') {
    // anything-but never matches a missing field; "" is how CloudTrail hides a key it does not show.
    const condition = [{ 'anything-but': ['', ...excluded] }];
    return { sender: condition, central: condition };
  }
  const longTerm = [{ prefix: 'AKIA' }];
  if (excluded.length === 0) {
    return { sender: longTerm, central: longTerm };
  }
  return { sender: longTerm, central: [{ 'anything-but': excluded }], centralRefusedIdentityTypes: TEMPORARY_ONLY_IDENTITY_TYPES };
}
