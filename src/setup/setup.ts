/**
 * The global setup appended by withOctomind. Runs in the runner process before test files load.
 * On the command line it triggers the remote run (or attaches to one), writes the manifest once,
 * starts the poller and returns the teardown. In a UI mode / VS Code / watch session it runs once
 * per session and triggers nothing: it reads the list of test cases for the tree
 * (session/open-list.ts), and each Run starts its own remote run (session/session-run.ts). Its
 * own part never throws: an outage, a bad key or an unknown target becomes one failed sentinel
 * test, so local tests always run. Before Playwright 1.49 it also runs the user's global setup,
 * whose errors stop the run exactly as they would without the plugin.
 */
import type { FullConfig } from '@playwright/test';
import { isOctomindProject, settingsOf } from '../options/project-metadata.js';
import { removeNow, removeOnExit, sweepStaleStateDirs } from '../state/cleanup.js';
import { announce, warn } from '../text/console.js';
import { writeJsonAtomic } from '../state/files.js';
import { plural } from '../text/format.js';
import { writeKnownTests, writeSpecWithKnownTests } from '../generated/known-tests.js';
import { noApiKey, START_FAILURE_TITLE, startFailureMessage } from '../trigger/messages.js';
import { privateUrlWarning, unreachableUrl } from '../trigger/target-url.js';
import { runnerMode } from '../command-line/mode.js';
import { atLeast, FILTERED_PROJECTS, parseVersion } from '../compat/playwright-version.js';
import { cliProjectFilter, projectSelected } from '../command-line/project-filter.js';
import { interruptSessionRuns } from '../session/session-run.js';
import { readListOnOpening } from '../session/open-list.js';
import { loadUserSetup } from '../compat/user-setup.js';
import { connect, goesOnRemotely, RemoteRun } from '../poll/remote-run.js';
import { STATE_ENV, StateDir } from '../state/state-dir.js';
import { type Manifest, type Sentinel } from '../state/manifest.js';

/** Shown when a sharded run has no report id: every shard would start a remote run of its own. */
const SHARD_RECIPE =
  'This is a sharded run (--shard) without OCTOMIND_TEST_REPORT_ID, so each shard would start its own Octomind run; none was started. ' +
  'Trigger the run once (`npx playwright-octomind execute --github-output`) and pass its id to every shard as OCTOMIND_TEST_REPORT_ID ' +
  '(README: Sharded runs).';

type Teardown = () => Promise<void>;

/** Set only before Playwright 1.49, where this module is the config's one `globalSetup`. */
const userSetup = loadUserSetup();

/**
 * The user's setup (before 1.49 only) runs first and its errors stop the run as they would without
 * the plugin; its teardown runs after the plugin's, the order Playwright gives setup arrays.
 */
export default async function globalSetup(config: FullConfig): Promise<Teardown | undefined> {
  const user = await userSetup();
  const userTeardown = user ? await user(config) : undefined;
  const ours = await octomindSetup(config);
  if (typeof userTeardown !== 'function') return ours;
  return async () => {
    try {
      await ours?.();
    } finally {
      await (userTeardown as () => unknown)();
    }
  };
}

async function octomindSetup(config: FullConfig): Promise<Teardown | undefined> {
  try {
    return await setUp(config);
  } catch (err) {
    // A thrown global setup would skip the local tests too: this is the last net under a local
    // problem (an unwritable folder); Octomind's own failures became a sentinel test above it.
    warn(`The Octomind tests could not be prepared (${(err as Error).message}); local tests run as usual.`);
    return undefined;
  }
}

/** Said to the tests of a session's Runs still waiting when that session ends. */
const SESSION_ENDED =
  'The UI mode / VS Code session that started this Run ended (a reload, Reload, or the test server stopped) before the remote result arrived. Run the test again.';

async function setUp(config: FullConfig): Promise<Teardown | undefined> {
  const project = config.projects.find(isOctomindProject);
  if (!project) return undefined;
  sweepStaleStateDirs();
  if (runnerMode() === 'session') {
    // Listing needs the spec file, and UI mode lists right after this setup: it waits for the list
    // of test cases (a Reload reads it anew). Each Run decides for itself whether it starts a remote run.
    writeSpecWithKnownTests(project.testDir);
    await readListOnOpening({ settings: settingsOf(project), generatedDir: project.testDir, warn });
    return () => interruptSessionRuns(SESSION_ENDED);
  }
  if (!selectedByProjectFilter(config, project.name)) return undefined;
  if (onlyChanged(process.argv)) {
    warn('--only-changed runs the tests of changed files; the remote Octomind tests are in none, so no remote run was started.');
    return undefined;
  }

  const settings = settingsOf(project);
  const state = StateDir.create();
  removeOnExit(state.root);
  process.env[STATE_ENV] = state.root;
  writeSpecWithKnownTests(project.testDir);
  const base: Manifest = { version: 1, projectName: project.name, timeoutMs: settings.timeoutMs, tests: [] };
  const removeState = async () => removeNow(state.root);
  /** Every way to end without polling: the remote project then holds this one test. */
  const endWith = (sentinel: Sentinel, manifest: Manifest = base): Teardown => {
    writeManifest(state, { ...manifest, sentinel });
    return removeState;
  };

  const apiKey = process.env.OCTOMIND_API_KEY;
  if (!apiKey) return endWith({ title: 'Octomind: OCTOMIND_API_KEY is not set', ...noApiKey(Boolean(process.env.CI)) });
  if (sharded(config) && !settings.testReportId) {
    return endWith({ title: 'Octomind: sharded run without OCTOMIND_TEST_REPORT_ID', outcome: 'fail', message: SHARD_RECIPE });
  }

  const unreachable = unreachableUrl(settings, Boolean(process.env.CI));
  if (unreachable) return endWith(unreachable);
  const mayNotReach = privateUrlWarning(settings);
  if (mayNotReach) warn(mayNotReach);

  const client = connect(settings, apiKey, warn);
  let remote: RemoteRun;
  try {
    remote = await RemoteRun.start(client, settings, warn);
  } catch (err) {
    await client.close();
    return endWith(failure(err));
  }
  const { run } = remote;
  const manifest: Manifest = { ...base, ...run };
  if (run.tests.length === 0) {
    await client.close();
    const filter = settings.tags.length ? ` with the tags ${settings.tags.join(', ')}` : '';
    const message = `The Octomind run has no test cases${filter}: ${run.reportUrl}`;
    return endWith({ title: 'Octomind: the remote run has no test cases', outcome: 'skip', message }, manifest);
  }
  writeManifest(state, manifest);
  announce(`Octomind run: ${run.reportUrl} (${plural(run.tests.length, 'test')})`);

  // Every shard attaches to the run, but only the one holding the remote tests starts them: the
  // others send nothing more, and none waits for results it does not show (teardown stops it).
  void remote.follow(state, { awaitDemand: sharded(config) });
  return async () => {
    if (!(await remote.stop())) warn(goesOnRemotely(run.reportUrl));
    await client.close();
    await removeState();
    // For `--list`, UI mode and VS Code; this run declares its tests from the manifest. Written
    // before Playwright loads the test files, the changed spec would be compiled anew before the
    // first local test: ~0.3 s for 1,000 remote tests (BENCHMARKS.md).
    try {
      writeKnownTests(project.testDir, run.tests);
    } catch (err) {
      warn(`The list of remote tests for --list, UI mode and VS Code could not be updated (${(err as Error).message}); the next run updates it.`);
    }
  };
}

/** `--project` as this run applies it: from Playwright itself, or read from its command line before 1.64. */
function selectedByProjectFilter(config: FullConfig, projectName: string): boolean {
  if (atLeast(parseVersion(config.version), FILTERED_PROJECTS)) return config.filteredProjects.some((p) => p.name === projectName);
  return projectSelected(cliProjectFilter(process.argv), projectName);
}

/**
 * The setup cannot see Playwright's file filters, but it can see its own command line. With
 * --only-changed the generated spec (git-ignored) is never among the changed files, so a remote
 * run would be triggered and never shown.
 */
function onlyChanged(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === '--only-changed' || arg.startsWith('--only-changed='));
}

function sharded(config: FullConfig): boolean {
  return Boolean(config.shard && config.shard.total > 1);
}

function failure(err: unknown): Sentinel {
  return { title: START_FAILURE_TITLE, outcome: 'fail', message: startFailureMessage(err) };
}

function writeManifest(state: StateDir, manifest: Manifest): void {
  writeJsonAtomic(state.manifest, manifest);
}

