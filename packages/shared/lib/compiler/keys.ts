import type { KeywatchConfig } from '../config/schema';
import { KeywatchError } from '../errors';

/** The `userIdentity.accessKeyId` conditions of the sender rule and of the central rules. */
export interface KeyConditions {
  /** Matches every watched key (exclusions subtracted where the pattern language allows it). */
  readonly sender: readonly unknown[];
  /** What the central rules require of a forwarded event's key (of a call without a session context, when `centralWithSession` is set). */
  readonly central: readonly unknown[];
  /**
   * What the central rules require of the key of a call made in a session (one with `userIdentity.sessionContext`), when
   * `central` alone cannot tell a long-term key from a temporary one (long-term keys minus exclusions: `anything-but`
   * the excluded keys also passes `ASIA…` keys).
   * @default - none (the key condition already checks the key family, or every key is watched)
   */
  readonly centralWithSession?: readonly unknown[];
}

/**
 * Compiles watch.accessKeys minus watch.excludeAccessKeys. EventBridge cannot AND two conditions on one field, so
 * "AKIA… but not these keys" is split across the hops: the sender matches the AKIA prefix and each central rule, which
 * only ever sees forwarded AKIA keys, matches anything-but the excluded keys. Events that reach the receiver bus without
 * the sender's filter (a tamper or onboarding rule forwards calls whatever their key) must not alert on a temporary key,
 * so the central rules split on a second field: CloudTrail writes `userIdentity.sessionContext` "if the request was made
 * with temporary security credentials" [doc: CloudTrail userIdentity element], so a call without one was signed with a
 * long-term key and needs only the exclusions checked; a call with one must carry an `AKIA` key (AWS's own samples show
 * an IAM user's `AKIA…` key beside a console session context, so such a record still alerts, exclusions unchecked).
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
  // anything-but never matches a missing field; "" is how CloudTrail hides a key it does not show.
  if (watch.accessKeys === 'all') {
    const condition = [{ 'anything-but': ['', ...excluded] }];
    return { sender: condition, central: condition };
  }
  const longTerm = [{ prefix: 'AKIA' }];
  if (excluded.length === 0) {
    return { sender: longTerm, central: longTerm };
  }
  return { sender: longTerm, central: [{ 'anything-but': ['', ...excluded] }], centralWithSession: longTerm };
}
