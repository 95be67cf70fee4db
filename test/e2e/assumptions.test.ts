/**
 * What the plugin's UI mode / VS Code design relies on although Playwright does not document it
 * (CONTRIBUTING.md: How it works). Probes in fixtures/projects/probes record what they see; each
 * check names the assumption, so the day a Playwright release changes one, this file says which.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { runnerMode } from '../../src/command-line/mode.js';
import { NON_FILTERING_OPTIONS } from '../../src/command-line/whole-suite.js';
import { prepareProject, ROOT, runPlaywright, type Project } from './harness.js';
import { until, within } from './modes/process.js';
import { TestServerSession } from './modes/test-server.js';
import { UI_WAIT_MS, UiMode } from './modes/ui-mode.js';

interface ProbeEvent {
  event: 'setup' | 'teardown' | 'reporter-created' | 'onBegin' | 'test';
  pid: number;
  setupId?: string;
  mark?: string;
  title?: string;
  tests?: string[];
  argv?: string[];
  watch?: string;
}

function probes(): { project: Project; env: Record<string, string>; events: () => ProbeEvent[] } {
  const project = prepareProject('probes');
  onTestFinished(() => project.cleanup());
  const log = path.join(project.dir, 'probe-log.jsonl');
  const events = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as ProbeEvent)
      : [];
  return { project, env: { PROBE_LOG: log }, events };
}

async function open(project: Project, env: Record<string, string>): Promise<TestServerSession> {
  const session = await TestServerSession.start(project, env);
  onTestFinished(() => session.dispose());
  await session.initialize();
  return session;
}

const of = (events: ProbeEvent[], kind: ProbeEvent['event']) => events.filter((e) => e.event === kind);

test('assumption: the test server runs global setup only on runGlobalSetup, once per session, never per Run', { timeout: 180_000 }, async () => {
  const p = probes();
  const session = await open(p.project, p.env);
  await session.listTests();
  await session.runTests({ projects: ['probes'] });
  expect(of(p.events(), 'setup'), 'ASSUMPTION CHANGED: a test-server Run (runTests) now runs global setup itself').toHaveLength(0);
  expect((await session.runGlobalSetup()).status).toBe('passed');
  await session.runTests({ projects: ['probes'] });
  await session.runTests({ projects: ['probes'] });
  expect(of(p.events(), 'setup'), 'ASSUMPTION CHANGED: global setup no longer runs exactly once per runGlobalSetup in a test-server session').toHaveLength(1);
  await session.runGlobalSetup();
  const kinds = p.events().map((e) => e.event).filter((k) => k === 'setup' || k === 'teardown');
  expect(kinds, 'ASSUMPTION CHANGED: runGlobalSetup no longer tears the previous setup down first').toEqual(['setup', 'teardown', 'setup']);
});

test('assumption: the test server creates the config reporters for each Run, and onBegin sees exactly the tests of that Run', { timeout: 180_000 }, async () => {
  const p = probes();
  const session = await open(p.project, p.env);
  await session.runGlobalSetup();
  const listed = await session.listTests();
  await session.runTests({ projects: ['probes'] });
  await session.runTests({ projects: ['probes'], testIds: [listed.byTitle('probe two').testId] });
  expect(of(p.events(), 'reporter-created'), 'ASSUMPTION CHANGED: config reporters are no longer created for test-server Runs').toHaveLength(2);
  expect(
    of(p.events(), 'onBegin').map((e) => e.tests),
    "ASSUMPTION CHANGED: a config reporter's onBegin in a test-server Run no longer sees exactly that Run's tests",
  ).toEqual([['probe one', 'probe two'], ['probe two']]);
});

test("assumption: the runner's env when a reporter's onBegin runs is what that Run's workers get; the setup's env reaches them", { timeout: 180_000 }, async () => {
  const p = probes();
  const session = await open(p.project, p.env);
  await session.runGlobalSetup();
  await session.runTests({ projects: ['probes'] });
  await session.runTests({ projects: ['probes'] });
  const [setup] = of(p.events(), 'setup');
  const tests = of(p.events(), 'test');
  expect(tests.map((e) => e.mark), "ASSUMPTION CHANGED: workers no longer start with the runner's env as it is at the Run's onBegin").toEqual(['run-1', 'run-1', 'run-2', 'run-2']);
  expect(new Set(tests.map((e) => e.setupId)), "ASSUMPTION CHANGED: the global setup's env no longer reaches the test-server's workers").toEqual(new Set([setup!.setupId]));
  expect(new Set(tests.map((e) => e.pid)).has(setup!.pid), 'tests run in worker processes, not in the runner').toBe(false);
});

test('assumption: a test server initialized with closeOnDisconnect exits on disconnect without teardown', { timeout: 180_000 }, async () => {
  const p = probes();
  const session = await open(p.project, p.env);
  await session.runGlobalSetup();
  session.disconnect();
  await within(session.process.exited, 90_000, 'ASSUMPTION CHANGED: the test server no longer exits when VS Code disconnects');
  expect(of(p.events(), 'teardown'), 'ASSUMPTION CHANGED: the test server now runs global teardown on disconnect (the plugin cleans up itself there)').toHaveLength(0);
});

test("assumption: the runner's command line tells UI mode and the test server from a command-line run", { timeout: 240_000 }, async () => {
  const p = probes();
  const setups = () => of(p.events(), 'setup');
  await runPlaywright(p.project, ['test'], { env: p.env });
  expect(setups()).toHaveLength(1);
  const session = await open(p.project, p.env);
  await session.runGlobalSetup();
  expect(setups()).toHaveLength(2);
  const ui = await UiMode.open(p.project, p.env);
  onTestFinished(() => ui.dispose());
  await until(() => setups().length >= 3, UI_WAIT_MS, 'UI mode ran no global setup');
  const modes = setups().map((e) => runnerMode(e.argv!, { PWTEST_WATCH: e.watch }));
  expect(modes, `ASSUMPTION CHANGED: the runner's command line (${JSON.stringify(setups().map((e) => e.argv!.slice(2)))}) no longer tells a session from a command-line run`).toEqual([
    'command-line',
    'session',
    'session',
  ]);
});

/** The options of `playwright test` that choose which tests run (or start a session): never the whole suite. */
const FILTERING_OPTIONS = ['-g', '--grep', '-G', '--grep-invert', '--last-failed', '--only-changed', '--shard', '--test-list', '--test-list-invert', '--ui', '--ui-host', '--ui-port', '-h', '--help'];

test("assumption: every option of `playwright test` is known to choose tests or not (command-line/whole-suite.ts)", async () => {
  const help = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', '--help'], { encoding: 'utf8' });
  const options = [...help.matchAll(/^\s{2}(-\w, )?(--[\w-]+|-\w)\b/gm)].flatMap((m) => [m[1]?.slice(0, 2), m[2]!]).filter((o): o is string => Boolean(o));
  expect(options.length, 'the help lists its options').toBeGreaterThan(30);
  const unknown = options.filter((option) => !(option in NON_FILTERING_OPTIONS) && !FILTERING_OPTIONS.includes(option));
  expect(unknown, 'ASSUMPTION CHANGED: `playwright test` has options whole-suite.ts does not sort (they count as filters until added)').toEqual([]);
});
