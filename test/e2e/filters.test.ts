/**
 * What Playwright's filters do to the remote run (README: Filters). The setup runs before
 * Playwright filters tests, so it triggers the remote run whenever the remote project is
 * selected; the filters then choose which remote results are shown. --only-changed is the
 * exception: the generated spec is never a changed file, so nothing is triggered.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { flatten, local, octomindEnv, remote, runPlaywright } from './harness.js';
import { useFixture } from './use-fixture.js';

const e2e = useFixture('basic');
beforeEach(() => {
  e2e.fake.log.length = 0;
});
const executes = () => e2e.fake.log.filter((r) => r.path.endsWith('/execute')).length;
const ran = (tests: ReturnType<typeof flatten>) => tests.filter((t) => t.results.length > 0).map((t) => t.title);

test('--grep @octomind runs only the remote tests', async () => {
  const run = await runPlaywright(e2e.project, ['test', '--grep', '@octomind'], { env: octomindEnv(e2e.fake) });
  const tests = flatten(run.json!);
  expect(ran(local(tests))).toEqual([]);
  expect(ran(remote(tests))).toHaveLength(4);
  expect(executes()).toBe(1);
});

test('--grep on a title shows only the matching remote test; the remote run is still the whole run', async () => {
  const run = await runPlaywright(e2e.project, ['test', '--grep', 'checkout as guest'], { env: octomindEnv(e2e.fake) });
  expect(ran(flatten(run.json!))).toEqual(['checkout as guest']);
  expect(executes()).toBe(1);
});

test('--grep-invert @octomind hides the remote tests, but the remote run is triggered (use --project to skip it)', async () => {
  const run = await runPlaywright(e2e.project, ['test', '--grep-invert', '@octomind'], { env: octomindEnv(e2e.fake) });
  const tests = flatten(run.json!);
  expect(ran(remote(tests))).toEqual([]);
  expect(ran(local(tests))).toHaveLength(3);
  expect(executes()).toBe(1);
});

test('--last-failed reruns the remote tests that failed last time, against a new remote run', async () => {
  await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake) });
  const run = await runPlaywright(e2e.project, ['test', '--last-failed'], { env: octomindEnv(e2e.fake) });
  expect(ran(flatten(run.json!))).toEqual(['checkout as guest', 'newsletter signup']);
  expect(executes()).toBe(2);
});

test('--only-changed runs the changed local files and starts no remote run, saying why', async () => {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', ...args], { cwd: e2e.project.dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', 'playwright.config.ts', 'tests');
  git('commit', '-qm', 'base');
  appendFileSync(path.join(e2e.project.dir, 'tests/cart.spec.ts'), "\ntest('cart is empty at first', async () => {});\n");
  const run = await runPlaywright(e2e.project, ['test', '--only-changed'], { env: octomindEnv(e2e.fake) });
  const tests = flatten(run.json!);
  expect(remote(tests)).toEqual([]);
  expect(ran(local(tests))).toContain('cart is empty at first');
  expect(run.stderr).toContain('--only-changed runs the tests of changed files; the remote Octomind tests are in none, so no remote run was started.');
  expect(e2e.fake.log).toEqual([]);
});
