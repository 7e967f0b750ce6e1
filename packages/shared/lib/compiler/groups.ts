import { createHash } from 'node:crypto';
import { serializedLength } from './chunk';
import type { EventPattern } from './types';

/**
 * Accounts whose central pattern is the same but for `account` share rules (notify modes with a gate): the rule lists
 * their IDs, `account: [id1 … idk]`. A group's IP chunks are cut leaving room for this many IDs in every pattern, so
 * the chunks depend on the policy alone and not on how many accounts share it (adding an account never re-cuts them).
 */
export const GROUP_RESERVED_IDS = 32;

/** An account ID no organization has, used to measure patterns before the real IDs are known. */
const PROBE_ID = '000000000000';

/** One rule's worth of a group: the accounts of one range of the ID space (`path`: the binary path of the range, "" for all). */
export interface GroupLeaf {
  readonly path: string;
  readonly ids: readonly string[];
}

/** 10^12: the account ID space [0, 10^12) that the ranges divide. */
const ID_SPACE = 1e12;

/**
 * How many account IDs fit beside the widest of `chunks`: the largest k with every `render(ids, chunk)` of k IDs within
 * `maxChars` (every ID adds the same characters, so two measurements per chunk give it); 0 when not even one fits.
 */
export function groupCapacity<C>(chunks: readonly C[], maxChars: number, render: (ids: readonly string[], chunk: C) => EventPattern): number {
  let capacity = Infinity;
  for (const chunk of chunks) {
    const one = serializedLength(render([PROBE_ID], chunk));
    const perId = serializedLength(render([PROBE_ID, PROBE_ID], chunk)) - one;
    capacity = Math.min(capacity, one > maxChars ? 0 : 1 + Math.floor((maxChars - one) / perId));
  }
  return capacity === Infinity ? 0 : capacity;
}

/** The IDs `GROUP_RESERVED_IDS` probe IDs stand for when the chunks are cut (no default). */
export function reservedIds(): string[] {
  return Array.from({ length: GROUP_RESERVED_IDS }, () => PROBE_ID);
}

/**
 * Splits `ids` (12-digit account IDs) into leaves of at most `capacity` IDs by halving the ID space: a range holding
 * more than `capacity` IDs is cut in two at its middle, and so on. A leaf depends only on the IDs inside its range, so an
 * account added to a group changes one leaf's rule (or cuts that leaf in two) and no other. Empty ranges give no leaf.
 */
export function groupLeaves(ids: readonly string[], capacity: number): GroupLeaf[] {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`'capacity' must be a whole number of at least 1; got '${capacity}'`);
  const sorted = [...new Set(ids)].sort();
  const leaves: GroupLeaf[] = [];
  const split = (lo: number, hi: number, path: string, members: readonly string[]): void => {
    if (members.length === 0) return;
    if (members.length <= capacity || hi - lo <= 1) {
      leaves.push({ path, ids: members });
      return;
    }
    const mid = Math.floor((lo + hi) / 2);
    split(
      lo,
      mid,
      `${path}0`,
      members.filter((id) => Number(id) < mid),
    );
    split(
      mid,
      hi,
      `${path}1`,
      members.filter((id) => Number(id) >= mid),
    );
  };
  split(0, ID_SPACE, '', sorted);
  return leaves;
}

/** A short, stable name of a policy (its pattern without `account`): the first 8 hex digits of its SHA-256 (no default). */
export function policyKey(policyText: string): string {
  return createHash('sha256').update(policyText).digest('hex').slice(0, 8).toUpperCase();
}
