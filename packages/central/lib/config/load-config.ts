import { existsSync, readFileSync } from 'fs';
import { ConfigError, decodeUtf8File, loadConfigWith } from '@keywatch/shared';
import type { LoadConfigOptions, LoadedConfig } from '@keywatch/shared';

/** Reads `file` as UTF-8 text; throws ConfigError naming the file and `missingFix` when it does not exist, and naming the problem when it cannot be read or is not UTF-8. */
export function readTextFile(file: string, missingFix: string): string {
  if (!existsSync(file)) {
    throw new ConfigError(file, [{ path: '', message: `the file does not exist; ${missingFix}` }]);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const what = code === 'EISDIR' ? 'it is a directory, not a file' : `${(err as Error).message}; check its permissions`;
    throw new ConfigError(file, [{ path: '', message: `the file cannot be read (${what})` }]);
  }
  return decodeUtf8File(bytes, file);
}

/** Loads keywatch.yml and its accounts directory from disk, checks both (schema, then semantics) and throws one ConfigError per file listing every issue; the default time for age checks is now. */
export function loadConfig(file: string, options: LoadConfigOptions = {}): LoadedConfig {
  return loadConfigWith(file, readTextFile, options);
}
