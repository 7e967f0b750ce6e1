// Lint TypeScript sources and tests with typescript-eslint; CDK construct props with eslint-cdk-plugin; the package
// layout (dependencies point strictly downward: cli → central → member → shared) with no-restricted-imports and
// import-x/no-cycle. test/layout/package-graph.test.ts checks the same edges on package.json and the sources.
import tseslint from 'typescript-eslint';
import cdkPlugin from 'eslint-cdk-plugin';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const SDK = { group: ['@aws-sdk/*'], message: 'only @keywatch/cli calls AWS APIs (cli → central → member → shared).' };
const upward = (...pkgs) => ({
  group: pkgs.flatMap((p) => [`@keywatch/${p}`, `@keywatch/${p}/*`]),
  message: 'dependencies point strictly downward: cli → central → member → shared.',
});
const FS_PATHS = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
  name,
  message: '@keywatch/shared never touches the file system; read files at the edge (central/lib/config, cli) and pass text in.',
}));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/cdk.out/**', '.oracles/**', '.bench/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['packages/member/lib/**/*.ts', 'packages/central/lib/**/*.ts'],
    plugins: { cdk: cdkPlugin },
    rules: {
      'cdk/require-props-default-doc': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // The package graph. One block per package: a later no-restricted-imports would replace, not extend, an earlier one.
  {
    files: ['packages/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: FS_PATHS,
          patterns: [
            upward('member', 'central', 'cli'),
            SDK,
            {
              group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'cdk-stacksets', 'cdk-nag'],
              message: '@keywatch/shared is pure: no CDK (constructs belong in member or central).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/member/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [upward('central', 'cli'), SDK] }] },
  },
  {
    files: ['packages/central/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['commander', 'cli-progress'].map((name) => ({ name, message: 'the keywatch command lives in @keywatch/cli.' })),
          patterns: [upward('cli'), SDK],
        },
      ],
    },
  },
  {
    files: ['packages/*/lib/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json'] })],
    },
    // no-relative-packages: a relative path into another package ('../../cli/lib/…') would bypass the rules above.
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }], 'import-x/no-relative-packages': 'error' },
  },
);
