/**
 * The demo (`npm run demo`): the shop's own Playwright specs and its Octomind test cases in one
 * run. Octomind here is the bundled fake, started by webServer like any other service; point the
 * OCTOMIND_* variables at the real API to run it against Octomind itself.
 */
import { defineConfig } from '@playwright/test';
import { withOctomind } from 'playwright-octomind';
import { launchOptions } from './fixtures/browser';
import { DEMO_JSON_REPORT, DEMO_PORTS, DEMO_TEST_TARGET_ID } from './demo/constants';

const config = defineConfig({
  testDir: 'demo/tests',
  reporter: [
    ['list'],
    ['html', { open: 'never' }],
    ['json', { outputFile: DEMO_JSON_REPORT }],
    // In your project: ['playwright-octomind/reporter']. This repo is the package itself, which
    // Playwright's resolver cannot see by name, so it is resolved here.
    [require.resolve('playwright-octomind/reporter')],
  ],
  use: { baseURL: `http://127.0.0.1:${DEMO_PORTS.shop}`, launchOptions: launchOptions() },
  webServer: [
    { command: `node demo/site/server.cjs ${DEMO_PORTS.shop}`, url: `http://127.0.0.1:${DEMO_PORTS.shop}/`, reuseExistingServer: !process.env.CI },
    {
      command: `npx tsx fixtures/fake-octomind/cli.ts --port ${DEMO_PORTS.api} --trace-port ${DEMO_PORTS.traces}`,
      // 401 without a key counts as up for Playwright.
      url: `http://127.0.0.1:${DEMO_PORTS.api}/api/apiKey/v3/test-targets/${DEMO_TEST_TARGET_ID}/test-cases`,
      reuseExistingServer: false,
    },
  ],
});

export default withOctomind(config, {
  apiUrl: `http://127.0.0.1:${DEMO_PORTS.api}/api`,
  testTargetId: DEMO_TEST_TARGET_ID,
  pollIntervalMs: 500,
  // The bundled fake Octomind runs on this machine, so it reaches the shop on localhost; the real
  // one does through an Octomind private location only: set url to a deployment it can reach.
  privateLocation: true,
});
