/**
 * What differs between Playwright releases, closed inside the plugin (CONTRIBUTING.md:
 * Compatibility internals), run on every supported release: the user's global setup and teardown
 * around the plugin's (one file before 1.49), the remote tests in one worker slot under
 * --fully-parallel (no project `workers` before 1.52), and `--project` from the command line (no
 * `filteredProjects` before 1.64) deciding exactly as Playwright's own filter does on 1.65.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startFakeOctomind, type FakeOctomind } from '../../fixtures/fake-octomind/server.js';
import { flatten, local, octomindEnv, playwrightVersion, prepareProject, remote, runPlaywright, uniqueApiKey, type Project } from './harness.js';

const REMOTE_TITLES = ['add product to cart', 'checkout as guest', 'login with valid credentials', 'newsletter signup'];
const LOCAL = ['web', 'api'].flatMap((p) => ['one', 'two', 'three', 'four'].map((n) => `${p} › local ${n}`));

let fake: FakeOctomind;
let project: Project;
beforeAll(async () => {
  fake = await startFakeOctomind({ apiKey: uniqueApiKey() });
  project = prepareProject('compat');
});
beforeEach(() => {
  fake.log.length = 0;
});
afterAll(async () => {
  await fake.close();
  project.cleanup();
});

const lifecycle = () => readFileSync(path.join(project.dir, 'lifecycle.log'), 'utf8').trim().split('\n');
const executes = () => fake.log.filter((r) => r.path.endsWith('/execute')).length;
const shown = (run: Awaited<ReturnType<typeof runPlaywright>>) => (run.json ? flatten(run.json) : []).map((t) => `${t.projectName} › ${t.title}`);

describe.each([
  ['./setup.ts', 'TypeScript (CommonJS)'],
  ['./setup.mjs', 'ESM'],
])(`Playwright ${playwrightVersion()}: a %s global setup (%s) returning a teardown, and a globalTeardown`, (setup) => {
  test('run once each, in order: user setup, Octomind setup … Octomind teardown, its teardown, globalTeardown', async () => {
    rmSync(path.join(project.dir, 'lifecycle.log'), { force: true });
    const run = await runPlaywright(project, ['test', '--fully-parallel'], { env: { ...octomindEnv(fake), E2E_SETUP: setup } });
    const name = path.basename(setup);
    expect(lifecycle()).toEqual([`${name} projects=web,api,octomind octomind-tests=not yet`, `${name} teardown`, 'teardown.ts']);
    const tests = flatten(run.json!);
    // Local tests saw the user's setup (SUITE_TOKEN) and passed; the demo scenario fails two remote tests.
    expect(local(tests).map((t) => `${t.projectName} › ${t.title} ${t.status}`).sort()).toEqual(LOCAL.map((t) => `${t} expected`).sort());
    expect(remote(tests).map((t) => t.title)).toEqual(REMOTE_TITLES);
    expect(run.code).toBe(1);
    expect(executes()).toBe(1);

    // --fully-parallel: the remote tests hold one worker slot, one after the other (a failed one
    // restarts the worker, possibly in the other slot), and start only once every local test has.
    const spans = remote(tests).map((t) => ({ start: Date.parse(t.results[0]!.startTime), end: Date.parse(t.results[0]!.startTime) + t.results[0]!.duration }));
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    const localStarts = local(tests).map((t) => Date.parse(t.results[0]!.startTime));
    expect(Math.max(...localStarts)).toBeLessThanOrEqual(spans[0]!.start);
  }, 90_000);
});

describe(`Playwright ${playwrightVersion()}: --project on the command line decides as Playwright's own filter`, () => {
  test.each([
    [['--project', 'api'], false],
    [['--project=web', '--project', 'api'], false],
    [['--project', 'octomind'], true],
    [['--project=OctoMind'], true],
    [['--project', 'octo*'], true],
    [['--project', 'web', 'OCTO*'], true],
    [['--project', '*'], true],
    [['--project', 'a*', '--grep', 'local one'], false],
    [['--project=api', 'octomind'], false],
  ])('%j: remote run %s', async (args, triggered) => {
    const run = await runPlaywright(project, ['test', ...args], { env: octomindEnv(fake) });
    expect(executes()).toBe(triggered ? 1 : 0);
    expect(remote(run.json ? flatten(run.json) : []).length).toBe(triggered ? REMOTE_TITLES.length : 0);
    if (!triggered) expect(shown(run).every((t) => !t.startsWith('octomind'))).toBe(true);
  }, 60_000);
});
