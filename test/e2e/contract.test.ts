/**
 * The user's contract (DESIGN.md §1) on one real run: every remote status, titles, tags,
 * annotations, traces, retries, and where the key must not appear, read from the json and JUnit
 * reporters and the exit code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ManualClock } from '../../fixtures/fake-octomind/clock.js';
import { startFakeOctomind, type FakeOctomind } from '../../fixtures/fake-octomind/server.js';
import { FAILED_CLICK_MESSAGE, testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { parseVersion, viewerTraceFormat } from '../../src/compat/playwright-version.js';
import { annotation, filesUnder, flatten, local, octomindEnv, playwrightVersion, prepareProject, remote, runPlaywright, uniqueApiKey, type FlatTest, type Project, type RunResult } from './harness.js';
import { useReportPage } from './report-page.js';

const TARGET = '7d1c2a3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const UNICODE = 'Überprüfe den Warenkorb 🛒 – 日本語のテスト';
const ids = {
  passed: '11111111-aaaa-4aaa-8aaa-111111111111',
  failed: '22222222-bbbb-4bbb-8bbb-222222222222',
  error: '33333333-cccc-4ccc-8ccc-333333333333',
  dupA: '44444444-dddd-4ddd-8ddd-444444444444',
  dupB: '55555555-eeee-4eee-8eee-555555555555',
  unicode: '66666666-ffff-4fff-8fff-666666666666',
  untitled: '77777777-1111-4111-8111-777777777777',
  expired: '88888888-2222-4222-8222-888888888888',
  never: '99999999-3333-4333-8333-999999999999',
};

/** The failing test's trace in a format this release's viewer opens (traces.test.ts: the other way round). */
const FAILED_TRACE = viewerTraceFormat(parseVersion(playwrightVersion())) >= 10 ? 'failed' : 'v6/failed';

const scenario: Scenario = {
  testTargets: [
    {
      id: TARGET,
      testCases: [
        testCase('trace has expired', { status: 'PASSED', afterMs: 100, trace: 'passed', traceHost: { kind: 'expired' } }, { id: ids.expired }),
        testCase('login with valid credentials', { status: 'PASSED', afterMs: 1200, trace: 'passed' }, { id: ids.passed }),
        testCase('checkout as guest', { status: 'FAILED', afterMs: 1400, errorMessage: FAILED_CLICK_MESSAGE, trace: FAILED_TRACE }, { id: ids.failed }),
        testCase('newsletter signup', { status: 'ERROR', afterMs: 1300, errorMessage: 'Browser pool exhausted.', trace: null }, { id: ids.error }),
        testCase('search finds a product', { status: 'PASSED', afterMs: 1300, trace: 'passed' }, { id: ids.dupA }),
        testCase('search finds a product', { status: 'PASSED', afterMs: 1300, trace: null }, { id: ids.dupB }),
        testCase(UNICODE, { status: 'PASSED', afterMs: 1250, trace: null }, { id: ids.unicode }),
        testCase(null, { status: 'PASSED', afterMs: 1250, trace: null }, { id: ids.untitled }),
        testCase('payment never finishes', { status: 'PASSED', afterMs: null }, { id: ids.never }),
      ],
    },
  ],
};

const TIMEOUT_MS = 5000;
let fake: FakeOctomind;
let project: Project;
let run: RunResult;
let tests: FlatTest[];
const byTitle = (title: string) => {
  const found = remote(tests).find((t) => t.title === title);
  if (!found) throw new Error(`no remote test "${title}" in ${remote(tests).map((t) => t.title).join(', ')}`);
  return found;
};

beforeAll(async () => {
  // Every result but the one that never finishes is final at the first poll, however slow the machine; the durations stay those of the scenario.
  const clock = new ManualClock();
  clock.msPerPoll = 1500;
  fake = await startFakeOctomind({ scenario, apiKey: uniqueApiKey(), clock });
  project = prepareProject('basic');
  run = await runPlaywright(project, ['test', '--retries=2'], {
    env: octomindEnv(fake, { OCTOMIND_TIMEOUT_MS: String(TIMEOUT_MS) }),
    reporters: ['html'],
  });
  tests = flatten(run.json!);
}, 120_000);

afterAll(async () => {
  await fake.close();
  project.cleanup();
});

describe('one run, local and remote side by side', () => {
  test('a failed remote test fails the run; local tests ran as always', () => {
    expect(run.code).toBe(1);
    expect(local(tests).map((t) => [t.title, t.status])).toEqual([
      ['cart total adds line items', 'expected'],
      ['cart rejects a negative quantity', 'expected'],
      ['cart syncs with the server', 'skipped'],
    ]);
    expect(run.json!.config.projects.map((p) => p.name)).toEqual(['', 'octomind']);
  });

  test('one test per remote result, sorted by title, duplicates and unicode kept apart', () => {
    expect(remote(tests).map((t) => t.title)).toEqual(
      [
        'checkout as guest',
        'login with valid credentials',
        'newsletter signup',
        `Octomind test ${ids.untitled}`,
        'payment never finishes',
        `search finds a product [${ids.dupA.slice(0, 8)}]`,
        `search finds a product [${ids.dupB.slice(0, 8)}]`,
        'trace has expired',
        UNICODE,
      ].sort((a, b) => a.localeCompare(b)),
    );
    for (const t of remote(tests)) {
      expect(t.tags).toEqual(['octomind']);
      expect(t.file).not.toContain('node_modules');
      expect(t.file).toMatch(/octomind\.spec\.ts$/);
    }
  });

  test('PASSED passes with the remote trace attached, byte for byte', () => {
    const t = byTitle('login with valid credentials');
    expect(t.status).toBe('expected');
    expect(annotation(t, 'octomind.status')).toBe('PASSED');
    expect(annotation(t, 'octomind.testCaseId')).toBe(ids.passed);
    expect(annotation(t, 'octomind.report')).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/testreports/[0-9a-f-]{36}$`));
    expect(annotation(t, 'octomind.duration')).toMatch(/^\d+(\.\d)? (ms|s)$/);
    const traces = t.results[0]!.attachments.filter((a) => a.name === 'trace');
    expect(traces).toHaveLength(1);
    expect(traces[0]!.contentType).toBe('application/zip');
    expect(readFileSync(traces[0]!.path!).equals(readFileSync(path.join(__dirname, '../../fixtures/traces/passed.zip')))).toBe(true);
  });

  test('FAILED fails with the remote errorMessage verbatim, no local stack or snippet', () => {
    const t = byTitle('checkout as guest');
    expect(t.status).toBe('unexpected');
    const result = t.results[0]!;
    expect(result.errors).toHaveLength(1);
    expect(result.error!.message).toBe(FAILED_CLICK_MESSAGE);
    expect(result.error!.stack ?? FAILED_CLICK_MESSAGE).toBe(FAILED_CLICK_MESSAGE);
    expect(result.error!.snippet).toBeUndefined();
    expect(result.error!.location).toBeUndefined();
    const trace = result.attachments.find((a) => a.name === 'trace')!;
    expect(readFileSync(trace.path!).equals(readFileSync(path.join(__dirname, `../../fixtures/traces/${FAILED_TRACE}.zip`)))).toBe(true);
  });

  test('ERROR fails as OctomindError with its annotation, and says why there is no trace', () => {
    const t = byTitle('newsletter signup');
    expect(t.status).toBe('unexpected');
    expect(t.results[0]!.error!.message).toBe('OctomindError: Browser pool exhausted.');
    expect(annotation(t, 'octomind.status')).toBe('ERROR');
    expect(annotation(t, 'octomind.trace')).toMatch(/no trace/i);
    expect(t.results[0]!.attachments.filter((a) => a.name === 'trace')).toEqual([]);
  });

  test('still WAITING at timeoutMs: failed, naming the timeout and the report URL', () => {
    const t = byTitle('payment never finishes');
    expect(t.status).toBe('unexpected');
    const message = t.results[0]!.error!.message!;
    expect(message).toContain('timeoutMs (5 s)');
    expect(message).toContain(annotation(t, 'octomind.report')!);
    expect(annotation(t, 'octomind.status')).toBe('WAITING (timed out)');
  });

  test('an expired trace (404) keeps the remote status and says why the trace is missing', () => {
    const t = byTitle('trace has expired');
    expect(t.status).toBe('expected');
    expect(annotation(t, 'octomind.status')).toBe('PASSED');
    expect(annotation(t, 'octomind.trace')).toMatch(/404|expired/i);
    expect(t.results[0]!.attachments.filter((a) => a.name === 'trace')).toEqual([]);
  });

  test('--retries=2 retries no remote test', () => {
    for (const t of remote(tests)) expect(t.results.map((r) => r.retry)).toEqual([0]);
  });

  test('JUnit holds local and remote tests with the remote failure text', () => {
    const junit = run.junit!;
    const totals = /<testsuites [^>]*tests="(\d+)" failures="(\d+)" skipped="(\d+)" errors="(\d+)"/.exec(junit)!;
    expect(totals.slice(1).map(Number)).toEqual([12, expect.any(Number), 1, expect.any(Number)]);
    expect(Number(totals[2]) + Number(totals[4])).toBe(3);
    expect(junit).toContain('classname=".playwright-octomind/octomind.spec.ts"');
    expect(junit).toContain('name="cart total adds line items"');
    expect(junit).toContain('name="checkout as guest"');
    expect(junit).toMatch(junitError('TimeoutError', 'locator.click: Timeout 5000ms exceeded.'));
    expect(junit).toMatch(junitError('OctomindError', 'Browser pool exhausted.'));
    expect(junit).toContain('name="octomind.status" value="ERROR"');
  });
});

/** An `<error>` element; before Playwright 1.4x's JUnit change, a `<failure>` holding the printed error. */
function junitError(name: string, message: string): RegExp {
  const text = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<error message="${text}" type="${name}">|<failure [^>]*>\\s*<!\\[CDATA\\[(?:(?!\\]\\]>)[\\s\\S])*${name}: ${text}`);
}

describe('the API key stays with the API host', () => {
  test('the trace host never received it; the API host always did', () => {
    const traceRequests = fake.log.filter((r) => r.listener === 'trace');
    expect(traceRequests.length).toBeGreaterThanOrEqual(3);
    expect(traceRequests.filter((r) => r.apiKeyHeader || r.keySeen)).toEqual([]);
    expect(fake.log.filter((r) => r.listener === 'api' && !r.apiKeyHeader)).toEqual([]);
  });

  test('it occurs in no output, report, result file or attachment', () => {
    expect(run.stdout).not.toContain(fake.apiKey);
    expect(run.stderr).not.toContain(fake.apiKey);
    const files = [...filesUnder(path.join(project.dir, 'test-results')), ...filesUnder(path.join(project.dir, 'playwright-report')), ...filesUnder(path.join(project.dir, 'out'))];
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) expect(readFileSync(file).includes(fake.apiKey), file).toBe(false);
  });
});

describe('the HTML report, opened with npx playwright show-report in a real browser', () => {
  const report = useReportPage(() => project.dir);

  test('lists local and remote tests; the failed remote test shows its error and no path in node_modules', async () => {
    await report.page.goto(report.url);
    await report.page.getByText('cart total adds line items').first().waitFor();
    await report.page.getByText('checkout as guest').first().click();
    const body = report.page.locator('body');
    await body.getByText('locator.click: Timeout 5000ms exceeded.').first().waitFor();
    const text = await body.innerText();
    expect(text).toContain("waiting for getByRole('button', { name: 'Checkout' })");
    expect(text).toContain('octomind.status: FAILED');
    expect(text).toContain('.playwright-octomind/octomind.spec.ts');
    expect(text).not.toMatch(/node_modules|remote-tests|dist\/proxy|src\/proxy/);
  });

  test('"View Trace" opens the remote trace in the trace viewer, with its actions', async () => {
    // "View Trace" from 1.4x on; the trace's own link before: both lead to the bundled viewer.
    await report.page.locator('a[href*="trace/index.html"]').first().click();
    await report.page.waitForURL(/\/trace\/index\.html\?trace=/);
    const actions = report.page.getByText("getByRole('button', { name: 'Checkout' })").first();
    await actions.waitFor({ timeout: 20_000 });
    const text = await report.page.locator('body').innerText();
    expect(text).toContain('shop.spec.ts');
    // The action as this viewer shows it: `Fill "ada@example.com"` (1.65), or `locator.fill`, its
    // duration perhaps, and `getByLabel('Email')` (older viewers, or the v6 trace they are given).
    expect(text).toMatch(/Fill "ada@example\.com"|locator\.fill\s*(?:[\d.]+m?s\s*)?getByLabel\('Email'\)/);
  });
});

describe('v3 with OCTOMIND_BROWSER and OCTOMIND_BREAKPOINT', () => {
  const v3Scenario: Scenario = {
    testTargets: [
      {
        id: TARGET,
        testCases: [
          testCase('login with valid credentials', { status: 'PASSED', afterMs: 300, trace: 'passed' }, { id: ids.passed }),
          testCase('checkout as guest', { status: 'FAILED', afterMs: 400, errorMessage: FAILED_CLICK_MESSAGE, trace: 'failed' }, { id: ids.failed }),
        ],
      },
    ],
  };
  let v3Fake: FakeOctomind;
  let v3Project: Project;
  beforeAll(async () => {
    v3Fake = await startFakeOctomind({ scenario: v3Scenario, apiKey: uniqueApiKey() });
    v3Project = prepareProject('basic');
  });
  afterAll(async () => {
    await v3Fake.close();
    v3Project.cleanup();
  });

  test('each remote test shows where Octomind ran it: octomind.browser and octomind.breakpoint', async () => {
    const v3Run = await runPlaywright(v3Project, ['test'], {
      env: octomindEnv(v3Fake, { OCTOMIND_API_VERSION: 'v3', OCTOMIND_BROWSER: 'FIREFOX', OCTOMIND_BREAKPOINT: 'MOBILE' }),
    });
    expect(v3Run.code).toBe(1);
    const executes = v3Fake.log.filter((r) => r.path === '/api/apiKey/v3/execute');
    expect(executes).toHaveLength(1);
    const remoteTests = remote(flatten(v3Run.json!));
    expect(remoteTests.map((t) => [t.title, t.status, annotation(t, 'octomind.browser'), annotation(t, 'octomind.breakpoint')])).toEqual([
      ['checkout as guest', 'unexpected', 'FIREFOX', 'MOBILE'],
      ['login with valid credentials', 'expected', 'FIREFOX', 'MOBILE'],
    ]);
    expect(v3Run.junit).toContain('name="octomind.browser" value="FIREFOX"');
    expect(v3Run.junit).toContain('name="octomind.breakpoint" value="MOBILE"');
  }, 120_000);

  test('under v2 they stop the run before any request, naming the variable and the fix', async () => {
    v3Fake.log.length = 0;
    const v2Run = await runPlaywright(v3Project, ['test'], { env: octomindEnv(v3Fake, { OCTOMIND_BROWSER: 'FIREFOX' }) });
    expect(v2Run.code).not.toBe(0);
    const output = v2Run.stdout + v2Run.stderr;
    expect(output).toContain('✖ OCTOMIND_BROWSER="FIREFOX": needs Octomind\'s v3 API, and apiVersion is v2');
    expect(output).toContain("→ fix: set apiVersion: 'v3' (OCTOMIND_API_VERSION=v3), or remove it");
    expect(output.split('OCTOMIND_BROWSER="FIREFOX"')).toHaveLength(2);
    expect(v3Fake.log).toEqual([]);
  }, 120_000);
});
