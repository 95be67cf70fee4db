/**
 * Remote traces that open, on every supported release: a trace recorded by a newer Playwright than
 * the user's keeps its attachment and says what opens it; an older trace (v6, recorded by 1.42.1)
 * opens in the user's HTML report, in a real browser. A failed remote test shows its trace's frame
 * of the page at the failure (v10 and v6 traces) in that report and in the JUnit file; a passed
 * one shows none.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startFakeOctomind, type FakeOctomind } from '../../fixtures/fake-octomind/server.js';
import { FAILED_CLICK_MESSAGE, testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { parseVersion, viewerTraceFormat } from '../../src/compat/playwright-version.js';
import { annotation, flatten, octomindEnv, playwrightVersion, prepareProject, remote, runPlaywright, uniqueApiKey, type FlatTest, type Project } from './harness.js';
import { useReportPage } from './report-page.js';
import { expectedFrame } from '../helpers/trace-frames.js';

const version = playwrightVersion();
const opensNewest = viewerTraceFormat(parseVersion(version)) >= 10;
const scenario: Scenario = {
  testTargets: [
    {
      id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
      testCases: [
        testCase('trace by Playwright 1.65', { status: 'FAILED', afterMs: 300, errorMessage: FAILED_CLICK_MESSAGE, trace: 'failed' }),
        testCase('trace by Playwright 1.42', { status: 'FAILED', afterMs: 300, errorMessage: FAILED_CLICK_MESSAGE, trace: 'v6/failed' }),
        testCase('passed with a trace', { status: 'PASSED', afterMs: 300, trace: 'passed' }),
      ],
    },
  ],
};

let fake: FakeOctomind;
let project: Project;
let tests: FlatTest[];
let junit: string;
const TRACES = path.resolve(__dirname, '../../fixtures/traces');
const byTitle = (title: string) => remote(tests).find((t) => t.title === title)!;
const traceAttachments = (t: FlatTest) => t.results[0]!.attachments.filter((a) => a.name === 'trace');
const screenshots = (t: FlatTest) => t.results[0]!.attachments.filter((a) => a.name === 'screenshot');
/** The JUnit file's testcase element of a test, from its opening tag to its end. */
const junitCase = (title: string) => junit.match(new RegExp(`<testcase name="[^"]*${title}"[\\s\\S]*?</testcase>`))?.[0] ?? '';
/** The files a JUnit testcase lists (`[[ATTACHMENT|path]]`, which CI servers show beside the test). */
const junitAttachments = (title: string) => [...junitCase(title).matchAll(/\[\[ATTACHMENT\|([^\]]+)\]\]/g)].map((m) => m[1]!);

beforeAll(async () => {
  fake = await startFakeOctomind({ scenario, apiKey: uniqueApiKey() });
  project = prepareProject('basic');
  const run = await runPlaywright(project, ['test'], { env: octomindEnv(fake), reporters: ['html'] });
  tests = flatten(run.json!);
  junit = run.junit!;
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

describe(`Playwright ${version}: the screenshot of a remote failure`, () => {
  test.each([
    ['trace by Playwright 1.65', 'failed'],
    ['trace by Playwright 1.42', 'v6/failed'],
  ])('%s: the frame at the failure, a JPEG beside the output dir, in the JUnit file', async (title, trace) => {
    const [screenshot, ...more] = screenshots(byTitle(title));
    expect(more).toHaveLength(0);
    expect(screenshot).toMatchObject({ contentType: 'image/jpeg' });
    expect(screenshot!.path).toMatch(/test-results[\\/][^\\/]+-screenshot\.jpeg$/);
    expect(readFileSync(screenshot!.path!).equals((await expectedFrame(path.join(TRACES, `${trace}.zip`))).image)).toBe(true);
    // Relative to the JUnit file's dir or to the config's, as the release does it.
    expect(junitAttachments(title).some((file) => path.basename(file) === path.basename(screenshot!.path!))).toBe(true);
  });

  test('a passed remote test: none (only-on-failure, the default)', () => {
    expect(traceAttachments(byTitle('passed with a trace'))).toHaveLength(1);
    expect(screenshots(byTitle('passed with a trace'))).toHaveLength(0);
    expect(junitAttachments('passed with a trace').map((file) => path.basename(file))).toEqual([expect.stringMatching(/-trace\.zip$/)]);
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

  test('the failed remote test shows the frame at the failure: the bytes of the served trace\'s frame; the passed one shows none', async () => {
    const { page } = report;
    await page.goto(report.url);
    await page.getByText('trace by Playwright 1.65').first().click();
    // The report's copies of attachments are in data/; the trace's preview picture is inline.
    const image = page.locator('img.screenshot[src*="data/"]');
    await image.waitFor();
    expect(await image.count()).toBe(1);
    expect(await image.evaluate((img: { decode(): Promise<void>; naturalWidth: number }) => img.decode().then(() => img.naturalWidth)), 'the browser shows the image').toBeGreaterThan(0);
    const served = await page.request.get(new URL((await image.getAttribute('src'))!, page.url()).href);
    expect(Buffer.from(await served.body()).equals((await expectedFrame(path.join(TRACES, 'failed.zip'))).image)).toBe(true);

    await page.goto(report.url);
    await page.getByText('passed with a trace').first().click();
    await page.getByText('Traces').first().waitFor();
    expect(await page.locator('img.screenshot[src*="data/"]').count()).toBe(0);
  });

  test.skipIf(opensNewest)('the note on the newer trace is on the test page', async () => {
    await report.page.goto(report.url);
    await report.page.getByText('trace by Playwright 1.65').first().click();
    await report.page.getByText('npx playwright@latest show-trace').first().waitFor();
    // The attachment beside the test's output dir, in test-results, which outlives the run's state.
    expect(await report.page.locator('body').innerText()).toMatch(/show-trace \S*test-results[\\/][^\\/\s]+-trace\.zip/);
  });
});
