import { existsSync, readFileSync } from 'fs';
import { ConfigError, loadConfigWith } from '@keywatch/shared';
import type { LoadConfigOptions, LoadedConfig } from '@keywatch/shared';

/** Reads `file` as text; throws ConfigError naming the file and `missingFix` when it does not exist or cannot be read. */
export function readTextFile(file: string, missingFix: string): string {
  if (!existsSync(file)) {
    throw new ConfigError(file, [{ path: '', message: `the file does not exist; ${missingFix}` }]);
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `the file cannot be read (${(err as Error).message}); check its permissions` }]);
  }
}

/** Loads keywatch.yml and its accounts directory from disk, checks both (schema, then semantics) and throws one ConfigError per file listing every issue; the default time for age checks is now. */
export function loadConfig(file: string, options: LoadConfigOptions = {}): LoadedConfig {
  return loadConfigWith(file, readTextFile, options);
}
