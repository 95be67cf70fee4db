/**
 * Remote traces that open, on every supported release: a trace recorded by a newer Playwright than
 * the user's keeps its attachment and says what opens it; an older trace (v6, recorded by 1.42.1)
 * opens in the user's HTML report, in a real browser.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeOctomind, type FakeOctomind } from '../../fixtures/fake-octomind/server.js';
import { FAILED_CLICK_MESSAGE, testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { parseVersion, viewerTraceFormat } from '../../src/compat/playwright-version.js';
import { annotation, flatten, octomindEnv, playwrightVersion, prepareProject, remote, runPlaywright, uniqueApiKey, type FlatTest, type Project } from './harness.js';
import { useReportPage } from './report-page.js';

const version = playwrightVersion();
const opensNewest = viewerTraceFormat(parseVersion(version)) >= 10;
const scenario: Scenario = {
  testTargets: [
    {
      id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
      testCases: [
        testCase('trace by Playwright 1.65', { status: 'FAILED', afterMs: 300, errorMessage: FAILED_CLICK_MESSAGE, trace: 'failed' }),
        testCase('trace by Playwright 1.42', { status: 'FAILED', afterMs: 300, errorMessage: FAILED_CLICK_MESSAGE, trace: 'v6/failed' }),
      ],
    },
  ],
};

let fake: FakeOctomind;
let project: Project;
let tests: FlatTest[];
const byTitle = (title: string) => remote(tests).find((t) => t.title === title)!;
const traceAttachments = (t: FlatTest) => t.results[0]!.attachments.filter((a) => a.name === 'trace');

beforeAll(async () => {
  fake = await startFakeOctomind({ scenario, apiKey: uniqueApiKey() });
  project = prepareProject('basic');
  const run = await runPlaywright(project, ['test'], { env: octomindEnv(fake), reporters: ['html'] });
  tests = flatten(run.json!);
}, 120_000);

afterAll(async () => {
  await fake.close();
  project.cleanup();
});

describe(`Playwright ${version}: trace formats`, () => {
  test(`a v10 trace: attached; ${opensNewest ? 'no note, this viewer opens it' : 'the test says what opens it'}`, () => {
    const t = byTitle('trace by Playwright 1.65');
    const [trace] = traceAttachments(t);
    expect(trace?.path).toBeDefined();
    const note = annotation(t, 'octomind.trace');
    if (opensNewest) return expect(note).toBeUndefined();
    expect(note).toContain(`The remote trace has format v10; the trace viewer of Playwright ${version} opens up to v${viewerTraceFormat(parseVersion(version))}.`);
    expect(note).toContain(`\`npx playwright@latest show-trace ${trace!.path}\``);
    expect(note).toMatch(/https:\/\/trace\.playwright\.dev\/\?trace=http%3A%2F%2F127\.0\.0\.1%3A\d+%2F\S+\.$/);
    expect(note).toContain('until the trace expires (60 days after the run)');
  });

  test('a v6 trace: attached, no note', () => {
    const t = byTitle('trace by Playwright 1.42');
    expect(traceAttachments(t)).toHaveLength(1);
    expect(annotation(t, 'octomind.trace')).toBeUndefined();
  });
});

describe(`Playwright ${version}: the HTML report in a real browser`, () => {
  const report = useReportPage(() => project.dir);

  test('the older (v6) trace opens in the trace viewer, with its actions', async () => {
    await report.page.goto(report.url);
    await report.page.getByText('trace by Playwright 1.42').first().click();
    // "View Trace" from 1.4x on; the trace's own link before: both lead to the bundled viewer.
    await report.page.locator('a[href*="trace/index.html"]').first().click();
    await report.page.waitForURL(/\/trace\/index\.html\?trace=/);
    await report.page.getByText("getByRole('button', { name: 'Checkout' })").first().waitFor({ timeout: 20_000 });
    expect(await report.page.locator('body').innerText()).toContain('shop.spec.ts');
  });

  test.skipIf(opensNewest)('the note on the newer trace is on the test page', async () => {
    await report.page.goto(report.url);
    await report.page.getByText('trace by Playwright 1.65').first().click();
    await report.page.getByText('npx playwright@latest show-trace').first().waitFor();
    // The attachment beside the test's output dir, in test-results, which outlives the run's state.
    expect(await report.page.locator('body').innerText()).toMatch(/show-trace \S*test-results[\\/][^\\/\s]+-trace\.zip/);
  });
});
