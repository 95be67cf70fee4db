/**
 * The global setup appended by withOctomind. Runs in the runner process before test files load:
 * triggers the remote run (or attaches to one), writes the manifest once, starts the poller and
 * returns the teardown. Its own part never throws: an outage, a bad key or an unknown target
 * becomes one failed sentinel test, so local tests always run. Before Playwright 1.49 it also runs
 * the user's global setup, whose errors stop the run exactly as they would without the plugin.
 */
import { rmSync } from 'node:fs';
import type { FullConfig } from '@playwright/test';
import { createOctomindClient } from '../api/client.js';
import { isOctomindProject, settingsOf } from '../config.js';
import { announce, warn } from './console.js';
import { writeJsonAtomic } from './files.js';
import { plural } from './format.js';
import { writeSpecFile } from './generated-spec.js';
import { atLeast, FILTERED_PROJECTS, parseVersion } from './playwright-version.js';
import { cliProjectFilter, projectSelected } from './project-filter.js';
import { loadUserSetup } from './user-setup.js';
import { followRun, goesOnRemotely, startRun, type StartedRun } from './start.js';
import { STATE_ENV, StateDir, type Manifest, type Sentinel } from './state.js';

/** Shown when a sharded run has no report id: every shard would start a remote run of its own. */
export const SHARD_RECIPE =
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

async function setUp(config: FullConfig): Promise<Teardown | undefined> {
  const project = config.projects.find(isOctomindProject);
  if (!project) return undefined;
  if (!selectedByProjectFilter(config, project.name)) return undefined;
  if (onlyChanged(process.argv)) {
    warn('--only-changed runs the tests of changed files; the remote Octomind tests are in none, so no remote run was started.');
    return undefined;
  }

  const settings = settingsOf(project);
  const state = StateDir.create();
  process.env[STATE_ENV] = state.root;
  writeSpecFile(project.testDir);
  const base: Manifest = { version: 1, projectName: project.name, timeoutMs: settings.timeoutMs, tests: [] };
  const removeState = async () => rmSync(state.root, { recursive: true, force: true });
  /** Every way to end without polling: the remote project then holds this one test. */
  const endWith = (sentinel: Sentinel, manifest: Manifest = base): Teardown => {
    writeManifest(state, { ...manifest, sentinel });
    return removeState;
  };

  const apiKey = process.env.OCTOMIND_API_KEY;
  if (!apiKey) {
    const inCI = Boolean(process.env.CI);
    return endWith({
      title: 'Octomind: OCTOMIND_API_KEY is not set',
      outcome: inCI ? 'fail' : 'skip',
      message: inCI
        ? 'OCTOMIND_API_KEY is not set, so the Octomind tests did not run. Add it as a secret of this CI job (Octomind app → Settings → API keys).'
        : 'Set OCTOMIND_API_KEY to run the Octomind tests of this suite too.',
    });
  }
  if (config.shard && config.shard.total > 1 && !settings.testReportId) {
    return endWith({ title: 'Octomind: sharded run without OCTOMIND_TEST_REPORT_ID', outcome: 'fail', message: SHARD_RECIPE });
  }

  const client = createOctomindClient({ apiUrl: settings.apiUrl, apiKey, apiVersion: settings.apiVersion, onWarning: warn });
  const started = Date.now();
  let run: StartedRun;
  try {
    run = await startRun(client, settings, warn);
  } catch (err) {
    await client.close();
    return endWith(failure(err));
  }
  const manifest: Manifest = { ...base, ...run };
  if (run.tests.length === 0) {
    await client.close();
    const filter = settings.tags.length ? ` with the tags ${settings.tags.join(', ')}` : '';
    const message = `The Octomind run has no test cases${filter}: ${run.reportUrl}`;
    return endWith({ title: 'Octomind: the remote run has no test cases', outcome: 'skip', message }, manifest);
  }
  writeManifest(state, manifest);
  announce(`Octomind run: ${run.reportUrl} (${plural(run.tests.length, 'test')})`);

  const poller = followRun(client, state, run, settings, started);
  return async () => {
    const { complete } = await poller.stop();
    if (!complete) warn(goesOnRemotely(run.reportUrl));
    await client.close();
    await removeState();
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
export function onlyChanged(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === '--only-changed' || arg.startsWith('--only-changed='));
}

function failure(err: unknown): Sentinel {
  const message = err instanceof Error ? err.message : String(err);
  return { title: 'Octomind: the remote run could not start', outcome: 'fail', message: `${message}\nLocal tests ran as usual.` };
}

function writeManifest(state: StateDir, manifest: Manifest): void {
  writeJsonAtomic(state.manifest, manifest);
}

