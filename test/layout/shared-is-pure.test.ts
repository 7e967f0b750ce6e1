import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// @keywatch/shared is the pure core: loading it must not load aws-cdk-lib, constructs, an AWS SDK client or the file
// system module (configuration files are read at the edge, by @keywatch/central's loadConfig). A --require preload
// makes those modules throw when anything requires them, then node loads the compiled package.

const ROOT = path.join(__dirname, '..', '..');
// Under node_modules so the compiled files resolve shared's own dependencies (yaml, zod, cidr-tools, ipaddr.js).
const OUT = path.join(ROOT, 'node_modules', '.cache', 'keywatch-layout');
const PRELOAD = path.join(OUT, 'forbid.js');

const FORBID = `
const Module = require('module');
const load = Module._load;
const forbidden = /^(?:node:)?fs(?:\\/.*)?$|^aws-cdk-lib(?:\\/|$)|^constructs$|^@aws-sdk\\//;
Module._load = function (request, parent, isMain) {
  if (forbidden.test(request)) {
    throw new Error('forbidden at import: ' + request + ' (required from ' + (parent && parent.filename) + ')');
  }
  return load.apply(this, arguments);
};
`;

/** Runs `code` in a fresh node with the preload; returns its exit status and stderr. */
function nodeWithForbiddenModules(code: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, ['--require', PRELOAD, '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stderr: run.stderr };
}

/** Compiles packages/<pkg> from its current sources (types unchecked: tsc -p tsconfig.json checks them) into OUT/<pkg>. */
function compile(pkg: string): string {
  const outDir = path.join(OUT, pkg);
  fs.rmSync(outDir, { recursive: true, force: true });
  const tsc = require.resolve('typescript/bin/tsc');
  const run = spawnSync(
    process.execPath,
    [tsc, '-p', path.join(ROOT, 'packages', pkg, 'tsconfig.json'), '--outDir', outDir, '--noCheck', '--declaration', 'false', '--sourceMap', 'false'],
    { cwd: ROOT, encoding: 'utf8', timeout: 110_000 },
  );
  if (run.status !== 0) {
    throw new Error(`tsc failed for packages/${pkg}:\n${run.stdout}${run.stderr}`);
  }
  return outDir;
}

beforeAll(() => {
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(PRELOAD, FORBID);
});

describe('@keywatch/shared at import', () => {
  test('the preload really stops fs, node:fs and aws-cdk-lib (so a violation fails this suite)', () => {
    for (const request of ['fs', 'node:fs', 'fs/promises', 'aws-cdk-lib', 'constructs', '@aws-sdk/client-sts']) {
      const run = nodeWithForbiddenModules(`require(${JSON.stringify(request)})`);
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain(`forbidden at import: ${request}`);
    }
    expect(nodeWithForbiddenModules("require('path'); require('yaml')").status).toBe(0);
  });

  test('loads without aws-cdk-lib, constructs, @aws-sdk/* or the file system', () => {
    const dist = compile('shared');
    const run = nodeWithForbiddenModules(
      `const shared = require(${JSON.stringify(path.join(dist, 'index.js'))}); if (typeof shared.parseConfigText !== 'function') { throw new Error('parseConfigText missing'); }`,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  test('the same check fails on a module that touches the file system at import (the example-file lookup shared used to hold)', () => {
    // GIVEN central's example.ts (moved out of shared by the split), compiled alone
    const source = fs.readFileSync(path.join(ROOT, 'packages', 'central', 'lib', 'config', 'example.ts'), 'utf8');
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const file = path.join(OUT, 'fixture', 'example.js');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, js);
    // WHEN it is loaded under the same preload
    const run = nodeWithForbiddenModules(`require(${JSON.stringify(file)})`);
    // THEN the load fails on fs
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('forbidden at import: fs');
  });
});
