import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { AWS_REGIONS, closest, isKnownRegion, KeywatchError } from '@keywatch/shared';

/** Parses a `--region` value: a region of AWS_REGIONS (the list held to aws-cdk-lib's region-info), else a usage error naming the nearest. */
export function awsRegion(value: string): string {
  if (isKnownRegion(value)) return value;
  const near = closest(
    value,
    AWS_REGIONS.map((r) => r.name),
  );
  throw new InvalidArgumentError(`'${value}' is not an AWS region${near ? ` (did you mean '${near}'?)` : ''}`);
}

/** The environment variable that names the configuration file when `-c` is not given. */
export const CONFIG_ENV = 'KEYWATCH_CONFIG';

/** The configuration file looked for in the current directory when neither `-c` nor KEYWATCH_CONFIG names one. */
export const DEFAULT_CONFIG_FILE = 'keywatch.yml';

/** Help text of every `-c, --config` option: one default rule for every command. */
export const CONFIG_HELP = `keywatch configuration file (default: $${CONFIG_ENV}, else ${DEFAULT_CONFIG_FILE} in the current directory)`;

/** The configuration file of a command that needs one: `-c`, else $KEYWATCH_CONFIG, else ./keywatch.yml. */
export function configFile(given: string | undefined): string {
  return given ?? (process.env[CONFIG_ENV] || DEFAULT_CONFIG_FILE);
}

/** The same rule for a command that can work without one (simulate): undefined when none is named and ./keywatch.yml does not exist. */
export function optionalConfigFile(given: string | undefined): string | undefined {
  const file = configFile(given);
  return given !== undefined || process.env[CONFIG_ENV] || existsSync(file) ? file : undefined;
}

/**
 * Checks that `file` can be written before any AWS call is made: not a directory, no part of its folder a file, no NUL
 * character; throws a KeywatchError (exit 2) with the fix. Missing folders are fine: writeFileAtomic creates them.
 */
export function checkOutputFile(file: string | undefined): void {
  if (file === undefined) return;
  checkNoNul(file);
  const full = path.resolve(file);
  if (existsSync(full) && statSync(full).isDirectory())
    throw new KeywatchError(`cannot write ${file}: it is a directory; name a file (e.g. ${path.join(file, 'report.html')})`);
  for (let dir = path.dirname(full); ; dir = path.dirname(dir)) {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new KeywatchError(`cannot write ${file}: ${dir} is a file, not a folder; name another file`);
      return;
    }
    if (path.dirname(dir) === dir) return;
  }
}

/** Throws a KeywatchError (exit 2) when `p` holds a NUL character, which no file system accepts. */
export function checkNoNul(p: string): void {
  if (p.includes('\0')) throw new KeywatchError(`cannot write '${p.replace(/\0/g, '\\0')}': a path cannot hold a NUL character; name another file`);
}
