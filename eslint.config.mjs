import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'test-results/', 'playwright-report/', '.ci/out/', '**/.playwright-octomind/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['playwright/lib/*', '@playwright/test/lib/*', 'playwright-core/lib/*'], message: 'Private Playwright API breaks on the next release: use @playwright/test or @playwright/test/reporter.' }],
      }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS fixtures and servers: users' CJS configs must keep working, so some are CJS on purpose.
    files: ['**/*.cjs', 'fixtures/projects/cjs/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Playwright reads fixture names from a destructuring pattern: `async ({}, testInfo)` is its idiom.
    files: ['**/*.spec.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
