/**
 * The reporter class driven directly: a real state dir with a manifest and result files, and
 * hand-built objects shaped like Playwright's Suite, TestCase and TestResult. Its pure formatting
 * is covered by reporter-summary.test.ts; a real run by test/e2e/reporter.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FullConfig, FullResult, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { METADATA_KEY } from '../../src/options/project-metadata.js';
import OctomindReporter from '../../src/reporter/reporter.js';
import { announce } from '../../src/text/console.js';
import { writeJsonAtomic } from '../../src/state/files.js';
import type { RemoteResult } from '../../src/state/result.js';
import { STATE_ENV, StateDir } from '../../src/state/state-dir.js';
import { type Manifest } from '../../src/state/manifest.js';

const REPORT_URL = 'https://app.octomind.dev/testreports/deb856c7-0000-4000-8000-000000000000';
const API_KEY = 'om-secret-key-never-printed';
const CONFIG = {} as unknown as FullConfig;
const END = { status: 'failed' } as unknown as FullResult;

const remoteProject = { name: 'octomind', metadata: { [METADATA_KEY]: { projectName: 'octomind' } } };
const localProject = { name: 'chromium', metadata: {} };

interface FakeTest {
  id: string;
  title: string;
  retries: number;
  annotations: TestCase['annotations'];
  parent: { project: () => { name: string; metadata: object } };
}

function fakeTest(id: string, title: string, remote: boolean, retries = 0): TestCase {
  const project = remote ? remoteProject : localProject;
  const test: FakeTest = { id, title, retries, annotations: [], parent: { project: () => project } };
  return test as unknown as TestCase;
}

function suiteOf(tests: TestCase[]): Suite {
  return { allTests: () => tests } as unknown as Suite;
}

function fakeResult(status: TestResult['status'], options: { retry?: number; annotations?: Record<string, string>; error?: string } = {}): TestResult {
  return {
    status,
    retry: options.retry ?? 0,
    annotations: Object.entries(options.annotations ?? {}).map(([type, description]) => ({ type, description })),
    errors: options.error === undefined ? [] : [{ message: options.error }],
  } as unknown as TestResult;
}

const manifest = (tests: Array<{ key: string; title: string }>, extra: Partial<Manifest> = {}): Manifest => ({
  version: 1,
  projectName: 'octomind',
  testTargetId: 'tt',
  reportId: 'r',
  reportUrl: REPORT_URL,
  timeoutMs: 60_000,
  tests: tests.map((t) => ({ ...t, occurrence: 0, testCaseId: `tc-${t.key}` })),
  ...extra,
});

function writeResult(state: StateDir, key: string, status: string, kind: RemoteResult['kind'] = 'final'): void {
  const result: RemoteResult = { kind, status, durationMs: 1200, trace: { missing: 'none' }, ...(status !== 'PASSED' && { errorMessage: `${status} here` }) };
  state.results.add(key, result);
}

let out: string[];
let state: StateDir | undefined;
let tmp: string;

beforeEach(() => {
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.stubEnv('OCTOMIND_API_KEY', API_KEY);
  vi.stubEnv('GITHUB_STEP_SUMMARY', '');
  vi.stubEnv(STATE_ENV, '');
  tmp = mkdtempSync(path.join(tmpdir(), 'octomind-reporter-test-'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('playwright-octomind.reporter')];
  if (state) rmSync(state.root, { recursive: true, force: true });
  state = undefined;
  rmSync(tmp, { recursive: true, force: true });
});

function withState(m: Manifest): StateDir {
  state = StateDir.create();
  writeJsonAtomic(state.manifest, m);
  vi.stubEnv(STATE_ENV, state.root);
  return state;
}

const printed = () => out.join('');
const lines = () => printed().split('\n').filter(Boolean);

describe('onBegin', () => {
  test('prints the report URL and the number of remote tests', () => {
    withState(manifest([{ key: 'a', title: 'log in' }, { key: 'b', title: 'checkout' }]));
    const reporter = new OctomindReporter();
    reporter.onBegin(CONFIG, suiteOf([fakeTest('l1', 'local', false), fakeTest('r1', 'log in', true), fakeTest('r2', 'checkout', true)]));
    expect(lines()).toEqual([`Octomind: 2 remote tests running · ${REPORT_URL}`]);
  });

  test("prints the sentinel's message instead, and no progress", () => {
    vi.useFakeTimers();
    withState(manifest([], { reportUrl: undefined, sentinel: { title: 'Octomind: OCTOMIND_API_KEY is not set', outcome: 'skip', message: 'Set OCTOMIND_API_KEY to run the Octomind tests of this suite too.' } }));
    const reporter = new OctomindReporter({ progressIntervalMs: 1000 });
    reporter.onBegin(CONFIG, suiteOf([fakeTest('s', 'Octomind: OCTOMIND_API_KEY is not set', true)]));
    vi.advanceTimersByTime(5000);
    expect(lines()).toEqual(['Octomind: Set OCTOMIND_API_KEY to run the Octomind tests of this suite too.']);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('claims the setup announcements: the report URL is printed once, by the reporter', () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    new OctomindReporter();
    announce(`Octomind run: ${REPORT_URL} (2 tests)`);
    expect(stderr).not.toHaveBeenCalled();
  });

  test('printsToStdio is false, so Playwright still adds its console reporter when this one is alone', () => {
    expect(new OctomindReporter().printsToStdio()).toBe(false);
  });
});

describe('nothing without this run’s state', () => {
  test.each([
    ['no state dir (project filtered out, --list)', false],
    ['a state dir without a manifest', true],
  ])('%s: prints and writes nothing', (_name, createDir) => {
    const summary = path.join(tmp, 'summary.md');
    vi.stubEnv('GITHUB_STEP_SUMMARY', summary);
    if (createDir) {
      state = StateDir.create();
      vi.stubEnv(STATE_ENV, state.root);
    }
    vi.useFakeTimers();
    const reporter = new OctomindReporter({ progressIntervalMs: 1000 });
    const remote = fakeTest('r1', 'log in', true);
    reporter.onBegin(CONFIG, suiteOf([remote]));
    reporter.onTestEnd(remote, fakeResult('failed', { annotations: { 'octomind.status': 'FAILED' }, error: 'boom' }));
    vi.advanceTimersByTime(5000);
    reporter.onEnd(END);
    expect(out).toEqual([]);
    expect(() => readFileSync(summary)).toThrow();
  });
});

describe('progress', () => {
  test('starts once every local test has ended, counts result files, stops when all are in', () => {
    vi.useFakeTimers();
    const s = withState(manifest([{ key: 'a', title: 'a' }, { key: 'b', title: 'b' }, { key: 'c', title: 'c' }]));
    const reporter = new OctomindReporter({ progressIntervalMs: 1000 });
    const local = fakeTest('l1', 'local with a retry', false, 1);
    reporter.onBegin(CONFIG, suiteOf([local, fakeTest('r1', 'a', true), fakeTest('r2', 'b', true), fakeTest('r3', 'c', true)]));
    out.length = 0;

    // A failed first attempt with a retry to come: local work is not over yet.
    reporter.onTestEnd(local, fakeResult('failed', { retry: 0 }));
    vi.advanceTimersByTime(3000);
    expect(out).toEqual([]);

    writeResult(s, 'a', 'FAILED');
    reporter.onTestEnd(local, fakeResult('passed', { retry: 1 }));
    expect(lines()).toEqual([`Octomind: 1/3 remote results in, 1 failed; waiting for the rest · ${REPORT_URL}`]);

    writeResult(s, 'b', 'PASSED');
    vi.advanceTimersByTime(1000);
    expect(lines().at(-1)).toBe(`Octomind: 2/3 remote results in, 1 failed; waiting for the rest · ${REPORT_URL}`);

    writeResult(s, 'c', 'WAITING', 'timeout');
    vi.advanceTimersByTime(1000);
    expect(lines()).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('without local tests it starts at once; onEnd clears the timer', () => {
    vi.useFakeTimers();
    withState(manifest([{ key: 'a', title: 'a' }]));
    const reporter = new OctomindReporter({ progressIntervalMs: 1000 });
    reporter.onBegin(CONFIG, suiteOf([fakeTest('r1', 'a', true)]));
    expect(lines().at(-1)).toBe(`Octomind: 0/1 remote results in, 0 failed; waiting for the rest · ${REPORT_URL}`);
    vi.advanceTimersByTime(2000);
    expect(lines()).toHaveLength(4);
    reporter.onEnd(END);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('the default interval is 5 s', () => {
    vi.useFakeTimers();
    withState(manifest([{ key: 'a', title: 'a' }]));
    const reporter = new OctomindReporter();
    reporter.onBegin(CONFIG, suiteOf([fakeTest('r1', 'a', true)]));
    vi.advanceTimersByTime(4999);
    expect(lines()).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(lines()).toHaveLength(3);
    reporter.onEnd(END);
  });

  test('the timer is unref’d: it never keeps the runner alive', () => {
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    withState(manifest([{ key: 'a', title: 'a' }]));
    const reporter = new OctomindReporter({ progressIntervalMs: 60_000 });
    reporter.onBegin(CONFIG, suiteOf([fakeTest('r1', 'a', true)]));
    const timer = setIntervalSpy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    reporter.onEnd(END);
  });

  test('no progress when the run has no remote tests in it (e.g. --grep matched none)', () => {
    vi.useFakeTimers();
    withState(manifest([{ key: 'a', title: 'a' }]));
    const reporter = new OctomindReporter({ progressIntervalMs: 1000 });
    const local = fakeTest('l1', 'local', false);
    reporter.onBegin(CONFIG, suiteOf([local]));
    reporter.onTestEnd(local, fakeResult('passed'));
    vi.advanceTimersByTime(5000);
    expect(lines()).toEqual([`Octomind: this run shows none of the remote tests; the remote run goes on: ${REPORT_URL}`]);
    expect(vi.getTimerCount()).toBe(0);
  });

  test('a Run that started no remote run and selects no remote test prints nothing (UI mode, VS Code)', () => {
    withState(manifest([{ key: 'a', title: 'a' }], { reportUrl: undefined }));
    const reporter = new OctomindReporter();
    const local = fakeTest('l1', 'local', false);
    reporter.onBegin(CONFIG, suiteOf([local]));
    reporter.onTestEnd(local, fakeResult('passed'));
    reporter.onEnd(END);
    expect(lines()).toEqual([]);
  });

  test('--grep selected some remote tests: only their results count', () => {
    vi.useFakeTimers();
    const s = withState(manifest([{ key: 'a', title: 'a' }, { key: 'b', title: 'b' }, { key: 'c', title: 'c' }]));
    writeResult(s, 'a', 'FAILED');
    writeResult(s, 'c', 'PASSED');
    const reporter = new OctomindReporter({ progressIntervalMs: 1000 });
    reporter.onBegin(CONFIG, suiteOf([fakeTest('r2', 'b', true), fakeTest('r3', 'c', true)]));
    expect(lines().at(-1)).toBe(`Octomind: 1/2 remote results in, 0 failed; waiting for the rest · ${REPORT_URL}`);
    reporter.onEnd(END);
  });

  test('once the teardown removed the results log, it counts the remote tests that ended', () => {
    vi.useFakeTimers();
    const s = withState(manifest([{ key: 'a', title: 'a' }, { key: 'b', title: 'b' }]));
    const reporter = new OctomindReporter({ progressIntervalMs: 1000 });
    const a = fakeTest('r1', 'a', true);
    reporter.onBegin(CONFIG, suiteOf([a, fakeTest('r2', 'b', true)]));
    reporter.onTestEnd(a, fakeResult('passed', { annotations: { 'octomind.status': 'PASSED' } }));
    rmSync(s.results.file, { force: true });
    vi.advanceTimersByTime(1000);
    expect(lines().at(-1)).toBe(`Octomind: 1/2 remote results in, 0 failed; waiting for the rest · ${REPORT_URL}`);
    reporter.onEnd(END);
  });
});

describe('onEnd', () => {
  function runToEnd(summaryFile?: string): void {
    if (summaryFile) vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
    const s = withState(manifest([
      { key: 'a', title: 'log in' },
      { key: 'b', title: 'checkout | guest' },
      { key: 'c', title: 'newsletter' },
      { key: 'd', title: 'payment' },
    ]));
    const reporter = new OctomindReporter();
    const tests = [fakeTest('r1', 'log in', true), fakeTest('r2', 'checkout | guest', true), fakeTest('r3', 'newsletter', true), fakeTest('r4', 'payment', true)];
    const local = fakeTest('l1', 'local', false);
    reporter.onBegin(CONFIG, suiteOf([local, ...tests]));
    reporter.onTestEnd(local, fakeResult('failed', { error: 'local failure' }));
    reporter.onTestEnd(tests[0]!, fakeResult('passed', { annotations: { 'octomind.status': 'PASSED', 'octomind.duration': '1.2 s' } }));
    reporter.onTestEnd(tests[1]!, fakeResult('failed', { annotations: { 'octomind.status': 'FAILED', 'octomind.duration': '3 s' }, error: 'TimeoutError: locator.click | x\nCall log:\n  - waiting' }));
    reporter.onTestEnd(tests[2]!, fakeResult('failed', { annotations: { 'octomind.status': 'ERROR' }, error: 'OctomindError: pool exhausted' }));
    reporter.onTestEnd(tests[3]!, fakeResult('failed', { annotations: { 'octomind.status': 'WAITING (timed out)' }, error: `Still waiting after 2 h\nOctomind report: ${REPORT_URL}` }));
    // The global teardown removes the state dir before onEnd.
    rmSync(s.root, { recursive: true, force: true });
    out.length = 0;
    reporter.onEnd(END);
  }

  test('prints remote totals by status, the report URL and each failure with its first error line', () => {
    runToEnd();
    expect(lines()).toEqual([
      `Octomind: 1 passed, 1 failed, 1 error, 1 timed out of 4 remote tests · ${REPORT_URL}`,
      '  ✘ checkout | guest (FAILED) — TimeoutError: locator.click | x',
      '  ✘ newsletter (ERROR) — OctomindError: pool exhausted',
      '  ✘ payment (WAITING (timed out)) — Still waiting after 2 h',
    ]);
    expect(printed()).not.toContain('local failure');
  });

  test('appends Markdown to GITHUB_STEP_SUMMARY, pipes escaped, and never the API key', () => {
    const summaryFile = path.join(tmp, 'step-summary.md');
    writeFileSync(summaryFile, '## Earlier step\n\n');
    runToEnd(summaryFile);
    const markdown = readFileSync(summaryFile, 'utf8');
    expect(markdown.startsWith('## Earlier step\n\n### Octomind: 1 passed, 1 failed, 1 error, 1 timed out of 4 remote tests\n')).toBe(true);
    expect(markdown).toContain(`[Open the Octomind report](${REPORT_URL})`);
    expect(markdown).toContain('| test | status | duration | error |');
    expect(markdown).toContain('| log in | ✅ PASSED | 1.2 s |  |');
    expect(markdown).toContain('| checkout \\| guest | ❌ FAILED | 3 s | TimeoutError: locator.click \\| x |');
    expect(markdown).toContain('| payment | ⏱️ WAITING (timed out) |  | Still waiting after 2 h |');
    expect(markdown).not.toContain(API_KEY);
    expect(printed()).not.toContain(API_KEY);
  });

  test('a failing sentinel: its message in the summary and in the job summary', () => {
    const summaryFile = path.join(tmp, 'step-summary.md');
    vi.stubEnv('GITHUB_STEP_SUMMARY', summaryFile);
    const message = 'OCTOMIND_API_KEY is not set, so the Octomind tests did not run. Add it as a secret of this CI job.';
    withState(manifest([], { reportUrl: undefined, sentinel: { title: 'Octomind: OCTOMIND_API_KEY is not set', outcome: 'fail', message } }));
    const reporter = new OctomindReporter();
    const sentinel = fakeTest('s', 'Octomind: OCTOMIND_API_KEY is not set', true);
    reporter.onBegin(CONFIG, suiteOf([sentinel]));
    reporter.onTestEnd(sentinel, fakeResult('failed', { error: `OctomindError: ${message}` }));
    reporter.onEnd(END);
    expect(lines()[0]).toBe(`Octomind: ${message}`);
    expect(printed()).toContain(`  ✘ Octomind: OCTOMIND_API_KEY is not set (FAILED) — OctomindError: ${message}`);
    expect(readFileSync(summaryFile, 'utf8')).toContain(`> ${message}`);
  });
});
