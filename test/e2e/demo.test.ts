/**
 * `npm run demo` stays true: the repo's own playwright.config.ts against the bundled fake
 * Octomind (webServer) ends as the README says: the intended remote failures, exit 0, and where
 * the merged HTML report is. (The build step of `npm run demo` is done by the test setup.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from './harness.js';

test('the demo runs local and remote tests, announces its expected failure and exits 0', () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(OCTOMIND_|PLAYWRIGHT_|CI$|GITHUB_)/.test(key)));
  const run = spawnSync('npx', ['tsx', 'demo/run.ts'], { cwd: ROOT, env, encoding: 'utf8', timeout: 240_000 });
  expect(run.stderr).not.toMatch(/Error:/);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('"checkout as guest" FAILS remotely');
  expect(run.stdout).toMatch(/✓ +\d+ demo\/tests\/shop\.spec\.ts:\d+:\d+ › login greets the customer/);
  expect(run.stdout).toContain('Octomind: 2 passed, 1 failed, 1 error of 4 remote tests');
  expect(run.stdout).toContain('✔ The demo went as expected');
  expect(run.stdout).toContain('npx playwright show-report');
  expect(existsSync(path.join(ROOT, 'playwright-report/index.html'))).toBe(true);
}, 300_000);
