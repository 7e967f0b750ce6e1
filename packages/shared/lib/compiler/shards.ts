import { EVENTBRIDGE_LIMITS } from './eventbridge-limits';

/**
 * Most receiver buses keywatch spreads the alert rules over. EventBridge allows 100 event buses per account (facts.md
 * §2); the rest is left to the security account's other buses.
 */
export const MAX_SHARDS = 90;

/** Rules keywatch adds to a shard bus (index ≥ 1) besides its alert and tamper rules: the archive's managed rule, the heartbeat and the sender delivery rules (no onboarding rule: only the primary bus has one). */
export const RESERVED_SHARD_RULES = 3;

/** The name of receiver bus `index` (no default): the configured name for the primary bus (0), `<busName>-shard<index>` for the others. */
export function shardBusName(busName: string, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_SHARDS) {
    throw new Error(`'index' must be a whole number from 0 to ${MAX_SHARDS - 1}; got '${index}'`);
  }
  return index === 0 ? busName : `${busName}-shard${index}`;
}

const MASK64 = (1n << 64n) - 1n;

/** splitmix64's finalizer: spreads neighbouring account IDs over the whole 64-bit range before the jump hash. */
function mix64(value: bigint): bigint {
  let z = (value + 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/**
 * The shard (0 … `shards` − 1) of account `accountId` (no default): Lamping and Veach's jump consistent hash of the
 * mixed 12-digit ID. It depends on the account ID and the shard count only, so adding or removing other accounts never
 * moves an account, and going from n to n + 1 shards moves only the accounts that land on the new shard (about 1/(n + 1)).
 * Hand-written (ten lines) because no maintained npm package offers it over 64-bit keys.
 */
export function shardOfAccount(accountId: string, shards: number): number {
  if (!/^\d{12}$/.test(accountId)) {
    throw new Error(`'accountId' must be a 12-digit account ID; got '${accountId}'`);
  }
  if (!Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new Error(`'shards' must be a whole number from 1 to ${MAX_SHARDS}; got '${shards}'`);
  }
  let key = mix64(BigInt(accountId));
  let bucket = -1;
  let next = 0;
  while (next < shards) {
    bucket = next;
    key = (key * 2862933555777941757n + 1n) & MASK64;
    next = Math.floor((bucket + 1) * (2 ** 31 / (Number(key >> 33n) + 1)));
  }
  return bucket;
}

/**
 * Shard placement of the accounts of a directory (no default). With one bus every account is on it. With `shards` buses
 * the primary bus 0 keeps the rules every organization has whatever its size — the fallback rules for accounts not in
 * the directory (their exclusion lists grow with the directory), the onboarding rule — and the `pinned` accounts (the
 * management account, whose stacks also forward AWS Organizations events to the primary bus's onboarding rule); every
 * other account goes to bus 1 + shardOfAccount(id, shards − 1). Returns the account IDs of each bus, sorted.
 */
export function placeAccounts(accountIds: readonly string[], shards: number, pinned: readonly string[] = []): string[][] {
  const placed: string[][] = Array.from({ length: shards }, () => []);
  for (const id of [...new Set(accountIds)].sort()) {
    placed[shards === 1 || pinned.includes(id) ? 0 : 1 + shardOfAccount(id, shards - 1)].push(id);
  }
  return placed;
}

/** Targets EventBridge allows per rule (re-exported for the shard capacity checks). */
export const SHARD_TARGETS_PER_RULE = EVENTBRIDGE_LIMITS.targetsPerRule;
