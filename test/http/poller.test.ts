/**
 * The poller and the title lookup against the fake Octomind over loopback (no mocked fetch):
 * results for every status, byte-identical traces, the deadline, outages, stop(), and as few
 * title requests as the API allows. Request counts come from the fake's log.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OctomindClient } from '../../src/api/client.js';
import { manifestTests } from '../../src/trigger/manifest-tests.js';
import { DEFAULTS } from '../../src/defaults.js';
import { Poller, type PollerSummary } from '../../src/poll/poller.js';
import type { ScreenshotMode } from '../../src/options/options.js';
import type { RemoteResult } from '../../src/state/result.js';
import { StateDir } from '../../src/state/state-dir.js';
import { type ManifestTest } from '../../src/state/manifest.js';
import { lookupTitles } from '../../src/trigger/titles.js';
import { FAILED_CLICK_MESSAGE, testCase, type FakeTestCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { TRACES_DIR } from '../../fixtures/fake-octomind/trace-host.js';
import { writeZipBomb } from '../../fixtures/traces/bomb.js';
import { FAST_NETWORK, NEVER, clientFor, manualContext, tempDir, useFakeOctomind, waitFor } from '../helpers/fake.js';
import { expectedFrame } from '../helpers/trace-frames.js';

const TT = '3435918b-3d29-4ebd-8c68-9a540532f45a';
const served = (name: string) => readFileSync(path.join(TRACES_DIR, `${name}.zip`));
const scenarioOf = (testCases: FakeTestCase[], extra: Partial<Scenario> = {}): Scenario => ({ testTargets: [{ id: TT, testCases }], ...extra });

/** Every file under a dir, relative, recursively. */
function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; parentPath: string; name: string }>)
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('Poller', () => {
  const ctx = useFakeOctomind();
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const reportRequests = () => ctx.fake.log.filter((entry) => entry.path.includes('/test-reports/'));
  const traceRequests = () => ctx.fake.log.filter((entry) => entry.listener === 'trace');

  interface Run {
    poller: Poller;
    state: StateDir;
    tests: ManifestTest[];
    client: OctomindClient;
    reportUrl: string;
    reportId: string;
    deadline: number;
    test(description: string): ManifestTest;
    result(description: string): RemoteResult;
    hasResult(description: string): boolean;
  }

  async function run(
    scenario: Scenario,
    options: { apiVersion?: 'v2' | 'v3'; pollIntervalMs?: number; timeoutMs?: number; network?: object; client?: OctomindClient; screenshot?: ScreenshotMode } = {},
  ): Promise<Run> {
    const { apiVersion = 'v2', pollIntervalMs = 100, timeoutMs = 10_000 } = options;
    ctx.fake.setScenario(scenario);
    const client = clientFor(ctx.fake, { apiVersion, network: { ...FAST_NETWORK, ...options.network } }).client;
    cleanups.push(() => client.close());
    const { testReport, testReportUrl } = await client.executions.execute({ testTargetId: TT, url: 'https://staging.example.com', context: manualContext });
    const titles = new Map<string, string>();
    for (const tc of scenario.testTargets[0]!.testCases) {
      if (!tc.description) continue;
      titles.set(tc.id, tc.description);
      if (tc.versionId) titles.set(tc.versionId, tc.description);
    }
    const tests = manifestTests(testReport, titles);
    const state = StateDir.create();
    cleanups.push(() => rmSync(state.root, { recursive: true, force: true }));
    ctx.fake.log.length = 0;
    const deadline = Date.now() + timeoutMs;
    const reportUrl = testReportUrl!;
    const poller = new Poller({
      client: options.client ?? client,
      state,
      tests,
      testTargetId: TT,
      reportId: testReport.id,
      pollIntervalMs,
      deadline,
      timeoutMs,
      reportUrl,
      ...(options.screenshot && { screenshot: options.screenshot }),
    }).start();
    cleanups.push(() => poller.stop());
    const test = (description: string) => {
      const found = tests.find((t) => t.title === description);
      if (!found) throw new Error(`no test "${description}" in ${tests.map((t) => t.title).join(', ')}`);
      return found;
    };
    return {
      poller,
      state,
      tests,
      client,
      reportUrl,
      reportId: testReport.id,
      deadline,
      test,
      result: (description) => state.results.get(test(description).key)!,
      hasResult: (description) => state.results.get(test(description).key) !== undefined,
    };
  }

  describe.each([
    ['v2', false],
    ['v3', true],
  ] as const)('every status (%s)', (apiVersion, v3ResultsWithoutTestCaseId) => {
    // 100 ms of remote time pass with each poll: 'log in' is final at the 1st, 'newsletter' at the 2nd, 'check out' at the 3rd.
    beforeEach(() => {
      ctx.clock.msPerPoll = 100;
    });
    const scenario = () =>
      scenarioOf(
        [
          testCase('log in', { status: 'PASSED', afterMs: 100, trace: 'passed' }),
          testCase('check out', { status: 'FAILED', afterMs: 250, errorMessage: FAILED_CLICK_MESSAGE, trace: 'failed' }),
          testCase('newsletter', { status: 'ERROR', afterMs: 150, errorMessage: 'Test environment could not be reached.', trace: null }),
        ],
        { v3ResultsWithoutTestCaseId },
      );

    it('writes one final result per test, with byte-identical traces', async () => {
      const r = await run(scenario(), { apiVersion });
      const summary = await r.poller.finished();
      expect(summary.complete).toBe(true);

      const passed = r.result('log in');
      // Where Octomind ran it: every v3 result says (the fake's defaults here), v2 results do not.
      const where = apiVersion === 'v3' ? { browser: 'CHROMIUM', breakpoint: 'DESKTOP' } : {};
      expect(passed).toEqual({
        kind: 'final',
        status: 'PASSED',
        errorMessage: null,
        durationMs: 100,
        ...where,
        // The format is read beside the download (the fixture traces are Playwright 1.65's, v10).
        trace: { path: r.state.trace(r.test('log in').key), url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/.+\.zip$/), format: 10 },
      });
      expect(readFileSync(r.state.trace(r.test('log in').key)).equals(served('passed'))).toBe(true);

      const failed = r.result('check out');
      expect(failed).toMatchObject({ kind: 'final', status: 'FAILED', errorMessage: FAILED_CLICK_MESSAGE, durationMs: 250 });
      expect(failed.trace).toEqual({ path: r.state.trace(r.test('check out').key), url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/.+\.zip$/), format: 10 });
      expect(readFileSync(r.state.trace(r.test('check out').key)).equals(served('failed'))).toBe(true);

      const error = r.result('newsletter');
      expect(error).toMatchObject({ kind: 'final', status: 'ERROR', errorMessage: 'Test environment could not be reached.', durationMs: 150 });
      expect(error.trace).toEqual({ missing: 'Octomind recorded no trace for this ERROR result.' });
      expect(existsSync(r.state.trace(r.test('newsletter').key))).toBe(false);

      const keys = r.tests.map((t) => t.key);
      expect([...r.state.results.all().keys()].sort()).toEqual([...keys].sort());
      expect(filesUnder(r.state.root)).toEqual(['results.jsonl', `traces/${r.test('log in').key}.zip`, `traces/${r.test('check out').key}.zip`].sort());
    });

    it('polls until the last result is final and no more, and fetches traces without the API key', async () => {
      const r = await run(scenario(), { apiVersion, pollIntervalMs: 100 });
      const summary = await r.poller.finished();
      expect(summary.polls).toBe(3);
      expect(reportRequests()).toHaveLength(summary.polls);
      expect(reportRequests().every((entry) => entry.status === 200 && entry.path.includes(`/apiKey/${apiVersion}/`))).toBe(true);
      expect(traceRequests()).toHaveLength(2);
      expect(traceRequests().every((entry) => !entry.apiKeyHeader && !entry.keySeen)).toBe(true);
    });
  });

  it('ends only once the remote run is done: at the poll that sees the last result final', async () => {
    ctx.clock.msPerPoll = 100;
    const r = await run(scenarioOf([testCase('slow', { status: 'PASSED', afterMs: 600 }), testCase('fast', { status: 'PASSED', afterMs: 0 })]), { pollIntervalMs: 10 });
    const summary = await r.poller.finished();
    expect(summary).toEqual({ complete: true, polls: 6 });
    expect(reportRequests()).toHaveLength(summary.polls);
    expect(r.result('slow')).toMatchObject({ kind: 'final', status: 'PASSED', trace: { missing: expect.stringMatching(/no trace/) } });
  });

  it('writes a timeout result after the deadline for a result that never finishes, naming the timeout and the report', async () => {
    const r = await run(
      scenarioOf([testCase('done', { status: 'PASSED', afterMs: 0, trace: 'passed' }), testCase('stuck', { status: 'PASSED', afterMs: null })]),
      { pollIntervalMs: 100, timeoutMs: 500 },
    );
    const summary = await r.poller.finished();
    expect(Date.now()).toBeGreaterThanOrEqual(r.deadline);
    expect(summary.complete).toBe(true);
    // The last sleep is cut to the deadline, so one poll more than the interval count is fine.
    expect(summary.polls).toBeLessThanOrEqual(500 / 100 + 3);
    expect(r.result('done')).toMatchObject({ kind: 'final', status: 'PASSED', trace: { path: r.state.trace(r.test('done').key) } });
    const stuck = r.result('stuck');
    expect(stuck).toMatchObject({ kind: 'timeout', status: 'WAITING', trace: { missing: 'The remote test had not finished.' } });
    expect(stuck.errorMessage).toBe(`Octomind did not finish this test within timeoutMs (500 ms). It may still be running: ${r.reportUrl}`);
    expect(r.reportUrl).toMatch(/\/testreports\/[0-9a-f-]{36}$/);
  });

  it('a poll a server holds past the deadline (a drip-fed body) is cut there: the result times out naming timeoutMs and the report', async () => {
    // Uncut, the poll would last the 10-minute body deadline: far beyond this test's own timeout.
    ctx.fake.inject('report', { kind: 'drip', everyMs: 20 }, Infinity);
    const r = await run(scenarioOf([testCase('stuck', { status: 'PASSED', afterMs: null })]), { timeoutMs: 600, network: { bodyDeadlineMs: 600_000 } });
    await r.poller.finished();
    // The one poll, held until the deadline cut it.
    expect(reportRequests()).toHaveLength(1);
    expect(r.result('stuck')).toMatchObject({
      kind: 'timeout',
      errorMessage: `Octomind did not finish this test within timeoutMs (600 ms). It may still be running: ${r.reportUrl}`,
    });
  });

  it('a trace still downloading at the deadline is given up: the final status stands, the note says why', async () => {
    ctx.fake.inject('trace', { kind: 'drip', everyMs: 20 }, Infinity);
    const r = await run(scenarioOf([testCase('fails', { status: 'FAILED', afterMs: 0, errorMessage: 'boom', trace: 'failed' })]), {
      timeoutMs: 600,
      network: { traceBodyDeadlineMs: 600_000 },
    });
    await r.poller.finished();
    expect(r.result('fails')).toMatchObject({
      kind: 'final',
      status: 'FAILED',
      errorMessage: 'boom',
      trace: { missing: 'The remote trace was still downloading when timeoutMs (600 ms) passed.' },
    });
    expect(filesUnder(r.state.tracesDir)).toEqual([]);
  });

  it('keeps the status when the trace has expired (404), and says why the trace is missing', async () => {
    ctx.fake.inject('trace', { kind: 'status', status: 404 }, 2);
    const r = await run(
      scenarioOf([
        testCase('passes', { status: 'PASSED', afterMs: 0, trace: 'passed' }),
        testCase('fails', { status: 'FAILED', afterMs: 0, errorMessage: 'boom\nCall log:', trace: 'failed' }),
      ]),
    );
    await r.poller.finished();
    const passes = r.result('passes');
    const fails = r.result('fails');
    expect(passes).toMatchObject({ kind: 'final', status: 'PASSED', errorMessage: null });
    expect(fails).toMatchObject({ kind: 'final', status: 'FAILED', errorMessage: 'boom\nCall log:' });
    for (const file of [passes, fails]) {
      expect(file.trace).toEqual({ missing: expect.stringMatching(/^The remote trace could not be downloaded: HTTP 404: .*60 days/) });
    }
    expect(traceRequests().map((entry) => entry.status)).toEqual([404, 404]);
    expect(filesUnder(r.state.tracesDir)).toEqual([]);
  });

  it('a zip that cannot be read (a zip signature, then garbage) gets the note like a body that is not a zip; the status stands', async () => {
    const work = tempDir();
    cleanups.push(() => work.cleanup());
    const corrupt = path.join(work.dir, 'corrupt.zip');
    writeFileSync(corrupt, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), randomBytes(8192)]));
    const r = await run(scenarioOf([testCase('fails', { status: 'FAILED', afterMs: 0, errorMessage: 'boom', trace: { file: corrupt } })]));
    await r.poller.finished();
    expect(r.result('fails')).toMatchObject({
      kind: 'final',
      status: 'FAILED',
      errorMessage: 'boom',
      trace: { missing: 'The remote trace could not be downloaded: the trace host sent a file that is not a readable zip (corrupt or cut short).' },
    });
    expect(filesUnder(r.state.tracesDir)).toEqual([]);
  });

  it('a zip bomb among the traces is kept as the trace, with no format read; the other results are untouched', async () => {
    const work = tempDir();
    cleanups.push(() => work.cleanup());
    const bomb = path.join(work.dir, 'bomb.zip');
    await writeZipBomb(bomb, { entries: 4, bytesPerEntry: 16 * 1024 * 1024 });
    const r = await run(
      scenarioOf([
        testCase('bomb', { status: 'FAILED', afterMs: 0, errorMessage: 'boom', trace: { file: bomb } }),
        testCase('passes', { status: 'PASSED', afterMs: 0, trace: 'passed' }),
      ]),
    );
    await r.poller.finished();
    expect(r.result('bomb')).toEqual(expect.objectContaining({ kind: 'final', status: 'FAILED', trace: { path: r.state.trace(r.test('bomb').key), url: expect.any(String) } }));
    expect(readFileSync(r.state.trace(r.test('bomb').key)).equals(readFileSync(bomb))).toBe(true);
    expect(r.result('passes')).toMatchObject({ kind: 'final', status: 'PASSED', trace: { format: 10 } });
  });

  describe('screenshots', () => {
    const statuses = () =>
      scenarioOf([
        testCase('log in', { status: 'PASSED', afterMs: 0, trace: 'passed' }),
        testCase('check out', { status: 'FAILED', afterMs: 0, errorMessage: FAILED_CLICK_MESSAGE, trace: 'failed' }),
        testCase('broken', { status: 'ERROR', afterMs: 0, errorMessage: 'Octomind failed', trace: 'v6/failed' }),
        testCase('newsletter', { status: 'ERROR', afterMs: 0, errorMessage: 'no trace', trace: null }),
      ]);

    it.each([
      [undefined, []],
      ['off', []],
      ['only-on-failure', ['check out', 'broken']],
      ['on', ['log in', 'check out', 'broken']],
    ] as const)('%s: the frame at the failure, extracted beside the trace, for %j', async (mode, shown) => {
      const r = await run(statuses(), mode ? { screenshot: mode } : {});
      await r.poller.finished();
      for (const [title, trace] of [
        ['log in', 'passed'],
        ['check out', 'failed'],
        ['broken', 'v6/failed'],
      ] as const) {
        const { screenshot } = r.result(title);
        if (!(shown as readonly string[]).includes(title)) {
          expect(screenshot, title).toBeUndefined();
          continue;
        }
        expect(screenshot).toEqual({ path: r.state.screenshot(r.test(title).key, 'jpeg'), contentType: 'image/jpeg' });
        expect(readFileSync(screenshot!.path).equals((await expectedFrame(path.join(TRACES_DIR, `${trace}.zip`))).image)).toBe(true);
      }
      expect(r.result('newsletter').screenshot).toBeUndefined();
      expect(filesUnder(r.state.tracesDir).filter((file) => file.includes('-screenshot.'))).toHaveLength(shown.length);
    });

    it('a trace without a readable frame (a zip bomb) gives none; its status and trace stand', async () => {
      const work = tempDir();
      cleanups.push(() => work.cleanup());
      const bomb = path.join(work.dir, 'bomb.zip');
      await writeZipBomb(bomb, { entries: 4, bytesPerEntry: 16 * 1024 * 1024 });
      const r = await run(scenarioOf([testCase('bomb', { status: 'FAILED', afterMs: 0, errorMessage: 'boom', trace: { file: bomb } })]), { screenshot: 'on' });
      await r.poller.finished();
      expect(r.result('bomb')).toEqual({ kind: 'final', status: 'FAILED', errorMessage: 'boom', durationMs: 0, trace: { path: r.state.trace(r.test('bomb').key), url: expect.any(String) } });
    });
  });

  it('a trace that cannot be downloaded at all (resets) still leaves a final result and no partial file', async () => {
    ctx.fake.inject('trace', { kind: 'reset' }, Infinity);
    const r = await run(scenarioOf([testCase('passes', { status: 'PASSED', afterMs: 0, trace: 'passed' })]), { network: { maxRetries: 1 } });
    await r.poller.finished();
    expect(r.result('passes')).toMatchObject({ kind: 'final', status: 'PASSED', trace: { missing: expect.stringMatching(/could not be downloaded/) } });
    expect(filesUnder(r.state.tracesDir)).toEqual([]);
  });

  describe('poll failures', () => {
    const stuckAndDone = () => scenarioOf([testCase('done', { status: 'PASSED', afterMs: 0 }), testCase('stuck', { status: 'PASSED', afterMs: null })]);

    it(`gives up after ${DEFAULTS.maxConsecutivePollFailures} failed polls in a row (503 beyond the retries): failure results`, async () => {
      ctx.fake.inject('report', { kind: 'status', status: 503 }, Infinity);
      const r = await run(stuckAndDone(), { network: { maxRetries: 1 } });
      const summary = await r.poller.finished();
      expect(DEFAULTS.maxConsecutivePollFailures).toBe(3);
      expect(summary).toEqual({ polls: 3, complete: true });
      expect(reportRequests().map((entry) => entry.status)).toEqual([503, 503, 503, 503, 503, 503]);
      for (const title of ['done', 'stuck']) {
        const file = r.result(title);
        expect(file).toMatchObject({ kind: 'failure', status: 'UNKNOWN', trace: { missing: 'The result could not be read.' } });
        expect(file.errorMessage).toMatch(/^Polling the Octomind report failed, so this result is unknown: Octomind did not answer .* after 2 attempts \(HTTP 503\)/);
        expect(file.errorMessage).toContain(`\nOctomind report: ${r.reportUrl}`);
      }
    });

    it('gives up at once on 401: a bad key does not get better', async () => {
      ctx.fake.inject('report', { kind: 'status', status: 401 }, Infinity);
      const r = await run(stuckAndDone());
      const summary = await r.poller.finished();
      expect(summary).toEqual({ polls: 1, complete: true });
      expect(reportRequests()).toHaveLength(1);
      expect(r.result('stuck')).toMatchObject({ kind: 'failure', status: 'UNKNOWN' });
      expect(r.result('stuck').errorMessage).toMatch(/HTTP 401.*Check OCTOMIND_API_KEY/);
    });

    it('keeps results that were final before the outage', async () => {
      const r = await run(stuckAndDone(), { network: { maxRetries: 0 } });
      await waitFor(() => r.hasResult('done'), 'the first result');
      ctx.fake.inject('report', { kind: 'status', status: 503 }, Infinity);
      await r.poller.finished();
      expect(r.result('done')).toMatchObject({ kind: 'final', status: 'PASSED' });
      expect(r.result('stuck')).toMatchObject({ kind: 'failure', errorMessage: expect.stringMatching(/HTTP 503/) });
      expect(reportRequests().filter((entry) => entry.status === 503)).toHaveLength(3);
    });

    it('fewer failed polls in a row than the limit are forgotten once a poll succeeds', async () => {
      // maxRetries 1: each failed poll is 2 requests; 2 polls fail, the 3rd succeeds.
      ctx.fake.inject('report', { kind: 'status', status: 503 }, 4);
      const r = await run(scenarioOf([testCase('done', { status: 'FAILED', afterMs: 0, errorMessage: 'boom' })]), { network: { maxRetries: 1 } });
      const summary = await r.poller.finished();
      expect(summary).toEqual({ polls: 3, complete: true });
      expect(r.result('done')).toMatchObject({ kind: 'final', status: 'FAILED', errorMessage: 'boom' });
      expect(reportRequests().map((entry) => entry.status)).toEqual([503, 503, 503, 503, 200]);
    });

    it('counts only failures IN A ROW: two failures, a success, two failures do not give up', async () => {
      const waiting = JSON.stringify({ id: '826c15af-644b-4b28-89b4-f50ff34e46b7', status: 'WAITING', testResults: [] });
      ctx.fake.inject('report', { kind: 'status', status: 503 }, 2);
      ctx.fake.inject('report', { kind: 'status', status: 200, body: waiting });
      ctx.fake.inject('report', { kind: 'status', status: 503 }, 2);
      const r = await run(scenarioOf([testCase('done', { status: 'PASSED', afterMs: 0 })]), { network: { maxRetries: 0 } });
      const summary = await r.poller.finished();
      expect(summary).toEqual({ polls: 6, complete: true });
      expect(reportRequests().map((entry) => entry.status)).toEqual([503, 503, 200, 503, 503, 200]);
      expect(r.result('done')).toMatchObject({ kind: 'final', status: 'PASSED' });
    });

    it('a malformed poll answer counts as a failed poll, not a result', async () => {
      ctx.fake.inject('report', { kind: 'malformed' }, Infinity);
      const r = await run(stuckAndDone());
      const summary = await r.poller.finished();
      expect(summary.polls).toBe(3);
      expect(r.result('done')).toMatchObject({ kind: 'failure', errorMessage: expect.stringMatching(/cannot be read.*not JSON/) });
    });
  });

  describe('results the poller must match', () => {
    it('matches results without id by their test case (version) id', async () => {
      const [a, b, c] = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
      const report = {
        id: '826c15af-644b-4b28-89b4-f50ff34e46b7',
        status: 'FAILED',
        testResults: [
          { testCaseId: a, status: 'FAILED', errorMessage: 'a failed' },
          { testCaseVersionId: b, status: 'PASSED', createdAt: '2026-01-15T09:30:00.000Z', updatedAt: '2026-01-15T09:30:02.500Z' },
          { testCaseId: c, status: 'ERROR', errorMessage: 'c errored' },
        ],
      };
      const tests = manifestTests(report, new Map([[a!, 'a'], [b!, 'b'], [c!, 'c']]));
      expect(tests.map((t) => [t.testCaseId, t.occurrence])).toEqual([[a, 0], [b, 0], [c, 0]]);
      ctx.fake.inject('report', { kind: 'status', status: 200, body: JSON.stringify(report) }, Infinity);
      const client = clientFor(ctx.fake).client;
      cleanups.push(() => client.close());
      const state = StateDir.create();
      cleanups.push(() => rmSync(state.root, { recursive: true, force: true }));
      const poller = new Poller({ client, state, tests, testTargetId: TT, reportId: report.id, pollIntervalMs: 100, deadline: Date.now() + 5000, timeoutMs: 5000, reportUrl: 'https://x/r' }).start();
      expect(await poller.finished()).toEqual({ polls: 1, complete: true });
      const read = (title: string) => state.results.get(tests.find((t) => t.title === title)!.key)!;
      expect(read('a')).toMatchObject({ kind: 'final', status: 'FAILED', errorMessage: 'a failed' });
      expect(read('b')).toMatchObject({ kind: 'final', status: 'PASSED', errorMessage: null, durationMs: 2500 });
      expect(read('c')).toMatchObject({ kind: 'final', status: 'ERROR', errorMessage: 'c errored' });
    });

    it('two results sharing one result id each keep their own status: results are matched by test case id', async () => {
      const r = await run(
        scenarioOf([
          testCase('passes', { status: 'PASSED', afterMs: 0 }, { resultId: 'the-same-id' }),
          testCase('fails', { status: 'FAILED', afterMs: 0, errorMessage: 'boom' }, { resultId: 'the-same-id' }),
        ]),
      );
      await r.poller.finished();
      expect(r.result('passes')).toMatchObject({ kind: 'final', status: 'PASSED', errorMessage: null });
      expect(r.result('fails')).toMatchObject({ kind: 'final', status: 'FAILED', errorMessage: 'boom' });
    });

    it('what a terminal would act on never reaches a result: statuses one clean line, messages keep only lines and colours', async () => {
      const osc52 = '\x1b]52;c;ZXZpbA==\x07';
      const r = await run(
        scenarioOf([
          testCase('fails', { status: 'FAILED', afterMs: 0, errorMessage: `boom${osc52}\nCall log:\r\n  \x1b[2m- waiting\x1b[22m\x00\rhidden` }),
          testCase('new status', { status: 'NEW\x1b[2J\n\x9b31mSTATUS', afterMs: 0 }),
        ]),
      );
      await r.poller.finished();
      expect(r.result('fails')).toMatchObject({ status: 'FAILED', errorMessage: 'boom\nCall log:\r\n  \x1b[2m- waiting\x1b[22mhidden' });
      expect(r.result('new status')).toMatchObject({ kind: 'final', status: 'NEW STATUS', trace: { missing: 'Octomind recorded no trace for this NEW STATUS result.' } });
    });

    it('an unknown status is final only once the report is no longer WAITING', async () => {
      const r = await run(
        scenarioOf([testCase('new status', { status: 'SKIPPED', afterMs: 0 }), testCase('stuck', { status: 'PASSED', afterMs: null })]),
        { timeoutMs: 400 },
      );
      await r.poller.finished();
      expect(r.result('new status')).toMatchObject({ kind: 'timeout', status: 'WAITING' });

      ctx.clock.msPerPoll = 100;
      const done = await run(scenarioOf([testCase('new status', { status: 'SKIPPED', afterMs: 0 }), testCase('later', { status: 'PASSED', afterMs: 200 })]));
      expect(await done.poller.finished()).toEqual({ complete: true, polls: 2 });
      expect(done.result('new status')).toMatchObject({ kind: 'final', status: 'SKIPPED' });
    });

    it('a result missing from the report waits like a running one', async () => {
      const report = { id: '826c15af-644b-4b28-89b4-f50ff34e46b7', status: 'WAITING', testResults: [] };
      ctx.fake.inject('report', { kind: 'status', status: 200, body: JSON.stringify(report) }, Infinity);
      const client = clientFor(ctx.fake).client;
      cleanups.push(() => client.close());
      const state = StateDir.create();
      cleanups.push(() => rmSync(state.root, { recursive: true, force: true }));
      const tests = [{ key: 'r1', occurrence: 0, testCaseId: TT, title: 'gone' }];
      const poller = new Poller({ client, state, tests, testTargetId: TT, reportId: report.id, pollIntervalMs: 100, deadline: Date.now() + 300, timeoutMs: 300, reportUrl: 'https://x/r' }).start();
      await poller.finished();
      expect(state.results.get('r1')).toMatchObject({ kind: 'timeout' });
    });
  });

  describe('stop()', () => {
    // In these tests the wait, the download or the answer outlasts the test's timeout: only stop() can end them in time.
    it('mid-wait returns promptly, writes no further files and leaves no tmp files', async () => {
      const r = await run(scenarioOf([testCase('done', { status: 'PASSED', afterMs: 0 }), testCase('stuck', { status: 'PASSED', afterMs: null })]), { pollIntervalMs: NEVER });
      await waitFor(() => r.hasResult('done'), 'the first result');
      const summary: PollerSummary = await r.poller.stop();
      expect(summary).toEqual({ polls: 1, complete: false });
      expect(reportRequests()).toHaveLength(1);
      expect(filesUnder(r.state.root)).toEqual(['results.jsonl']);
      expect([...r.state.results.all().keys()]).toEqual([r.test('done').key]);
      expect(r.hasResult('stuck')).toBe(false);
    });

    it('mid-download aborts the trace download: no result, no zip, no tmp file', async () => {
      ctx.fake.inject('trace', { kind: 'slow', delayMs: NEVER });
      const r = await run(scenarioOf([testCase('passes', { status: 'PASSED', afterMs: 0, trace: 'passed' })]));
      await waitFor(() => traceRequests().length === 1, 'the trace request');
      const summary = await r.poller.stop();
      expect(summary.complete).toBe(true); // settled: its download had started; stop() dropped it
      expect(filesUnder(r.state.root)).toEqual(['results.jsonl']);
      expect(r.state.results.all().size).toBe(0);
      expect(r.hasResult('passes')).toBe(false);
    });

    it('before the first answer makes no further request', async () => {
      ctx.fake.inject('report', { kind: 'slow', delayMs: NEVER });
      const r = await run(scenarioOf([testCase('done', { status: 'PASSED', afterMs: 0 })]));
      await waitFor(() => reportRequests().length === 1, 'the first poll');
      expect(await r.poller.stop()).toEqual({ polls: 1, complete: false });
      expect(reportRequests()).toHaveLength(1);
      expect(filesUnder(r.state.root)).toEqual(['results.jsonl']);
      expect(r.state.results.all().size).toBe(0);
    });

    it('after the poller finished changes nothing', async () => {
      const r = await run(scenarioOf([testCase('done', { status: 'PASSED', afterMs: 0 })]));
      const summary = await r.poller.finished();
      expect(await r.poller.stop()).toEqual(summary);
      expect(r.result('done')).toMatchObject({ kind: 'final', status: 'PASSED' });
    });
  });

  it('starts trace downloads while polling goes on: a slow trace delays no other result', async () => {
    ctx.fake.inject('trace', { kind: 'slow', delayMs: NEVER });
    const r = await run(
      scenarioOf([
        // Sorted first, and final long before the others: its download takes the one slow fault.
        testCase('a slow trace', { status: 'PASSED', afterMs: 0, trace: 'passed' }),
        testCase('later', { status: 'FAILED', afterMs: 500, errorMessage: 'later failed' }),
        testCase('later with trace', { status: 'FAILED', afterMs: 500, errorMessage: 'x', trace: 'failed' }),
      ]),
    );
    await waitFor(() => traceRequests().length === 1, 'the slow trace request');
    ctx.clock.advance(500);
    await waitFor(() => r.hasResult('later') && r.hasResult('later with trace'), 'the later results');
    // The first trace is still downloading: its result waits for it, the others did not.
    expect(r.hasResult('a slow trace')).toBe(false);
    expect(r.result('later')).toMatchObject({ kind: 'final', status: 'FAILED', errorMessage: 'later failed' });
    expect(readFileSync(r.state.trace(r.test('later with trace').key)).equals(served('failed'))).toBe(true);
    // The slow download started before the poll that saw the later results.
    const firstTrace = ctx.fake.log.findIndex((entry) => entry.listener === 'trace');
    const lastPoll = ctx.fake.log.findLastIndex((entry) => entry.path.includes('/test-reports/'));
    expect(firstTrace).toBeGreaterThanOrEqual(0);
    expect(firstTrace).toBeLessThan(lastPoll);
    await r.poller.stop();
  });
});

describe('lookupTitles', () => {
  const ctx = useFakeOctomind();
  const listPath = `/api/apiKey/v3/test-targets/${TT}/test-cases`;
  const lists = () => ctx.fake.log.filter((entry) => entry.path === listPath);
  const byId = () => ctx.fake.log.filter((entry) => entry.path.startsWith(`/api/apiKey/v2/test-targets/${TT}/test-cases/`));
  const idOf = (entry: { path: string }) => entry.path.split('/').at(-1);

  function client(network = {}) {
    const handle = clientFor(ctx.fake, { network: { ...FAST_NETWORK, ...network } });
    return handle.client;
  }

  it('makes ONE list request for many test cases, and no lookup by id', async () => {
    const cases = Array.from({ length: 25 }, (_, i) => testCase(`test number ${i}`, { status: 'PASSED', afterMs: 0 }));
    ctx.fake.setScenario(scenarioOf(cases));
    const api = client();
    const warnings: string[] = [];
    const titles = await lookupTitles(api, TT, cases.map((c) => c.id), (m) => warnings.push(m));
    expect(titles.size).toBe(25);
    expect(titles.get(cases[7]!.id)).toBe('test number 7');
    expect(lists()).toHaveLength(1);
    expect(byId()).toHaveLength(0);
    expect(ctx.fake.log).toHaveLength(1);
    expect(warnings).toEqual([]);
    await api.close();
  });

  it('a title is one line with no control characters: a description cannot forge a reporter line or act on the terminal', async () => {
    const cases = [
      testCase('log in\n  ✓  1 [chromium] › forged passing test', { status: 'PASSED', afterMs: 0 }),
      testCase('\x1b[31mred\x1b[0m title\x1b]52;c;ZXZpbA==\x07\r\x00\x85', { status: 'PASSED', afterMs: 0 }),
      testCase('\n\t\x1b[2J', { status: 'PASSED', afterMs: 0 }),
    ];
    ctx.fake.setScenario(scenarioOf(cases));
    const api = client();
    const titles = await lookupTitles(api, TT, cases.map((c) => c.id), () => {});
    expect(titles.get(cases[0]!.id)).toBe('log in   ✓  1 [chromium] › forged passing test');
    expect(titles.get(cases[1]!.id)).toBe('red title');
    // Nothing left but blanks: the test falls back to its id, as for no description.
    expect(titles.has(cases[2]!.id)).toBe(false);
    await api.close();
  });

  it('asks nothing when the run has no test cases', async () => {
    const api = client();
    expect((await lookupTitles(api, TT, [], () => {})).size).toBe(0);
    expect(ctx.fake.log).toEqual([]);
    await api.close();
  });

  it('returns only the wanted ids, with trimmed titles', async () => {
    const cases = [testCase('  padded title \n', { status: 'PASSED', afterMs: 0 }), testCase('not wanted', { status: 'PASSED', afterMs: 0 })];
    ctx.fake.setScenario(scenarioOf(cases));
    const api = client();
    const titles = await lookupTitles(api, TT, [cases[0]!.id], () => {});
    expect([...titles]).toEqual([[cases[0]!.id, 'padded title']]);
    await api.close();
  });

  it('looks up by id only what the list missed (once per id), and gives up quietly on unknown ids', async () => {
    const named = testCase('named', { status: 'PASSED', afterMs: 0 });
    const noTitle = testCase(null, { status: 'PASSED', afterMs: 0 });
    const blank = testCase('   ', { status: 'PASSED', afterMs: 0 });
    const unknown = '99999999-9999-4999-8999-999999999999';
    ctx.fake.setScenario(scenarioOf([named, noTitle, blank]));
    const api = client();
    const warnings: string[] = [];
    const titles = await lookupTitles(api, TT, [named.id, noTitle.id, blank.id, unknown, noTitle.id], (m) => warnings.push(m));
    expect([...titles]).toEqual([[named.id, 'named']]);
    expect(lists()).toHaveLength(1);
    expect(byId().map(idOf).sort()).toEqual([noTitle.id, blank.id, unknown].sort());
    expect(warnings).toEqual([]);
    await api.close();
  });

  it('finds by id the titles a partial list lacks', async () => {
    const cases = Array.from({ length: 6 }, (_, i) => testCase(`case ${i}`, { status: 'PASSED', afterMs: 0 }));
    ctx.fake.setScenario(scenarioOf(cases));
    const partial = cases.slice(0, 4).map((c) => ({ id: c.id, testTargetId: TT, description: c.description }));
    ctx.fake.inject('testCases', { kind: 'status', status: 200, body: JSON.stringify(partial) });
    const api = client();
    const titles = await lookupTitles(api, TT, cases.map((c) => c.id), () => {});
    expect(cases.map((c) => titles.get(c.id))).toEqual(cases.map((c) => c.description));
    expect(lists()).toHaveLength(1);
    expect(byId().map(idOf).sort()).toEqual([cases[4]!.id, cases[5]!.id].sort());
    await api.close();
  });

  it('falls back to lookups by id when the list fails, and warns once', async () => {
    const cases = Array.from({ length: 4 }, (_, i) => testCase(`case ${i}`, { status: 'PASSED', afterMs: 0 }));
    ctx.fake.setScenario(scenarioOf(cases));
    ctx.fake.inject('testCases', { kind: 'status', status: 503 }, Infinity);
    const api = client({ maxRetries: 1 });
    const warnings: string[] = [];
    const titles = await lookupTitles(api, TT, cases.map((c) => c.id), (m) => warnings.push(m));
    expect(cases.map((c) => titles.get(c.id))).toEqual(['case 0', 'case 1', 'case 2', 'case 3']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Could not list the test cases for their titles \(.*HTTP 503.*\); looking them up one by one\.$/);
    expect(lists()).toHaveLength(2);
    expect(byId().map(idOf).sort()).toEqual(cases.map((c) => c.id).sort());
    await api.close();
  });

  it('never throws: with everything failing, there are simply no titles', async () => {
    const cases = [testCase('a', { status: 'PASSED', afterMs: 0 }), testCase('b', { status: 'PASSED', afterMs: 0 })];
    ctx.fake.setScenario(scenarioOf(cases));
    ctx.fake.inject('testCases', { kind: 'status', status: 500 }, Infinity);
    ctx.fake.inject('testCase', { kind: 'status', status: 500 }, Infinity);
    const api = client({ maxRetries: 0 });
    const warnings: string[] = [];
    const titles = await lookupTitles(api, TT, cases.map((c) => c.id), (m) => warnings.push(m));
    expect(titles.size).toBe(0);
    expect(warnings).toHaveLength(1);
    expect(byId()).toHaveLength(2);
    await api.close();
  });

  it('looks up nothing by id when no test case is wanted', async () => {
    ctx.fake.setScenario(scenarioOf([testCase('a', { status: 'PASSED', afterMs: 0 })]));
    const api = client();
    expect((await lookupTitles(api, TT, [], () => {})).size).toBe(0);
    expect(byId()).toHaveLength(0);
    await api.close();
  });
});
