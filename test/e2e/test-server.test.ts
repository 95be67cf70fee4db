/**
 * Issue 12 through the test server as the VS Code extension speaks to it (initialize with
 * closeOnDisconnect and interceptStdio, runGlobalSetup before the first Run, listTests, runTests
 * with the enabled projects, stopTests, a disconnect on close). Execute requests are counted in the
 * fake's log; each test has its own fake, project copy and TMPDIR.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { ROOT, flatten, remote, runPlaywright } from './harness.js';
import { until, within } from './modes/process.js';
import { LOCAL_TITLES, REMOTE_TITLES, newSession, octomindLines, quickScenario, reportUrlPattern, waitingScenario } from './modes/session.js';
import { annotationOf, type TeleReport } from './modes/tele-report.js';
import { TestServerSession } from './modes/test-server.js';

const ALL = ['local', 'octomind'];
const BOUND_MS = 90_000;

async function openSession(project: Parameters<typeof TestServerSession.start>[0], env: Record<string, string>): Promise<TestServerSession> {
  const session = await TestServerSession.start(project, env);
  onTestFinished(() => session.dispose());
  await session.initialize();
  return session;
}

function remoteResults(report: TeleReport) {
  return report.ran().filter((t) => t.projectName === 'octomind');
}

function traceBytes(name: string): Buffer {
  return readFileSync(path.join(ROOT, 'fixtures/traces', `${name}.zip`));
}

/** Resolves once a remote test of the Run has begun, i.e. it is waiting on its remote result. */
async function remoteTestsBegun(report: TeleReport, session: TestServerSession): Promise<void> {
  await until(() => report.all().some((t) => t.projectName === 'octomind' && t.results.length > 0), BOUND_MS, `no remote test began. Output:\n${session.output}`);
}

test('R1, issue 20: VS Code\'s first listing, before any setup, names each remote test; opening starts no remote run', { timeout: 180_000 }, async () => {
  const s = await newSession();
  const session = await openSession(s.project, s.env);
  // VS Code lists before it runs global setup; the list is read as the config first loads, and
  // VS Code lists the rewritten spec again (its file watcher), as this loop does.
  let listed = await session.listTests();
  expect(listed.titles('local')).toEqual(LOCAL_TITLES);
  const end = Date.now() + BOUND_MS;
  while (listed.titles('octomind').join('\n') !== REMOTE_TITLES.join('\n')) {
    if (Date.now() > end) throw new Error(`the listing never named the remote tests: ${JSON.stringify(listed.titles('octomind'))}. Output:\n${session.output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    listed = await session.listTests();
  }
  expect(s.lists(), 'the list of test cases was read').toBeGreaterThan(0);
  expect(s.executes(), 'opening a VS Code session and listing its tests must not start a remote run').toBe(0);
});

test('R1: a Run of only local tests sends nothing and prints nothing about Octomind', { timeout: 180_000 }, async () => {
  const s = await newSession();
  const session = await openSession(s.project, s.env);
  await session.listTests();
  // VS Code runs global setup before its first Run; its tree has only the first project enabled.
  expect((await session.runGlobalSetup()).status).toBe('passed');
  const run = await session.runTests({ projects: ['local'] });
  expect(run.report.ran().map((t) => t.title).sort()).toEqual(LOCAL_TITLES);
  expect(run.report.ran().every((t) => t.last.status === 'passed')).toBe(true);
  expect(s.executes(), 'a Run that selects no remote test must not start a remote run').toBe(0);
  expect(octomindLines(session.output), 'a Run that selects no remote test prints nothing about Octomind').toEqual([]);
});

/**
 * A fresh checkout: the setup VS Code runs before its first Run reads the list of test cases, so
 * the listing after it names each remote test, and nothing has been executed.
 */
async function openWithTheList(session: TestServerSession, s: Awaited<ReturnType<typeof newSession>>): Promise<void> {
  expect((await session.runGlobalSetup()).status).toBe('passed');
  expect((await session.listTests()).titles('octomind'), 'after the setup, the first listing names each remote test').toEqual(REMOTE_TITLES);
  expect(s.executes(), 'opening starts no remote run').toBe(0);
}

/** A Run of the one test that stands for the remote run: it runs them all and fails naming each failure. */
async function runTheStandIn(session: TestServerSession, s: Awaited<ReturnType<typeof newSession>>, title: string): Promise<void> {
  const before = s.executes();
  const run = await session.runTests({ projects: ['octomind'], trace: 'on' });
  expect(s.executes(), 'the Run of the stand-in starts one remote run').toBe(before + 1);
  const [aggregate] = remoteResults(run.report);
  expect(aggregate!.title).toBe(title);
  expect(aggregate!.last.status).toBe('failed');
  const message = aggregate!.last.errors.map((e) => e.message).join('\n');
  expect(message).toMatch(/^2 remote tests of 3 failed:/);
  expect(message).toContain('✘ remote fails: ');
  expect(message).toContain('✘ remote errors: browser pool exhausted');
  expect((await session.listTests()).titles('octomind'), 'the next listing names each remote test').toEqual(REMOTE_TITLES);
}

test('issue 20: in a fresh checkout the first Run shows each remote test with its own status', { timeout: 240_000 }, async () => {
  const s = await newSession(quickScenario('first'));
  const session = await openSession(s.project, s.env);
  await openWithTheList(session, s);
  const run = await session.runTests({ projects: ALL, trace: 'on' });
  expect(s.executes(), 'the first Run starts one remote run').toBe(1);
  const status = Object.fromEntries(remoteResults(run.report).map((t) => [t.title, t.last.status]));
  expect(status).toEqual({ 'remote errors': 'failed', 'remote fails': 'failed', 'remote passes': 'passed' });
});

test('issue 20: Octomind down as the session opens: the one stand-in says why, and running it runs every remote test', { timeout: 240_000 }, async () => {
  const s = await newSession();
  s.fake.inject('testCases', { kind: 'status', status: 503 }, Infinity);
  const session = await openSession(s.project, s.env);
  expect((await session.runGlobalSetup()).status).toBe('passed');
  const [title, ...more] = (await session.listTests()).titles('octomind');
  expect(more).toEqual([]);
  // Five retries with jittered backoff may outlast the 10 s the opening waits: either says it.
  expect(title).toMatch(/^Octomind: all remote tests \(not listed: (Octomind could not be reached|Octomind did not answer within 10 s)\)$/);
  expect(session.output).toContain('The list of Octomind tests could not be read');
  expect(s.executes(), 'opening starts no remote run').toBe(0);
  s.fake.clearFaults();
  await runTheStandIn(session, s, title!);
});

test('issue 20: without OCTOMIND_API_KEY the one stand-in says so, and running it skips saying how to set it', { timeout: 180_000 }, async () => {
  const s = await newSession();
  const env = Object.fromEntries(Object.entries(s.env).filter(([name]) => name !== 'OCTOMIND_API_KEY'));
  const session = await openSession(s.project, env);
  expect((await session.listTests()).titles('octomind'), 'the first listing, before any setup').toEqual(['Octomind: all remote tests (not listed: OCTOMIND_API_KEY is not set)']);
  expect((await session.runGlobalSetup()).status).toBe('passed');
  const run = await session.runTests({ projects: ['octomind'] });
  const [standIn] = remoteResults(run.report);
  expect(standIn!.last.status).toBe('skipped');
  expect(standIn!.last.annotations.map((a) => a.description).join('\n')).toContain('Set OCTOMIND_API_KEY');
  expect(s.fake.log, 'nothing is sent without a key').toEqual([]);
});

test('R2: each Run of remote tests starts one remote run and shows its own results (status, error, annotations)', { timeout: 240_000 }, async () => {
  const s = await newSession(quickScenario('first'));
  const session = await openSession(s.project, s.env);
  await openWithTheList(session, s);

  const first = await session.runTests({ projects: ALL, trace: 'on' });
  expect(s.executes(), 'the first Run with remote tests starts one remote run').toBe(1);
  const results = remoteResults(first.report);
  expect(results.map((t) => t.title).sort()).toEqual(REMOTE_TITLES);
  const byTitle = Object.fromEntries(results.map((t) => [t.title, t]));

  const passes = byTitle['remote passes']!.last;
  expect(passes.status).toBe('passed');
  expect(annotationOf(passes, 'octomind.status')).toBe('PASSED');
  expect(annotationOf(passes, 'octomind.testCaseId')).toBe('a1b2c3d4-0000-4000-8000-000000000001');

  const fails = byTitle['remote fails']!.last;
  expect(fails.status).toBe('failed');
  expect(fails.errors.map((e) => e.message).join('\n')).toContain('(first remote run)');
  expect(annotationOf(fails, 'octomind.status')).toBe('FAILED');
  expect(annotationOf(fails, 'octomind.testCaseId')).toBe('a1b2c3d4-0000-4000-8000-000000000002');

  const errors = byTitle['remote errors']!.last;
  expect(errors.status).toBe('failed');
  expect(errors.errors.map((e) => e.message).join('\n')).toContain('browser pool exhausted (first remote run)');
  expect(annotationOf(errors, 'octomind.status')).toBe('ERROR');

  // The second Run: a new remote run, whose results (not the first run's) are shown.
  s.fake.setScenario(quickScenario('second'));
  const second = await session.runTests({ projects: ALL, trace: 'on' });
  expect(s.executes(), 'each Run with remote tests starts its own remote run').toBe(2);
  const failsAgain = remoteResults(second.report).find((t) => t.title === 'remote fails')!.last;
  expect(failsAgain.errors.map((e) => e.message).join('\n'), 'the second Run shows the second remote run, not a replay').toContain('(second remote run)');
});

test('R6: one trace attachment per remote test (trace: on as VS Code sends it), byte-identical to the remote zip', { timeout: 240_000 }, async () => {
  const s = await newSession();
  const session = await openSession(s.project, s.env);
  await openWithTheList(session, s);
  const run = await session.runTests({ projects: ALL, trace: 'on' });
  const byTitle = Object.fromEntries(remoteResults(run.report).map((t) => [t.title, t]));
  const traces = (t: (typeof byTitle)[string]) => t!.last.attachments.filter((a) => a.name === 'trace');
  // The remote trace once, as Octomind served it; no empty local trace beside it.
  expect(traces(byTitle['remote passes']!), 'one trace attachment per remote test').toHaveLength(1);
  expect(readFileSync(traces(byTitle['remote passes']!)[0]!.path!).equals(traceBytes('passed')), 'the trace is the remote zip').toBe(true);
  expect(traces(byTitle['remote fails']!), 'one trace attachment per remote test').toHaveLength(1);
  expect(readFileSync(traces(byTitle['remote fails']!)[0]!.path!).equals(traceBytes('failed')), 'the trace is the remote zip').toBe(true);
  expect(traces(byTitle['remote errors']!), 'a remote test without a remote trace gets no (empty, local) trace').toEqual([]);
});

test('R3: after one run, a new session lists the remote tests before any setup and runs one on its own', { timeout: 240_000 }, async () => {
  const s = await newSession();
  const first = await openSession(s.project, s.env);
  await first.runGlobalSetup();
  await first.runTests({ projects: ALL });
  expect(s.executes()).toBe(1);
  first.disconnect();
  await within(first.process.exited, BOUND_MS, 'the test server did not exit on disconnect');

  const session = await openSession(s.project, s.env);
  const listed = await session.listTests();
  expect(listed.titles('octomind'), 'VS Code lists the remote tests of the last known run').toEqual(REMOTE_TITLES);
  expect(s.executes(), 'listing sends nothing').toBe(1);

  await session.runGlobalSetup();
  const target = listed.byTitle('remote fails', 'octomind');
  const run = await session.runTests({ projects: ALL, testIds: [target.testId] });
  expect(s.executes(), 'running one remote test starts one remote run').toBe(2);
  expect(run.report.ran().map((t) => t.title)).toEqual(['remote fails']);
  expect(run.report.ran()[0]!.last.status).toBe('failed');
  expect(run.report.ran()[0]!.last.errors.map((e) => e.message).join('\n')).toContain('(first remote run)');
});

test('R3: after one run, `playwright test --list` lists the remote tests', { timeout: 240_000 }, async () => {
  const s = await newSession();
  const run = await runPlaywright(s.project, ['test'], { env: s.env });
  expect(remote(flatten(run.json!)).map((t) => t.title).sort()).toEqual(REMOTE_TITLES);
  const executes = s.executes();
  const list = await runPlaywright(s.project, ['test', '--list'], { env: s.env });
  expect(remote(flatten(list.json!)).map((t) => t.title).sort(), '--list shows the remote tests of the last known run').toEqual(REMOTE_TITLES);
  expect(s.executes(), '--list sends nothing').toBe(executes);
});

test('R4: stopTests during a Run ends every waiting remote test', { timeout: 240_000 }, async () => {
  const s = await newSession(waitingScenario());
  const session = await openSession(s.project, s.env);
  await session.runGlobalSetup();
  const run = session.startRun({ projects: ALL });
  await remoteTestsBegun(run.report, session);
  await session.stopTests();
  await within(run.done, BOUND_MS, 'the Run did not end after stopTests');
  for (const t of run.report.ofProject('octomind').filter((t) => t.results.length)) {
    expect(t.results.at(-1)!.status, `"${t.title}" did not end`).toBeDefined();
  }
});

test('R4: a new global setup during a Run (UI reload, runGlobalSetupOnEachRun) ends the old Run\'s remote tests, saying why', { timeout: 240_000 }, async () => {
  const s = await newSession(waitingScenario());
  const session = await openSession(s.project, s.env);
  await session.runGlobalSetup();
  const run = session.startRun({ projects: ALL });
  await remoteTestsBegun(run.report, session);
  await session.runGlobalSetup();
  await within(run.done, BOUND_MS, 'the Run begun before the new setup never ended: its remote tests wait for state that is gone (they would wait timeoutMs, 2 h by default)');
  const remotes = run.report.ofProject('octomind').filter((t) => t.results.length);
  expect(remotes.length).toBeGreaterThan(0);
  for (const t of remotes) {
    const last = t.results.at(-1)!;
    expect(['failed', 'skipped', 'interrupted'], `"${t.title}" ended ${last.status}`).toContain(last.status);
    const why = [...last.errors.map((e) => e.message ?? ''), ...last.annotations.map((a) => a.description ?? '')].join('\n');
    expect(why.trim(), `"${t.title}" ended without a message saying why`).not.toBe('');
  }
});

test('R5: closing like VS Code (disconnect, no teardown) leaves no state dir, and the report URL was printed', { timeout: 240_000 }, async () => {
  const s = await newSession();
  const session = await openSession(s.project, s.env);
  await session.runGlobalSetup();
  await session.runTests({ projects: ALL });
  expect(s.executes()).toBe(1);
  session.disconnect();
  await within(session.process.exited, BOUND_MS, 'the test server did not exit on disconnect');
  expect(session.output, 'the remote run\'s URL was printed').toMatch(reportUrlPattern(s.fake));
  expect(s.stateDirs(), 'no state dir of the session remains after VS Code closes it').toEqual([]);
});

test('R5: a runner killed (SIGKILL) during a Run leaves state that the next start sweeps', { timeout: 300_000 }, async () => {
  const s = await newSession(waitingScenario());
  const session = await openSession(s.project, s.env);
  await session.runGlobalSetup();
  const run = session.startRun({ projects: ALL });
  run.done.catch(() => undefined);
  await remoteTestsBegun(run.report, session);
  expect(session.output).toMatch(reportUrlPattern(s.fake));
  session.process.signal('SIGKILL');
  await within(session.process.exited, BOUND_MS, 'the killed test server did not exit');
  expect(s.stateDirs().length, 'precondition: a killed runner cannot clean up its state dir').toBeGreaterThan(0);

  s.fake.setScenario(quickScenario());
  const next = await runPlaywright(s.project, ['test'], { env: s.env });
  expect(next.code, next.stderr).not.toBeNull();
  expect(s.stateDirs(), 'the next start sweeps what the killed runner left').toEqual([]);
});

test('local tests in a session are unchanged by the plugin', { timeout: 180_000 }, async () => {
  const s = await newSession();
  const session = await openSession(s.project, s.env);
  await session.runGlobalSetup();
  const run = await session.runTests({ projects: ['local'], trace: 'on' });
  expect(run.status).toBe('passed');
  const ran = run.report.ran();
  expect(ran.map((t) => t.title).sort()).toEqual(LOCAL_TITLES);
  // trace: 'on' from the session reaches local tests as before: each gets Playwright's own trace.
  for (const t of ran) expect(t.last.attachments.filter((a) => a.name === 'trace')).toHaveLength(1);
});
