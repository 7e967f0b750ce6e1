// Lint TypeScript sources and tests with typescript-eslint; CDK construct props with eslint-cdk-plugin.
import tseslint from 'typescript-eslint';
import cdkPlugin from 'eslint-cdk-plugin';

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
);
