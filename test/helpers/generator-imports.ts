import * as fs from 'fs';
import * as path from 'path';

/** Names of the pure core's generators: compileX, renderX, the template builders and the onboarding rule builders. */
export const GENERATOR_NAME = /^(compile[A-Z]\w*|render[A-Z]\w*|\w+Template|onboarding(Forward|Central)Rule|onboardingPlacement)$/;

/** The generators a source text imports (as values, not `import type`) from @keywatch/shared, in order. */
export function generatorImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s*from\s*'@keywatch\/shared'/g)) {
    if (m[1]) continue;
    for (const part of m[2].split(',')) {
      const spec = part.trim();
      if (spec === '' || spec.startsWith('type ')) continue;
      const name = spec.split(/\s+as\s+/)[0].trim();
      if (GENERATOR_NAME.test(name)) found.push(name);
    }
  }
  return found;
}

/** Every .ts file under `dir` (relative to `root`), with the generators it imports; files importing none are left out. */
export function scanGeneratorImports(root: string, dir: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const names = generatorImports(fs.readFileSync(full, 'utf8'));
        if (names.length > 0) result[path.relative(root, full).split(path.sep).join('/')] = names;
      }
    }
  };
  walk(path.join(root, dir));
  return result;
}
