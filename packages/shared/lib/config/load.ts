import * as path from 'path';
import type { AccountsDirectory } from '../accounts/directory';
import { AccountsDirectorySchema } from '../accounts/directory';
import { ConfigError } from '../errors';
import { parsePath } from './paths';
import type { KeywatchConfig } from './schema';
import { KeywatchConfigSchema } from './schema';
import { validateConfig } from './validate';
import type { YamlSource } from './yaml-file';
import { lineAt, parseYaml } from './yaml-file';
import { validateWithSchema } from './zod-issues';

/** A configuration file that passed every check, with its accounts directory. */
export interface LoadedConfig {
  /** The configuration file, as given. */
  readonly file: string;
  /** The validated configuration, defaults applied. */
  readonly config: KeywatchConfig;
  /** The accounts directory, when `accounts:` names one. */
  readonly directory?: AccountsDirectory;
  /** The directory file, relative to the working directory like `file`; set with `directory`. */
  readonly directoryFile?: string;
  /** Non-fatal problems ("<path>: <message>"), to print before going on. */
  readonly warnings: readonly string[];
}

/**
 * Reads one file as text for loadConfigWith; throws a ConfigError naming the file and `missingFix` when it does not
 * exist or cannot be read. shared never touches the file system: the edge (`@keywatch/central`'s `readTextFile`)
 * passes one in.
 */
export type ReadTextFile = (file: string, missingFix: string) => string;

/** Options of loadConfig. */
export interface LoadConfigOptions {
  /** The current time, for the directory age warning. @default new Date() */
  readonly now?: Date;
}

const CONFIG_EMPTY_FIX = 'start from examples/keywatch.yml';
const DIRECTORY_EMPTY_FIX = 'run `keywatch accounts sync` to write it';

/** Loads keywatch.yml and its accounts directory through `readTextFile`, checks both (schema, then semantics) and throws one ConfigError per file listing every issue; the default time for age checks is now. */
export function loadConfigWith(file: string, readTextFile: ReadTextFile, options: LoadConfigOptions = {}): LoadedConfig {
  const text = readTextFile(file, 'create it, e.g. copy examples/keywatch.yml');
  const src = parseYaml(text, file);
  const config = configFromSource(src);

  let directory: AccountsDirectory | undefined;
  let directoryFile: string | undefined;
  if (config.accounts !== undefined) {
    directoryFile = path.join(path.dirname(file), config.accounts);
    const dirText = readTextFile(
      directoryFile,
      `run \`keywatch accounts sync\` to write it, or fix \`accounts:\` in ${file} (a path relative to that file's folder)`,
    );
    directory = parseDirectoryText(dirText, directoryFile);
  }

  const { errors, warnings } = validateConfig(config, directory, { now: options.now });
  if (errors.length > 0) {
    const located = errors.map((issue, index) => ({ issue: { ...issue, line: issue.line ?? lineAt(src, parsePath(issue.path)) }, index }));
    located.sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.index - b.index);
    throw new ConfigError(
      file,
      located.map((x) => x.issue),
    );
  }
  return { file, config, directory, directoryFile, warnings };
}

/** Parses keywatch.yml text and checks it against the schema only (no directory, no semantic checks); throws ConfigError naming `file`. */
export function parseConfigText(text: string, file: string): KeywatchConfig {
  return configFromSource(parseYaml(text, file));
}

/** Parses accounts directory text and checks it against the directory schema; throws ConfigError naming `file`. */
export function parseDirectoryText(text: string, file: string): AccountsDirectory {
  const src = parseYaml(text, file);
  // the file is named by `accounts:` and may be any file: its problems never quote its text
  const result = validateWithSchema(src, AccountsDirectorySchema, DIRECTORY_EMPTY_FIX, { echoValues: false });
  if (result.value === undefined) {
    throw new ConfigError(file, result.issues);
  }
  return result.value;
}

function configFromSource(src: YamlSource): KeywatchConfig {
  const result = validateWithSchema(src, KeywatchConfigSchema, CONFIG_EMPTY_FIX);
  if (result.value === undefined) {
    throw new ConfigError(src.file, result.issues);
  }
  return result.value;
}
