import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { OLDER_VERSIONS, VERSIONS_DIR } from './scripts/playwright-versions.mjs';

/**
 * Every test on this repo's @playwright/test (1.65, the newest supported); and, for each older
 * release `npm run playwright:versions` installed (CI always does), the end-to-end runs that cover
 * what differs between releases (CONTRIBUTING.md: Compatibility internals).
 */
const COMPAT_E2E = ['version', 'contract', 'configs', 'compat', 'traces', 'setup-projects'].map((name) => `test/e2e/${name}.test.ts`);

const older = OLDER_VERSIONS.filter((version) => existsSync(`${VERSIONS_DIR}/${version}/node_modules/@playwright/test`));
const missing = OLDER_VERSIONS.filter((version) => !older.includes(version));
if (missing.length) console.warn(`[vitest] @playwright/test ${missing.join(', ')} not installed: their e2e runs are left out (npm run playwright:versions installs them).`);

export default defineConfig({
  test: {
    // The Chromium check first: on a machine without one, stop in seconds with the command to run.
    globalSetup: ['test/ensure-chromium.ts', 'test/build-dist.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'text'],
    },
    projects: [
      { extends: true, test: { name: 'playwright 1.65', include: ['test/**/*.test.ts'] } },
      ...older.map((version) => ({
        extends: true,
        test: {
          name: `playwright ${version}`,
          include: COMPAT_E2E,
          env: { E2E_PLAYWRIGHT_TEST: `${VERSIONS_DIR}/${version}/node_modules/@playwright/test` },
        },
      })),
    ],
  },
});
