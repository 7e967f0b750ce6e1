import * as fs from 'fs';
import * as path from 'path';

// The package layout (issue 10): dependencies point strictly downward, cli → central → member → shared, and each
// package holds one concern. eslint.config.mjs enforces the same on imports while editing; this test also covers
// package.json, so a dependency added without an import (or an import eslint is told to skip) still fails.

const ROOT = path.join(__dirname, '..', '..');
const LAYERS = ['shared', 'member', 'central', 'cli'] as const;
type Layer = (typeof LAYERS)[number];

/** What each package may not depend on or import, besides a @keywatch package above or beside it. */
const FORBIDDEN: Record<Layer, readonly RegExp[]> = {
  shared: [/^aws-cdk-lib(\/|$)/, /^constructs$/, /^cdk-stacksets$/, /^cdk-nag$/, /^@aws-sdk\//, /^(node:)?fs(\/|$)/],
  member: [/^@aws-sdk\//],
  central: [/^@aws-sdk\//, /^commander$/, /^cli-progress$/],
  cli: [],
};

/** Every module specifier `source` imports: import/export … from, bare import, require() and import(). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) {
      found.push(m[1]);
    }
  }
  return found;
}

/** Why `pkg` may not depend on `specifier` (an import or a package.json dependency), or undefined when it may. */
export function violation(pkg: Layer, specifier: string): string | undefined {
  const own = /^@keywatch\/([^/]+)/.exec(specifier);
  if (own) {
    const target = own[1] as Layer;
    if (!LAYERS.includes(target)) {
      return `@keywatch/${pkg} depends on unknown package '${specifier}'`;
    }
    if (LAYERS.indexOf(target) >= LAYERS.indexOf(pkg)) {
      return `@keywatch/${pkg} may only depend on packages below it (cli → central → member → shared); got '${specifier}'`;
    }
    return undefined;
  }
  const rule = FORBIDDEN[pkg].find((re) => re.test(specifier));
  return rule ? `@keywatch/${pkg} may not depend on '${specifier}'` : undefined;
}

/** Why the relative import `specifier` of `file` (in packages/`pkg`) may not be made: it leaves the package (undefined when it stays). */
export function leavesPackage(pkg: Layer, file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.relative(path.join(ROOT, 'packages', pkg), path.resolve(path.dirname(file), specifier));
  return target.startsWith('..') ? `@keywatch/${pkg} may not reach into another package by a relative path; got '${specifier}'` : undefined;
}

function sourcesOf(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourcesOf(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

interface PackageJson {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  readonly bin?: Record<string, string>;
}

function packageJson(pkg: string): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', pkg, 'package.json'), 'utf8')) as PackageJson;
}

describe('importsOf and violation (the scanner)', () => {
  test('finds every kind of import and flags the forbidden ones', () => {
    // GIVEN a central source with an upward, an SDK, a CLI and an allowed import, plus a commented-out one
    const source = [
      "import { runCli } from '@keywatch/cli';",
      "import type { S3Client } from '@aws-sdk/client-s3';",
      "export { Command } from 'commander';",
      "import 'cli-progress';",
      "const member = require('@keywatch/member');",
      "const lazy = () => import('@keywatch/shared');",
      "// import { x } from '@keywatch/cli/lib/commented';",
    ].join('\n');
    // WHEN
    const found = importsOf(source);
    // THEN
    expect(found.sort()).toEqual(['@aws-sdk/client-s3', '@keywatch/cli', '@keywatch/member', '@keywatch/shared', 'cli-progress', 'commander']);
    expect(found.map((s) => violation('central', s)).filter(Boolean)).toEqual([
      "@keywatch/central may not depend on '@aws-sdk/client-s3'",
      "@keywatch/central may only depend on packages below it (cli → central → member → shared); got '@keywatch/cli'",
      "@keywatch/central may not depend on 'cli-progress'",
      "@keywatch/central may not depend on 'commander'",
    ]);
  });

  test('shared may not import the file system or the CDK; member may not import central; cli may import anything below', () => {
    expect(violation('shared', 'fs')).toBeDefined();
    expect(violation('shared', 'node:fs/promises')).toBeDefined();
    expect(violation('shared', 'aws-cdk-lib/aws-events')).toBeDefined();
    expect(violation('shared', 'path')).toBeUndefined();
    expect(violation('member', '@keywatch/central')).toBeDefined();
    expect(violation('member', '@keywatch/member')).toBeDefined();
    expect(violation('cli', '@keywatch/member')).toBeUndefined();
    expect(violation('cli', '@aws-sdk/client-sts')).toBeUndefined();
  });
});

describe('the package graph', () => {
  test('packages/ holds exactly shared, member, central and cli, in the root workspaces in that order', () => {
    const dirs = fs.readdirSync(path.join(ROOT, 'packages')).filter((d) => fs.existsSync(path.join(ROOT, 'packages', d, 'package.json')));
    expect(dirs.sort()).toEqual([...LAYERS].sort());
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
    expect(root.workspaces).toEqual(LAYERS.map((l) => `packages/${l}`));
  });

  test.each(LAYERS)('@keywatch/%s package.json lists only allowed dependencies', (pkg) => {
    const json = packageJson(pkg);
    expect(json.name).toBe(`@keywatch/${pkg}`);
    const deps = [...Object.keys(json.dependencies ?? {}), ...Object.keys(json.peerDependencies ?? {}), ...Object.keys(json.devDependencies ?? {})];
    expect(deps.map((d) => violation(pkg, d)).filter(Boolean)).toEqual([]);
  });

  test('a relative import that leaves its package is flagged, one inside it is not', () => {
    const file = path.join(ROOT, 'packages', 'central', 'lib', 'names.ts');
    expect(leavesPackage('central', file, '../../cli/lib/cli/run')).toBe(
      "@keywatch/central may not reach into another package by a relative path; got '../../cli/lib/cli/run'",
    );
    expect(leavesPackage('central', file, './app/build-app')).toBeUndefined();
    expect(leavesPackage('central', file, '../package.json')).toBeUndefined();
  });

  test('the keywatch command is @keywatch/cli', () => {
    expect(packageJson('cli').bin).toEqual({ keywatch: 'bin/keywatch.js' });
    expect(packageJson('central').bin).toBeUndefined();
  });

  test.each(LAYERS)('every import in packages/%s/lib and bin is allowed', (pkg) => {
    const files = [...sourcesOf(path.join(ROOT, 'packages', pkg, 'lib')), ...sourcesOf(path.join(ROOT, 'packages', pkg, 'bin'))];
    expect(files.length).toBeGreaterThan(0);
    const problems = files.flatMap((file) =>
      importsOf(fs.readFileSync(file, 'utf8'))
        .map((s) => violation(pkg, s) ?? leavesPackage(pkg, file, s))
        .filter((v): v is string => v !== undefined)
        .map((v) => `${path.relative(ROOT, file)}: ${v}`),
    );
    expect(problems).toEqual([]);
  });
});
