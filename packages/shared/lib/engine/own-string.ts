/**
 * A copy of `s` that shares no memory with a larger string, for keys of long-lived maps: V8 keeps a substring of 13
 * or more characters as a view into its parent, so a cached substring of a log document would keep the whole
 * document in memory. Prepending a character and slicing it off again makes V8 copy the characters once.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
