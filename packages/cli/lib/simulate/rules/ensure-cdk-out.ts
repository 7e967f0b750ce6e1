import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE_CONFIG_FILE, loadConfig } from '@keywatch/central';

/** Options of ensureCdkOut. */
export interface EnsureCdkOutOptions {
  /**
   * The cloud assembly directory.
   * @default 'cdk.out'
   */
  readonly cdkOut?: string;
  /**
   * The configuration the assembly must be up to date with.
   * @default - use an existing assembly as it is; synthesize the bundled example when there is none
   */
  readonly configFile?: string;
  /**
   * Where to say that (and why) the assembly is being synthesized, and synth's warnings.
   * @default - write to stderr
   */
  readonly log?: (message: string) => void;
}

/** What ensureCdkOut did. */
export interface EnsureCdkOutResult {
  /** The cloud assembly directory. */
  readonly cdkOut: string;
  /** True when it was (re)synthesized. */
  readonly synthesized: boolean;
}

/**
 * Makes sure `cdkOut` (default cdk.out) holds a cloud assembly at least as new as the configuration file and its
 * accounts directory file; otherwise synthesizes it first with synthOrganization (loaded lazily: aws-cdk-lib is only
 * needed then). Throws ConfigError/QuotaError like `keywatch synth`.
 */
export async function ensureCdkOut(options: EnsureCdkOutOptions = {}): Promise<EnsureCdkOutResult> {
  const cdkOut = options.cdkOut ?? 'cdk.out';
  const log = options.log ?? ((m: string) => process.stderr.write(`keywatch: ${m}\n`));
  const assemblyTime = mtime(path.join(cdkOut, 'manifest.json'));
  let reason: string | undefined;
  if (options.configFile === undefined) {
    if (assemblyTime !== undefined) return { cdkOut, synthesized: false };
    reason = `${cdkOut} has no cloud assembly and no --config was given; synthesizing the bundled example`;
  } else {
    const loaded = loadConfig(options.configFile);
    const inputs = [options.configFile, ...(loaded.directoryFile === undefined ? [] : [loaded.directoryFile])];
    const newer = inputs.find((f) => assemblyTime === undefined || (mtime(f) ?? 0) > assemblyTime);
    if (assemblyTime === undefined) reason = `${cdkOut} has no cloud assembly; synthesizing ${options.configFile}`;
    else if (newer !== undefined) reason = `${newer} is newer than ${cdkOut}; synthesizing again`;
  }
  if (reason === undefined) return { cdkOut, synthesized: false };
  log(reason);
  const { synthOrganization } = await import('../../synth/synth-organization');
  const summary = synthOrganization({ configFile: options.configFile ?? EXAMPLE_CONFIG_FILE, outdir: cdkOut });
  for (const w of summary.warnings) log(`warning: ${w}`);
  return { cdkOut, synthesized: true };
}

function mtime(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}
