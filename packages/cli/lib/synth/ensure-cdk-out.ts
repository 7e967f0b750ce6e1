import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE_CONFIG_FILE, loadConfig } from '@keywatch/central';
import { KeywatchError } from '@keywatch/shared';
import { configFingerprint, readAssemblySource } from './assembly-source';
import { warningLine } from '../output/warning';

/** Options of ensureCdkOut. */
export interface EnsureCdkOutOptions {
  /**
   * The cloud assembly directory; when named, it must hold an assembly unless `configFile` is given.
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
 * Makes sure `cdkOut` (default cdk.out) holds a cloud assembly synthesized from the configuration as it is now: the
 * assembly's record of what it was synthesized from (keywatch-source.json) must carry the fingerprint of the resolved
 * configuration and accounts directory (their content, never file times); otherwise synthesizes it first with
 * synthOrganization (loaded lazily: aws-cdk-lib is only needed then). Without a configuration the assembly is used as it
 * is; a directory named explicitly that holds none is an error, and only the default cdk.out gets the bundled example.
 * Throws ConfigError/QuotaError like `keywatch synth`.
 */
export async function ensureCdkOut(options: EnsureCdkOutOptions = {}): Promise<EnsureCdkOutResult> {
  const cdkOut = options.cdkOut ?? 'cdk.out';
  const log = options.log ?? ((m: string) => process.stderr.write(`keywatch: ${m}\n`));
  const hasAssembly = fs.existsSync(path.join(cdkOut, 'manifest.json'));
  let reason: string | undefined;
  if (options.configFile === undefined) {
    if (hasAssembly) return { cdkOut, synthesized: false };
    if (options.cdkOut !== undefined) {
      throw new KeywatchError(
        `'--cdk-out' names ${cdkOut}, which holds no cloud assembly (no manifest.json); run \`keywatch synth --config keywatch.yml --output ${cdkOut}\` first, or pass --config to synthesize it`,
      );
    }
    reason = `${cdkOut} has no cloud assembly and no --config was given; synthesizing the bundled example`;
  } else {
    const loaded = loadConfig(options.configFile);
    const recorded = hasAssembly ? readAssemblySource(cdkOut) : undefined;
    if (!hasAssembly) reason = `${cdkOut} has no cloud assembly; synthesizing ${options.configFile}`;
    else if (recorded === undefined) reason = `${cdkOut} does not record what it was synthesized from; synthesizing ${options.configFile}`;
    else if (recorded.fingerprint !== configFingerprint(loaded))
      reason = `${cdkOut} was synthesized from another configuration than ${options.configFile} as it is now; synthesizing again`;
  }
  if (reason === undefined) return { cdkOut, synthesized: false };
  log(reason);
  const { synthOrganization } = await import('./synth-organization');
  const summary = synthOrganization({ configFile: options.configFile ?? EXAMPLE_CONFIG_FILE, outdir: cdkOut });
  for (const w of summary.warnings) log(warningLine(w));
  return { cdkOut, synthesized: true };
}
