/**
 * `npm run demo`: runs the repo's playwright.config.ts (local shop specs + the remote Octomind
 * tests from the bundled fake) and checks the merged result against what the demo is built to
 * show, including its one expected remote failure. Exits 0 when the run matched.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_FAKE_API_KEY } from '../fixtures/fake-octomind/server.js';
import { DEMO_JSON_REPORT } from './constants.js';

const root = path.resolve(__dirname, '..');

/** What the demo must show: every local spec passes; the remote run has each Octomind outcome. */
const EXPECTED: Record<string, string> = {
  'home page lists the products': 'passed',
  'search narrows the product list': 'passed',
  'adding products updates the cart': 'passed',
  'login greets the customer': 'passed',
  'login with valid credentials': 'passed',
  'add product to cart': 'passed',
  'checkout as guest': 'failed',
  'newsletter signup': 'failed',
};

interface Spec {
  title: string;
  tests: Array<{ results: Array<{ status: string }> }>;
}
interface Suite {
  specs: Spec[];
  suites?: Suite[];
}

function outcomes(report: { suites: Suite[] }): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (suite: Suite) => {
    for (const spec of suite.specs) found.set(spec.title, spec.tests[0]?.results.at(-1)?.status ?? 'not run');
    suite.suites?.forEach(visit);
  };
  report.suites.forEach(visit);
  return found;
}

const say = (text: string) => process.stdout.write(`${text}\n`);

say('Demo: the shop\'s 4 local Playwright specs and its 4 Octomind test cases in one `npx playwright test`.');
say('Octomind is the bundled fake server (started by webServer). Expected, and part of the demo:');
say('  • "checkout as guest" FAILS remotely (locator.click timeout) and carries the remote trace and its screenshot of the page at the failure;');
say('  • "newsletter signup" is an Octomind ERROR (no trace);');
say('so Playwright itself exits 1 and prints two failures below. That is the demo working.\n');

const reportFile = path.join(root, DEMO_JSON_REPORT);
rmSync(reportFile, { force: true });
const run = spawnSync('npx', ['playwright', 'test'], {
  cwd: root,
  stdio: 'inherit',
  // The fake server's own key: not a secret. A real key comes from the environment, never a file.
  env: { ...process.env, OCTOMIND_API_KEY: DEFAULT_FAKE_API_KEY, PLAYWRIGHT_HTML_OPEN: 'never' },
});

if (!existsSync(reportFile)) {
  say(`\nDemo did not produce ${DEMO_JSON_REPORT} (playwright exited ${run.status}).`);
  process.exit(1);
}
const actual = outcomes(JSON.parse(readFileSync(reportFile, 'utf8')) as { suites: Suite[] });
const mismatches = Object.entries(EXPECTED)
  .filter(([title, status]) => actual.get(title) !== status)
  .map(([title, status]) => `  ✖ "${title}": expected ${status}, got ${actual.get(title) ?? 'no such test'}`);
const unexpected = [...actual.keys()].filter((title) => !(title in EXPECTED)).map((title) => `  ✖ "${title}": not part of the demo`);

if (mismatches.length || unexpected.length || run.status !== 1) {
  say(`\nThe demo did not go as expected (playwright exited ${run.status}):`);
  say([...mismatches, ...unexpected].join('\n'));
  process.exit(1);
}
say('\n✔ The demo went as expected: 6 passed, and the 2 remote failures above are the intended ones.');
say('  Merged HTML report (local and remote tests, remote traces in "View Trace"): playwright-report/index.html');
say('  Open it with:  npx playwright show-report');
