import type { KeywatchConfig } from '../config/schema';
import { KeywatchError } from '../errors';

/** The `userIdentity.accessKeyId` conditions of the sender rule and of the central rules. */
export interface KeyConditions {
  /** Matches every watched key (exclusions subtracted where the pattern language allows it). */
  readonly sender: readonly unknown[];
  /** What the central rules require of a forwarded event's key. */
  readonly central: readonly unknown[];
}

/**
 * Compiles watch.accessKeys minus watch.excludeAccessKeys. EventBridge cannot AND two conditions on one field, so
 * "AKIA… but not these keys" is split across the hops: the sender matches the AKIA prefix and each central rule, which
 * only ever sees forwarded AKIA keys, matches anything-but the excluded keys.
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
  return { sender: longTerm, central: excluded.length > 0 ? [{ 'anything-but': excluded }] : longTerm };
}
