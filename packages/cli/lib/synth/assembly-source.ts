import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { LoadedConfig } from '@keywatch/shared';

/** File keywatch writes into every cloud assembly it synthesizes: what it was synthesized from. */
export const ASSEMBLY_SOURCE_FILE = 'keywatch-source.json';

/** What a cloud assembly was synthesized from. */
export interface AssemblySource {
  /** The configuration file as it was given. */
  readonly configFile: string;
  /** SHA-256 of the resolved configuration and accounts directory (their parsed content, not the file bytes or times). */
  readonly fingerprint: string;
}

/** The fingerprint of a loaded configuration: SHA-256 of the parsed config and directory as JSON, and of keywatch's version (a newer keywatch may compile differently). */
export function configFingerprint(loaded: Pick<LoadedConfig, 'config' | 'directory'>): string {
  return createHash('sha256')
    .update(JSON.stringify({ keywatch: keywatchVersion(), config: loaded.config, directory: loaded.directory ?? null }))
    .digest('hex');
}

/** Reads the source record of the assembly in `cdkOut`; undefined when it has none (not synthesized by keywatch, or by an older one). */
export function readAssemblySource(cdkOut: string): AssemblySource | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(cdkOut, ASSEMBLY_SOURCE_FILE), 'utf8')) as Partial<AssemblySource>;
    return typeof parsed.fingerprint === 'string' && typeof parsed.configFile === 'string'
      ? { configFile: parsed.configFile, fingerprint: parsed.fingerprint }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the source record into the assembly directory `cdkOut`. */
export function writeAssemblySource(cdkOut: string, source: AssemblySource): void {
  fs.writeFileSync(path.join(cdkOut, ASSEMBLY_SOURCE_FILE), `${JSON.stringify(source, null, 2)}\n`);
}

/** The version in @keywatch/cli's package.json, found by walking up from this file (lib/ in sources, dist/lib/ when built). */
function keywatchVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@keywatch/cli') return pkg.version ?? 'unknown';
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}
