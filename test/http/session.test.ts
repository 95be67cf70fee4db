/**
 * A Run of a UI mode / VS Code session against the fake Octomind over loopback: one remote run per
 * Run, results matched to the selected (listed) tests by test case id, the test that stands for a
 * run not listed yet, what a Run without key or with an outage says, and a Run ended early (a new
 * session) that ends its waiting tests at once and leaves no state.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../src/options/options.js';
import { readJson } from '../../src/state/files.js';
import { readKnownTests, writeKnownTests } from '../../src/generated/known-tests.js';
import { currentSession, interruptSessionRuns, sessionEndedSince, SessionRun } from '../../src/session/session-run.js';
import type { ListedTest } from '../../src/state/manifest.js';
import type { RemoteResult } from '../../src/state/result.js';
import { STATE_ENV, StateDir } from '../../src/state/state-dir.js';
import { fileKey, runInfoSchema } from '../../src/state/manifest.js';
import { FAILED_CLICK_MESSAGE, testCase, type FakeTestCase } from '../../fixtures/fake-octomind/scenario.js';
import { clientFor, sleep, tempDir, useFakeOctomind } from '../helpers/fake.js';

const ctx = useFakeOctomind();
const cleanups: Array<() => unknown> = [];
const runs: SessionRun[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.end();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const LOGIN = testCase('log in', { status: 'PASSED', afterMs: 50, trace: 'passed' });
const CHECKOUT = testCase('check out', { status: 'FAILED', afterMs: 100, errorMessage: FAILED_CLICK_MESSAGE, trace: 'failed' });
const SEARCH = testCase('search', { status: 'PASSED', afterMs: 50, trace: 'passed' });
const STUCK = testCase('never ends', { status: 'PASSED', afterMs: null });

const executes = () => ctx.fake.log.filter((entry) => entry.path.endsWith('/execute')).length;

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  // A bound only against a broken build: states are awaited, never timed.
  const end = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function begin(testCases: FakeTestCase[], selected: ListedTest[], options: { env?: Record<string, string | undefined>; listed?: FakeTestCase[] } = {}) {
  ctx.fake.setScenario({ testTargets: [{ id: ctx.fake.testTargetId, testCases }] });
  // The fake's clock moves with the polls: each result turns final at the poll that reaches its afterMs.
  ctx.clock.msPerPoll = 50;
  const generated = tempDir();
  cleanups.push(generated.cleanup);
  if (options.listed) {
    writeKnownTests(
      generated.dir,
      options.listed.map((tc) => ({ key: fileKey(tc.id), match: { testCaseId: tc.id }, testCaseId: tc.id, title: tc.description! })),
    );
  }
  const env: Record<string, string | undefined> = options.env ?? { OCTOMIND_API_KEY: ctx.fake.apiKey };
  const warnings: string[] = [];
  const settings = settingsSchema.parse({ apiUrl: ctx.fake.apiUrl, testTargetId: ctx.fake.testTargetId, url: 'https://staging.example.com', pollIntervalMs: 250, context: 'manual' });
  const run = SessionRun.begin({
    settings,
    projectName: 'octomind',
    generatedDir: generated.dir,
    selected,
    warn: (message) => warnings.push(message),
    env,
    createClient: () => clientFor(ctx.fake).client,
  });
  runs.push(run);
  const state = new StateDir(env[STATE_ENV]!);
  const resultOf = (testCaseId: string | undefined): RemoteResult => state.results.get(testCaseId ? fileKey(testCaseId) : 'all')!;
  const has = (testCaseId: string | undefined) => state.results.get(testCaseId ? fileKey(testCaseId) : 'all') !== undefined;
  return { run, env, state, warnings, generated: generated.dir, resultOf, has };
}

const listedAs = (tc: FakeTestCase): ListedTest => ({ title: tc.description!, testCaseId: tc.id });

describe('SessionRun', () => {
  it('starts one remote run and gives each selected test its own result, by test case id', async () => {
    const r = begin([LOGIN, CHECKOUT, SEARCH], [listedAs(LOGIN), listedAs(CHECKOUT)], { listed: [LOGIN, CHECKOUT, SEARCH] });
    expect(r.env[STATE_ENV]).toBe(r.state.root);
    await waitFor(() => r.has(LOGIN.id) && r.has(CHECKOUT.id), 'both results');
    expect(executes()).toBe(1);
    expect(r.resultOf(LOGIN.id)).toMatchObject({ kind: 'final', status: 'PASSED', trace: { path: expect.any(String) } });
    expect(r.resultOf(CHECKOUT.id)).toMatchObject({ kind: 'final', status: 'FAILED', errorMessage: FAILED_CLICK_MESSAGE });
    expect(r.has(SEARCH.id)).toBe(false);
    expect(readJson(r.state.runInfo, runInfoSchema).reportUrl).toMatch(/\/testreports\//);
    expect(r.warnings.some((w) => w.includes(readJson(r.state.runInfo, runInfoSchema).reportUrl))).toBe(true);
    await r.run.end();
    expect(existsSync(r.state.root)).toBe(false);
    expect(r.env[STATE_ENV]).toBeUndefined();
  });

  it('before any listing, the one selected test stands for the whole run: it fails naming each failure, and the list is written', async () => {
    const r = begin([LOGIN, CHECKOUT], [{ testCaseId: '', title: 'Octomind: all remote tests (not listed yet)', aggregate: true }]);
    await waitFor(() => r.has(undefined), 'the aggregate result');
    const result = r.resultOf(undefined);
    expect(result).toMatchObject({ kind: 'final', status: 'FAILED' });
    expect(result.errorMessage).toContain(`✘ check out: ${FAILED_CLICK_MESSAGE.split('\n')[0]}`);
    expect(result.errorMessage).not.toContain('log in');
    expect(readKnownTests(r.generated)!.tests.map((t) => t.title).sort()).toEqual(['check out', 'log in']);
    await r.run.end();
  });

  it('a listed test the run no longer holds fails at once saying so; test cases new since the listing are named', async () => {
    const gone = testCase('deleted remotely', { status: 'PASSED', afterMs: 50 });
    const r = begin([LOGIN, SEARCH], [listedAs(LOGIN), listedAs(gone)], { listed: [LOGIN, gone] });
    await waitFor(() => r.has(gone.id) && r.has(LOGIN.id), 'both results');
    expect(r.resultOf(gone.id)).toMatchObject({ kind: 'failure', errorMessage: expect.stringContaining('not part of the remote run') });
    expect(r.warnings.some((w) => w.startsWith('1 remote test not listed yet'))).toBe(true);
    await r.run.end();
  });

  it.each([
    ['on a developer machine: skipped', {}, 'skipped'],
    ['in CI: failed', { CI: 'true' }, 'failure'],
  ] as const)('without OCTOMIND_API_KEY, %s, and nothing is sent', async (_where, extra, kind) => {
    const r = begin([LOGIN], [listedAs(LOGIN)], { env: { ...extra } });
    await waitFor(() => r.has(LOGIN.id), 'the result');
    expect(r.resultOf(LOGIN.id)).toMatchObject({ kind, errorMessage: expect.stringContaining('OCTOMIND_API_KEY') });
    expect(ctx.fake.log).toEqual([]);
    await r.run.end();
  });

  it('an outage fails every selected test saying the run could not start', async () => {
    ctx.fake.inject('execute', { kind: 'status', status: 503 }, Infinity);
    const r = begin([LOGIN], [listedAs(LOGIN)], { listed: [LOGIN] });
    await waitFor(() => r.has(LOGIN.id), 'the result');
    expect(r.resultOf(LOGIN.id)).toMatchObject({ kind: 'failure', errorMessage: expect.stringMatching(/^The Octomind run could not start: .*503/s) });
    await r.run.end();
  });

  it('interrupted (a new session): its waiting tests fail at once with the reason and the URL, polling stops, end() removes the state', async () => {
    const r = begin([LOGIN, STUCK], [listedAs(LOGIN), listedAs(STUCK)], { listed: [LOGIN, STUCK] });
    await waitFor(() => r.has(LOGIN.id), 'the finished result');
    expect(readFileSync((r.resultOf(LOGIN.id).trace as { path: string }).path).length).toBeGreaterThan(0);
    await interruptSessionRuns('The session ended.');
    const stuck = r.resultOf(STUCK.id);
    expect(stuck).toMatchObject({ kind: 'failure' });
    expect(stuck.errorMessage).toMatch(/^The session ended\.\nOctomind report: http:\/\/127\.0\.0\.1:\d+\/testreports\//);
    expect(r.resultOf(LOGIN.id)).toMatchObject({ kind: 'final', status: 'PASSED' });
    expect(r.warnings.at(-1)).toMatch(/^The Octomind run goes on remotely/);
    const requests = ctx.fake.log.length;
    await r.run.end();
    expect(existsSync(r.state.root)).toBe(false);
    expect(r.env[STATE_ENV]).toBeUndefined();
    expect(ctx.fake.log.length, 'no request after the interrupt').toBe(requests);
    expect(path.basename(r.state.root)).toMatch(new RegExp(`^playwright-octomind-${process.pid}-`));
  });

  it('a Run under way when a new session began learns so at its onBegin, with the reason', async () => {
    const session = currentSession();
    expect(sessionEndedSince(session)).toBeUndefined();
    await interruptSessionRuns('A new session began.');
    expect(sessionEndedSince(session)).toBe('A new session began.');
    expect(sessionEndedSince(currentSession())).toBeUndefined();
  });
});
