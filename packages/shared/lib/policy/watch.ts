import type { KeywatchConfig } from '../config/schema';

/** How watch.accessKeys and watch.excludeAccessKeys treat one key. */
export type KeyClass = 'watched' | 'excluded' | 'unwatched';

/**
 * Whether watch.accessKeys covers `key` (`long-term`: an `AKIA…` key; `all`: any key CloudTrail shows; a list: those
 * keys) and watch.excludeAccessKeys removes it, as the configuration reference defines them.
 */
export function watchedKeyClass(watch: KeywatchConfig['watch'], key: string): KeyClass {
  const covered = Array.isArray(watch.accessKeys) ? watch.accessKeys.includes(key) : watch.accessKeys === 'all' ? key !== '' : key.startsWith('AKIA');
  if (!covered) return 'unwatched';
  return watch.excludeAccessKeys.includes(key) ? 'excluded' : 'watched';
}
