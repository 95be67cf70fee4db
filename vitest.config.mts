import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * Every test on this repo's @playwright/test (1.65); and, where `npm run playwright:oldest` has
 * installed it, the end-to-end tests again on the oldest supported release (CI always does).
 */
const OLDEST = '.playwright-oldest/node_modules/@playwright/test';
const oldest = existsSync(OLDEST);
if (!oldest) console.warn(`[vitest] ${OLDEST} is missing: the e2e tests run on Playwright 1.65 only (npm run playwright:oldest adds the oldest supported).`);

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
      ...(oldest
        ? [
            {
              extends: true,
              test: {
                name: 'playwright oldest',
                include: ['test/e2e/**/*.test.ts'],
                // The demo and the Chromium check run the repo's own set-up on the repo's Playwright;
                // the CLI and the fault matrix exercise this package's code, which no Playwright
                // release changes.
                exclude: ['test/e2e/demo.test.ts', 'test/e2e/fresh-machine.test.ts', 'test/e2e/cli.test.ts', 'test/e2e/faults-*.test.ts'],
                env: { E2E_PLAYWRIGHT_TEST: OLDEST },
              },
            },
          ]
        : []),
    ],
  },
});
