/**
 * Suites come in every shape. Wrapped with withOctomind, their local tests must behave exactly as
 * before: the same tests, projects, locations, statuses, retries and annotations as an unwrapped
 * run of the same suite, with the user's own global setup, teardown and webServer still working.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startFakeOctomind, type FakeOctomind } from '../../fixtures/fake-octomind/server.js';
import { atLeast, parseVersion } from '../../src/compat/playwright-version.js';
import { flatten, local, octomindEnv, playwrightVersion, prepareProject, remote, runPlaywright, uniqueApiKey, type FlatTest, type Project } from './harness.js';
import { freePort } from '../../fixtures/show-report.js';

let fake: FakeOctomind;
beforeAll(async () => {
  fake = await startFakeOctomind({ apiKey: uniqueApiKey() });
});
beforeEach(() => {
  fake.log.length = 0;
});
afterAll(() => fake.close());

/** What must not change: everything a reporter shows of a local test, minus timings. */
function observable(tests: FlatTest[]) {
  return tests.map((t) => ({
    project: t.projectName,
    file: t.file,
    at: `${t.line}:${t.column}`,
    title: t.title,
    tags: t.tags,
    expected: t.expectedStatus,
    status: t.status,
    annotations: t.annotations.map((a) => `${a.type}=${a.description ?? ''}`),
    results: t.results.map((r) => `${r.retry}:${r.status}:${r.errors.map((e) => e.message).join('|')}`),
  }));
}

const fixtures = [
  { name: 'full', description: 'projects, dependencies, own global setup and teardown, webServer, retries, testIgnore', localCount: 6, dependencies: true },
  { name: 'esm', description: 'an ESM .mts config without projects', localCount: 2, dependencies: false },
  { name: 'cjs', description: 'a CommonJS .js config with one project', localCount: 2, dependencies: false },
  { name: 'esm-package', description: 'a "type": "module" package with two projects', localCount: 2, dependencies: false },
];

/**
 * Playwright 1.42.1 and 1.49.1 hang before running a test of an ESM config on Node 20.20, with or
 * without the plugin (their ESM loader registration); 1.56.1 runs them. Measured, not fixable here.
 */
const esmConfigsHang = !atLeast(parseVersion(playwrightVersion()), [1, 50, 0]);
const runnable = fixtures.filter((f) => !(esmConfigsHang && f.name.startsWith('esm')));

describe.each(runnable)('$name: $description', ({ name, localCount, dependencies }) => {
  let project: Project;
  let env: Record<string, string>;
  beforeAll(async () => {
    project = prepareProject(name);
    env = { ...octomindEnv(fake), E2E_PORT: String(await freePort()) };
  });
  afterAll(() => project.cleanup());

  test('local tests behave exactly as without withOctomind; the remote tests come on top', { timeout: 90_000 }, async () => {
    const without = await runPlaywright(project, ['test'], { env: { ...env, E2E_WITHOUT_OCTOMIND: '1' } });
    expect(fake.log).toEqual([]);
    const wrapped = await runPlaywright(project, ['test'], { env });

    const before = flatten(without.json!);
    const after = flatten(wrapped.json!);
    expect(before).toHaveLength(localCount);
    expect(observable(local(after))).toEqual(observable(before));
    expect(remote(after).map((t) => t.title)).toEqual(['add product to cart', 'checkout as guest', 'login with valid credentials', 'newsletter signup']);
    // With project dependencies, an empty project puts the remote one after yours (README: Setup projects).
    const anchor = dependencies ? ['octomind (after local tests)'] : [];
    expect(wrapped.json!.config.projects.map((p) => p.name)).toEqual([...without.json!.config.projects.map((p) => p.name), ...anchor, 'octomind']);
    // The demo scenario fails two remote tests; nothing else changed the exit code.
    expect(without.code).toBe(0);
    expect(wrapped.code).toBe(1);
    expect(fake.log.filter((r) => r.path.endsWith('/execute'))).toHaveLength(1);
  });
});

describe('full: the rest of the suite around the plugin', () => {
  let project: Project;
  beforeAll(() => {
    project = prepareProject('full');
  });
  afterAll(() => project.cleanup());

  test("the user's global setup and teardown run once each, before and after", async () => {
    await runPlaywright(project, ['test'], { env: { ...octomindEnv(fake), E2E_PORT: String(await freePort()) } });
    expect(readFileSync(path.join(project.dir, 'lifecycle.log'), 'utf8')).toBe('setup projects=setup,unit,api,octomind (after local tests),octomind\nteardown\n');
  });

  test('--project of a local project sends nothing to Octomind and declares no remote test', async () => {
    const run = await runPlaywright(project, ['test', '--project', 'unit'], { env: { ...octomindEnv(fake), E2E_PORT: String(await freePort()) } });
    expect(run.code).toBe(0);
    const tests = flatten(run.json!);
    expect(remote(tests)).toEqual([]);
    expect(tests.map((t) => `${t.projectName} › ${t.title}`)).toEqual([
      'setup › authenticate',
      'unit › formats dollars',
      'unit › is flaky once, then passes on the retry',
      'unit › is expected to fail',
    ]);
    expect(fake.log).toEqual([]);
  });

  test('--project octomind runs only the remote tests', async () => {
    const run = await runPlaywright(project, ['test', '--project', 'octomind'], { env: { ...octomindEnv(fake), E2E_PORT: String(await freePort()) } });
    const tests = flatten(run.json!);
    expect(local(tests)).toEqual([]);
    expect(remote(tests)).toHaveLength(4);
  });
});

describe('basic: the generated spec under a config without withOctomind', () => {
  let project: Project;
  beforeAll(() => {
    project = prepareProject('basic');
  });
  afterAll(() => project.cleanup());

  test('a config that shares the test dir but is not wrapped skips the remote tests, saying why', async () => {
    const env = { ...octomindEnv(fake), OCTOMIND_POLL_INTERVAL_MS: '250' };
    const wrapped = await runPlaywright(project, ['test'], { env });
    expect(remote(flatten(wrapped.json!))).toHaveLength(4);

    const without = await runPlaywright(project, ['test'], { env: { ...env, E2E_WITHOUT_OCTOMIND: '1' } });
    const tests = flatten(without.json!);
    expect(without.code).toBe(0);
    const generated = tests.filter((t) => t.file.endsWith('octomind.spec.ts'));
    expect(tests.filter((t) => !generated.includes(t)).map((t) => `${t.title}: ${t.status}`)).toEqual(local(flatten(wrapped.json!)).map((t) => `${t.title}: ${t.status}`));
    expect(generated.map((t) => t.title)).toEqual(['add product to cart', 'checkout as guest', 'login with valid credentials', 'newsletter signup']);
    for (const t of generated) {
      expect(t.status).toBe('skipped');
      expect(t.annotations).toContainEqual(expect.objectContaining({ type: 'skip', description: expect.stringContaining('add "**/.playwright-octomind/**" to its testIgnore') }));
    }
    expect(fake.log.filter((r) => r.path.endsWith('/execute'))).toHaveLength(1);
  });
});
