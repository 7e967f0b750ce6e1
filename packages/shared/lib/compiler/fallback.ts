import { chunkToFit, serializedLength } from './chunk';

/** A group of account IDs covered by one fallback rule: the accounts under `prefixes`, minus the known `excluded` ones. */
export interface AccountBucket {
  /** Account ID prefixes the rule covers; [""] covers every account (no condition). */
  readonly prefixes: readonly string[];
  /** Known account IDs under those prefixes, excluded with anything-but. */
  readonly excluded: readonly string[];
}

/**
 * Partitions the account ID space into buckets whose fallback pattern (as rendered by `render`) fits `maxChars`.
 * One anything-but list of every known ID grows with the organization and stops fitting at about a hundred accounts, so
 * the space is split by ID prefix (the prefix on `account`, the exclusions on `detail.recipientAccountId`) until each
 * bucket fits, then neighbouring buckets are packed back together. Returns undefined when even one ID cannot fit.
 */
export function bucketAccounts(known: readonly string[], maxChars: number, render: (bucket: AccountBucket) => unknown): AccountBucket[] | undefined {
  const sorted = [...new Set(known)].sort();
  const fits = (bucket: AccountBucket) => serializedLength(render(bucket)) <= maxChars;
  const leaves: AccountBucket[] = [];
  const split = (prefix: string): boolean => {
    const bucket = { prefixes: [prefix], excluded: sorted.filter((id) => id.startsWith(prefix)) };
    if (fits(bucket)) {
      leaves.push(bucket);
      return true;
    }
    if (prefix.length >= 12) {
      return false;
    }
    return [...'0123456789'].every((digit) => split(prefix + digit));
  };
  if (!split('')) {
    return undefined;
  }
  if (leaves.length === 1) {
    return leaves;
  }
  // Pack neighbouring leaves: merged prefixes are OR'ed, merged exclusions stay exact because the prefixes are disjoint.
  const packed = chunkToFit(leaves, maxChars, (group) => render(mergeBuckets(group)));
  return packed?.map(mergeBuckets);
}

function mergeBuckets(group: readonly AccountBucket[]): AccountBucket {
  return { prefixes: group.flatMap((b) => b.prefixes), excluded: group.flatMap((b) => b.excluded) };
}
