import { existsSync } from 'fs';
import * as path from 'path';

/** The folder holding examples/keywatch.yml, found by walking up from `start` (default: this file's folder, so it works from lib/ sources and dist/); undefined when none has it. */
export function findExamplesRoot(start: string = __dirname): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'examples', 'keywatch.yml'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

// packages/central/lib/config or packages/central/dist/lib/config → the repository root; only used when the walk finds
// nothing, so loading it reports the missing file.
const PACKAGE_ROOT = path.resolve(__dirname, '..', '..', ...(path.basename(path.resolve(__dirname, '..', '..')) === 'dist' ? ['..'] : []));
const EXPECTED_ROOT = path.resolve(PACKAGE_ROOT, '..', '..');

/** Absolute path of examples/keywatch.yml, the CLI's embedded default configuration (loading it reports a clear error if the installation lacks it). */
export const EXAMPLE_CONFIG_FILE: string = path.join(findExamplesRoot() ?? EXPECTED_ROOT, 'examples', 'keywatch.yml');

/** Absolute path of examples/accounts.yml, the example accounts directory. */
export const EXAMPLE_DIRECTORY_FILE: string = path.join(path.dirname(EXAMPLE_CONFIG_FILE), 'accounts.yml');
