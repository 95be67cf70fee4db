import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { readDepsList, srcFolders } from './scripts/deps-list.mjs';

const PRIVATE_PLAYWRIGHT = { group: ['playwright/lib/*', '@playwright/test/lib/*', 'playwright-core/lib/*'], message: 'Private Playwright API breaks on the next release: use @playwright/test or @playwright/test/reporter.' };

/** The layering of src/ from its DEPS.list files (format: scripts/deps-list.mjs): one entry per folder and root file. */
function layering() {
  const src = path.join(import.meta.dirname, 'src');
  const folders = srcFolders(src);
  return ['', ...folders].flatMap((folder) => depsEntries(src, folder, folders));
}

function depsEntries(src, folder, folders) {
  const where = folder ? `src/${folder}/` : 'src/';
  const list = `${where}DEPS.list`;
  const prefix = folder ? '../' : './';
  const outside = folder ? '../../' : '../';
  const sections = readDepsList(src, folder, folders);
  const self = folder ? [`../${folder}/`] : [];
  return [...sections].map(([file, own]) => {
    const allowed = file ? [...sections.get(''), ...own] : own;
    const subject = file ? `${where}${file}` : where;
    // gitignore semantics: `../*` also covers everything under each folder, and a file is let through
    // only once its folder is too (`!../api/` and `!../api/*`). Outside src/ is the next group's.
    const layer = [`${prefix}*`, ...[...self, ...allowed].flatMap((dir) => [`!${dir}`, `!${dir}*`]), `!${prefix}defaults.js`, `!${outside}`];
    return {
      files: [file ? subject : folder ? `${where}**/*.ts` : 'src/*.ts'],
      rules: {
        'no-restricted-imports': ['error', {
          patterns: [
            PRIVATE_PLAYWRIGHT,
            {
              group: layer,
              message: `${subject} may import ${allowed.length ? allowed.join(', ') : 'no other folder'} (besides its own files and defaults.ts). The rule lives in ${list}; the layering is described in CONTRIBUTING.md (Layout).`,
            },
            { group: [`${outside}*`], message: 'src/ is the package: it imports nothing outside src/ (not test/, fixtures/, bench/, demo/ or scripts/).' },
          ],
        }],
      },
    };
  });
}

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'test-results/', 'playwright-report/', '.ci/out/', '**/.playwright-octomind/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [PRIVATE_PLAYWRIGHT],
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
    files: ['**/*.spec.ts', '**/*.setup.ts', '**/*.teardown.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  // After the rule above: each entry's no-restricted-imports replaces its options, hence PRIVATE_PLAYWRIGHT in each.
  ...layering(),
);
