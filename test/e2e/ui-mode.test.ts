/**
 * Issue 12 in real UI mode (`--ui-host=127.0.0.1 --ui-port=0`) driven in Chromium by what it shows.
 * UI mode ticks only the first project (`local`) at start; the remote project is ticked in the
 * filter where a test wants remote tests. Execute requests are counted in the fake's log; each
 * test has its own fake, project copy and TMPDIR.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import type { Project } from './harness.js';
import { ROOT } from './harness.js';
import { until } from './modes/process.js';
import { LOCAL_TITLES, REMOTE_TITLES, newSession, octomindLines, quickScenario, reportUrlPattern, waitingScenario, type Session } from './modes/session.js';
import { annotationOf } from './modes/tele-report.js';
import { UI_WAIT_MS, UiMode } from './modes/ui-mode.js';
import { AGGREGATE_TITLE } from '../../src/proxy/remote-tests.js';

async function openUi(project: Project, env: Record<string, string>): Promise<UiMode> {
  const ui = await UiMode.open(project, env);
  onTestFinished(() => ui.dispose());
  return ui;
}

/** Opens UI mode with the remote project ticked too, and the tree showing every test. */
async function openWithRemote(s: Session): Promise<UiMode> {
  const ui = await openUi(s.project, s.env);
  await ui.waitForTests(LOCAL_TITLES);
  await ui.setProject('octomind', true);
  return ui;
}

/** The error text of a test's last result as the page received it (the Errors pane shows the remote trace's error). */
function reportedError(ui: UiMode, title: string): string {
  return ui.report.byTitle(title, 'octomind').results.at(-1)!.errors.map((e) => e.message).join('\n');
}

/**
 * A fresh checkout: UI mode runs global setup before its first listing, and the setup reads the
 * list of test cases, so the first tree names each remote test. The stand-in for a run not listed
 * yet never shows; nothing has been executed.
 */
async function firstTree(ui: UiMode, s: Session): Promise<void> {
  await ui.waitForTests(REMOTE_TITLES, 'in a fresh checkout, the tree names each remote test');
  expect(ui.listings[0]?.titles('octomind'), 'the first listing UI mode received names each remote test').toEqual(REMOTE_TITLES);
  expect(await ui.treeItem(AGGREGATE_TITLE).count(), 'the stand-in is not listed where the list could be read').toBe(0);
  expect(s.lists(), 'the list of test cases was read').toBeGreaterThan(0);
  expect(s.executes(), 'opening starts no remote run').toBe(0);
}

const remoteResultCount = (ui: UiMode) => ui.report.all().reduce((n, t) => n + (t.projectName === 'octomind' ? t.results.length : 0), 0);

/** Resolves once the page has received the begin of a remote test after `before` remote results: it waits on its remote result. */
function remoteBegun(ui: UiMode, before: number): Promise<void> {
  return until(() => remoteResultCount(ui) > before, UI_WAIT_MS, `no remote test began. Output:\n${ui.output}`);
}

test('R1: opening UI mode starts no remote run; a Run of the ticked local project sends nothing and prints nothing about Octomind', { timeout: 240_000 }, async () => {
  const s = await newSession();
  const ui = await openUi(s.project, s.env);
  await ui.waitForTests(LOCAL_TITLES);
  expect(s.executes(), 'opening UI mode (octomind unticked) must not start a remote run').toBe(0);
  await ui.runAll();
  for (const title of LOCAL_TITLES) expect(await ui.status(title)).toBe('passed');
  expect(s.executes(), 'a Run of local tests only must not start a remote run').toBe(0);
  expect(octomindLines(ui.output), 'a Run of local tests only prints nothing about Octomind').toEqual([]);
});

test('R1: the Reload button does not start a remote run', { timeout: 240_000 }, async () => {
  const s = await newSession();
  const ui = await openUi(s.project, s.env);
  await ui.waitForTests(LOCAL_TITLES);
  await ui.pressReload();
  await ui.waitForTests(LOCAL_TITLES);
  await ui.runAll();
  expect(s.executes(), 'Reload and a local Run must not start a remote run').toBe(0);
});

test('R2, issue 20: in a fresh checkout the first Run shows each remote test with its own result and the remote trace; each Run starts one remote run', { timeout: 300_000 }, async () => {
  const s = await newSession(quickScenario('first'));
  // A slow answer (longer than UI mode takes to start and connect): a tree listed before the list
  // arrived would show up in the first listing.
  s.fake.inject('testCases', { kind: 'slow', delayMs: 6_000 });
  const ui = await openWithRemote(s);
  await firstTree(ui, s);
  const before = s.executes();
  await ui.runAll();
  expect(s.executes() - before, 'one remote run for the Run').toBe(1);

  expect(await ui.status('remote passes')).toBe('passed');
  expect(await ui.status('remote fails')).toBe('failed');
  expect(await ui.status('remote errors')).toBe('failed');
  expect(reportedError(ui, 'remote fails')).toContain('(first remote run)');
  expect(reportedError(ui, 'remote errors')).toContain('browser pool exhausted (first remote run)');
  // UI mode shows the remote trace as the test's own: the remote failure's actions and error.
  expect((await ui.traceActions('remote fails')).join('\n')).toContain("getByRole('button', { name: 'Checkout' })");
  expect(await ui.errorText('remote fails')).toContain('TimeoutError: locator.click: Timeout 5000ms exceeded.');

  const fails = ui.report.byTitle('remote fails', 'octomind').results.at(-1)!;
  expect(annotationOf(fails, 'octomind.status')).toBe('FAILED');
  expect(annotationOf(fails, 'octomind.testCaseId')).toBe('a1b2c3d4-0000-4000-8000-000000000002');
  s.fake.setScenario(quickScenario('second'));
  await ui.runAll();
  expect(s.executes() - before, 'the second Run starts its own remote run').toBe(2);
  expect(reportedError(ui, 'remote fails'), 'the second Run shows the second remote run, not a replay').toContain('(second remote run)');
});

test('R6: one trace attachment per remote test in UI mode, byte-identical to the remote zip', { timeout: 300_000 }, async () => {
  const s = await newSession();
  const ui = await openWithRemote(s);
  await firstTree(ui, s);
  await ui.runAll();
  const fails = ui.report.byTitle('remote fails', 'octomind').results.at(-1)!;
  const traces = fails.attachments.filter((a) => a.name === 'trace');
  expect(traces, 'one trace attachment per remote test in UI mode').toHaveLength(1);
  expect(readFileSync(traces[0]!.path!).equals(readFileSync(path.join(ROOT, 'fixtures/traces/failed.zip'))), 'the trace is the remote zip').toBe(true);
  const passes = ui.report.byTitle('remote passes', 'octomind').results.at(-1)!;
  expect(passes.attachments.filter((a) => a.name === 'trace'), 'one trace attachment per remote test in UI mode').toHaveLength(1);
});

test('R3: UI mode opened again lists the remote tests at once and runs one on its own', { timeout: 300_000 }, async () => {
  const s = await newSession();
  const first = await openWithRemote(s);
  await firstTree(first, s);
  await first.stop('SIGINT');

  const ui = await openWithRemote(s);
  await ui.waitForTests(REMOTE_TITLES, 'UI mode does not list the remote tests');
  expect(s.executes(), 'opening and listing start no remote run').toBe(0);
  await ui.runTest('remote fails');
  expect(s.executes(), 'running one remote test starts one remote run').toBe(1);
  expect(await ui.status('remote fails')).toBe('failed');
  expect(reportedError(ui, 'remote fails')).toContain('(first remote run)');
  const ran = ui.report.ran().map((t) => t.title);
  expect(ran, 'only the chosen test ran').toEqual(['remote fails']);
});

test('R4: reloading the tab while remote tests wait does not hang UI mode', { timeout: 300_000 }, async () => {
  const s = await newSession();
  const ui = await openWithRemote(s);
  await firstTree(ui, s);
  s.fake.setScenario(waitingScenario());
  const before = remoteResultCount(ui);
  const run = await ui.startRunAll();
  run.ended.catch(() => undefined);
  await remoteBegun(ui, before);
  await ui.reloadTab();
  // The reloaded tab lists tests only once the old Run has ended (Playwright queues listTests
  // behind it): the tree loading is the sign that the old Run's waiting remote tests ended.
  await ui.waitForTests(LOCAL_TITLES, 'after a tab reload UI mode stays on "Loading…": the Run begun before it never ended (its remote tests wait for state that is gone; timeoutMs, 2 h by default)');
  expect(ui.output, 'the old Run\'s remote tests end saying why').toContain('session that started this Run ended');
});

test('R5: SIGINT to UI mode leaves no state dir, and the report URL was printed', { timeout: 240_000 }, async () => {
  const s = await newSession();
  const ui = await openWithRemote(s);
  await ui.runAll();
  expect(s.executes()).toBe(1);
  await ui.stop('SIGINT');
  expect(ui.output).toMatch(reportUrlPattern(s.fake));
  expect(s.stateDirs(), 'no state dir remains after SIGINT').toEqual([]);
});

test('R5: SIGTERM to UI mode during a Run leaves no state dir, and the report URL was printed', { timeout: 240_000 }, async () => {
  const s = await newSession(waitingScenario());
  const ui = await openWithRemote(s);
  const run = await ui.startRunAll();
  run.ended.catch(() => undefined);
  await remoteBegun(ui, 0);
  await ui.stop('SIGTERM');
  expect(ui.output).toMatch(reportUrlPattern(s.fake));
  expect(s.stateDirs(), 'no state dir remains after SIGTERM').toEqual([]);
});
