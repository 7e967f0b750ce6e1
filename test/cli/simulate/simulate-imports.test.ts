import * as fs from 'fs';
import * as path from 'path';

const LIB = path.join(__dirname, '..', '..', '..', 'packages', 'cli', 'lib');

/** The areas of packages/cli/lib (and the packages) the modules under `dir` import, sorted, without `dir` itself. */
function areasImportedBy(dir: string): string[] {
  const areas = new Set<string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, e.name);
      if (e.isDirectory()) walk(file);
      else if (e.name.endsWith('.ts')) {
        const source = fs.readFileSync(file, 'utf8');
        for (const m of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)) {
          const spec = m[1];
          if (spec.startsWith('.')) {
            const area = path.relative(LIB, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
            if (area !== path.basename(dir)) areas.add(area);
          } else if (spec.startsWith('@keywatch/')) areas.add(spec);
        }
      }
    }
  };
  walk(dir);
  return [...areas].sort();
}

describe('the simulate library (issue 10 item 5)', () => {
  test('imports neither report nor synth code, nor @keywatch/central: its command parses the times and passes a synthesize callback', () => {
    expect(areasImportedBy(path.join(LIB, 'simulate'))).toEqual(['@keywatch/shared', 'output']);
  });

  test('the scanner sees a relative import leaving the folder (the command file reaches report and synth)', () => {
    expect(areasImportedBy(path.join(LIB, 'cli', 'commands'))).toEqual(expect.arrayContaining(['report', 'simulate', 'synth']));
  });
});

describe('the allowlist library', () => {
  test('does not parse times itself: its command (runSuggest) parses --since/--until and passes Dates', () => {
    expect(areasImportedBy(path.join(LIB, 'allowlist'))).not.toContain('report');
  });
});
