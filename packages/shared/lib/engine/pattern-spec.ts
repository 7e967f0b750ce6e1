import { DigitRange } from './ip';

/** One compiled value matcher of an event pattern, as aws/event-ruler's Patterns classes model it. */
export type ValueSpec =
  | { readonly type: 'exact'; readonly value: string }
  | { readonly type: 'ip'; readonly range: DigitRange; readonly source: string }
  | { readonly type: 'number'; readonly text: string; readonly value?: number }
  | { readonly type: 'literal'; readonly value: true | false | null }
  | { readonly type: 'prefix' | 'suffix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly type: 'equals-ignore-case'; readonly value: string }
  | { readonly type: 'wildcard'; readonly value: string }
  | { readonly type: 'numeric'; readonly low: number; readonly lowOpen: boolean; readonly high: number; readonly highOpen: boolean }
  | { readonly type: 'exists' }
  | { readonly type: 'absent' }
  | { readonly type: 'anything-but'; readonly strings: readonly string[]; readonly numbers: readonly number[] }
  | {
      readonly type: 'anything-but-set';
      readonly op: 'prefix' | 'suffix' | 'equals-ignore-case' | 'wildcard';
      readonly values: readonly string[];
    };

/** One AND-branch of a pattern: dotted field path → alternatives (an `$or` pattern has several branches). */
export type SubRule = ReadonlyMap<string, readonly ValueSpec[]>;
