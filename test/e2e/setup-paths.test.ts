/**
 * Every way the setup can end without remote results: no key (locally and in CI), a bad key, an
 * unknown target, an Octomind outage, a bad setting, `--list`. Local tests always run and pass;
 * the remote project holds one sentinel test that says what happened and what to do.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { annotation, filesUnder, flatten, local, octomindEnv, prepareProject, remote, runPlaywright, uniqueApiKey } from './harness.js';
import { useFixture } from './use-fixture.js';

const e2e = useFixture('basic');
beforeEach(() => {
  e2e.fake.clearFaults();
  e2e.fake.log.length = 0;
});

function expectLocalTestsUnaffected(run: Awaited<ReturnType<typeof runPlaywright>>) {
  expect(local(flatten(run.json!)).map((t) => t.status)).toEqual(['expected', 'expected', 'skipped']);
}

function sentinelOf(run: Awaited<ReturnType<typeof runPlaywright>>) {
  const tests = remote(flatten(run.json!));
  expect(tests).toHaveLength(1);
  return tests[0]!;
}

test('no OCTOMIND_API_KEY on a developer machine: local tests run, the sentinel is skipped and says what to set', async () => {
  const run = await runPlaywright(e2e.project, ['test'], { env: { ...octomindEnv(e2e.fake), OCTOMIND_API_KEY: undefined } });
  expect(run.code).toBe(0);
  expectLocalTestsUnaffected(run);
  const sentinel = sentinelOf(run);
  expect(sentinel.title).toBe('Octomind: OCTOMIND_API_KEY is not set');
  expect(sentinel.status).toBe('skipped');
  expect(sentinel.annotations.find((a) => a.type === 'skip')?.description).toContain('Set OCTOMIND_API_KEY');
  expect(e2e.fake.log).toEqual([]);
});

test('no OCTOMIND_API_KEY in CI: a forgotten secret fails the run', async () => {
  const run = await runPlaywright(e2e.project, ['test'], { env: { ...octomindEnv(e2e.fake), OCTOMIND_API_KEY: undefined, CI: 'true' } });
  expect(run.code).toBe(1);
  expectLocalTestsUnaffected(run);
  const sentinel = sentinelOf(run);
  expect(sentinel.status).toBe('unexpected');
  expect(sentinel.results[0]!.error!.message).toMatch(/^OctomindError: OCTOMIND_API_KEY is not set.*secret of this CI job/s);
  expect(e2e.fake.log).toEqual([]);
});

test('a wrong key: one failed test that says to check OCTOMIND_API_KEY, and the wrong key is not echoed', async () => {
  const wrongKey = uniqueApiKey();
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { OCTOMIND_API_KEY: wrongKey }) });
  expect(run.code).toBe(1);
  expectLocalTestsUnaffected(run);
  const message = sentinelOf(run).results[0]!.error!.message!;
  expect(message).toContain('OCTOMIND_API_KEY');
  expect(message).toContain('Local tests ran as usual.');
  expect(run.stdout + run.stderr + JSON.stringify(run.json) + run.junit).not.toContain(wrongKey);
  expect(e2e.fake.log.map((r) => r.status)).toEqual([401]);
});

test('an unknown test target: one failed test naming the id', async () => {
  const unknown = '00000000-0000-4000-8000-000000000000';
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { OCTOMIND_TEST_TARGET_ID: unknown }) });
  expect(run.code).toBe(1);
  expectLocalTestsUnaffected(run);
  expect(sentinelOf(run).results[0]!.error!.message).toContain(unknown);
});

test('Octomind unavailable after retries: one failed test, local tests unaffected', async () => {
  e2e.fake.inject('execute', { kind: 'status', status: 503, retryAfter: '0' }, 50);
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake) });
  expect(run.code).toBe(1);
  expectLocalTestsUnaffected(run);
  const sentinel = sentinelOf(run);
  expect(sentinel.title).toBe('Octomind: the remote run could not start');
  expect(sentinel.results[0]!.error!.message).toMatch(/503/);
  expect(e2e.fake.log.filter((r) => r.path.endsWith('/execute')).length).toBe(6);
});

test('a bad setting stops the run before any request, naming the variable and the fix, once', async () => {
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { OCTOMIND_POLL_INTERVAL_MS: 'soon' }) });
  expect(run.code).not.toBe(0);
  const output = run.stdout + run.stderr;
  expect(output).toContain('OCTOMIND_POLL_INTERVAL_MS="soon"');
  expect(output).toContain('fix: give milliseconds');
  expect(output.split('OCTOMIND_POLL_INTERVAL_MS="soon"')).toHaveLength(2);
  expect(e2e.fake.log).toEqual([]);
});

test('--list sends nothing: it lists no remote test before any run, and the last known list after one', async () => {
  const fresh = prepareProject('basic');
  try {
    const before = await runPlaywright(fresh, ['test', '--list'], { env: octomindEnv(e2e.fake) });
    expect(before.code).toBe(0);
    expect(remote(flatten(before.json!))).toEqual([]);
    expect(local(flatten(before.json!))).toHaveLength(3);
    expect(e2e.fake.log).toEqual([]);

    const real = await runPlaywright(fresh, ['test'], { env: octomindEnv(e2e.fake) });
    const titles = remote(flatten(real.json!)).map((t) => t.title);
    expect(titles.length).toBeGreaterThan(0);
    e2e.fake.log.length = 0;
    const after = await runPlaywright(fresh, ['test', '--list'], { env: octomindEnv(e2e.fake) });
    expect(after.code).toBe(0);
    expect(remote(flatten(after.json!)).map((t) => t.title)).toEqual(titles);
    expect(local(flatten(after.json!))).toHaveLength(3);
    expect(e2e.fake.log).toEqual([]);
  } finally {
    fresh.cleanup();
  }
});

test('a short --timeout for local tests does not cut the remote wait', async () => {
  const run = await runPlaywright(e2e.project, ['test', '--timeout=1000'], { env: octomindEnv(e2e.fake) });
  expectLocalTestsUnaffected(run);
  // The demo scenario's results take up to 3 s, longer than the 1 s test timeout.
  expect(remote(flatten(run.json!)).map((t) => [t.title, t.results[0]!.status])).toEqual([
    ['add product to cart', 'passed'],
    ['checkout as guest', 'failed'],
    ['login with valid credentials', 'passed'],
    ['newsletter signup', 'failed'],
  ]);
});

test("a secret inside a given context (Azure's accessToken) reaches Octomind and no report", async () => {
  const token = `azure-token-${Date.now().toString(36)}`;
  const context = { source: 'azureDevOps', accessToken: token, organization: 'acme', project: 'Shop', repositoryId: 'r1', pullRequestId: 17 };
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { E2E_CONTEXT: JSON.stringify(context) }), reporters: ['html'] });
  const reportId = annotation(remote(flatten(run.json!))[0]!, 'octomind.report')!.split('/').pop()!;
  expect(e2e.fake.store.get(e2e.fake.testTargetId, reportId)!.context).toEqual(context);
  const files = ['out', 'test-results', 'playwright-report'].flatMap((dir) => filesUnder(path.join(e2e.project.dir, dir)));
  expect(files.length).toBeGreaterThan(3);
  for (const file of files) expect(readFileSync(file).includes(token), file).toBe(false);
  expect(run.stdout + run.stderr).not.toContain(token);
});

test('a remote run without test cases (tags that match none) says so in one skipped test', async () => {
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { OCTOMIND_TAGS: 'no-such-tag' }) });
  expect(run.code).toBe(0);
  expectLocalTestsUnaffected(run);
  const sentinel = sentinelOf(run);
  expect([sentinel.title, sentinel.status]).toEqual(['Octomind: the remote run has no test cases', 'skipped']);
  expect(sentinel.annotations.find((a) => a.type === 'skip')?.description).toMatch(/^The Octomind run has no test cases with the tags no-such-tag: http:\/\/127\.0\.0\.1:\d+\/testreports\//);
});

test('a local problem preparing the remote tests (their folder is a file) never stops the local tests', async () => {
  const blocker = path.join(e2e.project.dir, 'tests/.playwright-octomind');
  rmSync(blocker, { recursive: true, force: true });
  writeFileSync(blocker, 'not a folder');
  try {
    const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake) });
    expect(run.code).toBe(0);
    expectLocalTestsUnaffected(run);
    expect(remote(flatten(run.json!))).toEqual([]);
    expect(run.stderr).toMatch(/\[playwright-octomind\] The Octomind tests could not be prepared \(.*\); local tests run as usual\./);
  } finally {
    rmSync(blocker, { force: true });
  }
});

test('--repeat-each repeats local tests; each remote result is shown once, its repeats skipped', async () => {
  const run = await runPlaywright(e2e.project, ['test', '--repeat-each=2'], { env: octomindEnv(e2e.fake) });
  const tests = remote(flatten(run.json!));
  expect(tests).toHaveLength(8);
  const skipped = tests.filter((t) => t.status === 'skipped');
  expect(skipped).toHaveLength(4);
  for (const t of skipped) expect(t.annotations.find((a) => a.type === 'skip')?.description).toBe('A remote result is read once: --repeat-each does not repeat it.');
  expect(local(flatten(run.json!))).toHaveLength(6);
});

const LOOPBACK_TITLE = "Octomind: http://localhost:4321 is not reachable from Octomind's cloud";

test("an app on localhost (use.baseURL, no OCTOMIND_URL): nothing is sent; one skipped test names the URL, Octomind's cloud and the fixes", async () => {
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { OCTOMIND_URL: undefined }) });
  expect(run.code).toBe(0);
  expectLocalTestsUnaffected(run);
  const sentinel = sentinelOf(run);
  expect(sentinel.title).toBe(LOOPBACK_TITLE);
  expect(sentinel.status).toBe('skipped');
  const says = sentinel.annotations.find((a) => a.type === 'skip')?.description;
  expect(says).toContain('http://localhost:4321 (url, which defaults to use.baseURL), is this machine');
  expect(says).toContain('Octomind runs its tests in its cloud');
  expect(says).toContain("Set url (OCTOMIND_URL) to a deployment Octomind can reach, such as the pull request's preview URL");
  expect(says).toContain('privateLocation: true (OCTOMIND_PRIVATE_LOCATION=true)');
  expect(e2e.fake.log).toEqual([]);
});

test('an app on 127.0.0.1 in CI: the run fails on that test, nothing is sent', async () => {
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { OCTOMIND_URL: 'http://127.0.0.2:3000/shop', CI: 'true' }) });
  expect(run.code).toBe(1);
  expectLocalTestsUnaffected(run);
  const sentinel = sentinelOf(run);
  expect(sentinel.title).toBe("Octomind: http://127.0.0.2:3000/shop is not reachable from Octomind's cloud");
  expect(sentinel.results[0]!.error!.message).toMatch(/^OctomindError: The URL to test, http:\/\/127\.0\.0\.2:3000\/shop .* is this machine/);
  expect(e2e.fake.log).toEqual([]);
});

test('OCTOMIND_PRIVATE_LOCATION=true sends a localhost URL; a private address is sent with one line on stderr', async () => {
  const opted = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { OCTOMIND_URL: undefined, OCTOMIND_PRIVATE_LOCATION: 'true' }) });
  expect(remote(flatten(opted.json!)).map((t) => t.title)).not.toContain(LOOPBACK_TITLE);
  expect(e2e.fake.log.filter((r) => r.path.endsWith('/execute'))).toHaveLength(1);
  expect(opted.stderr).not.toContain('private');

  e2e.fake.log.length = 0;
  const privateNet = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { OCTOMIND_URL: 'http://10.1.2.3:8080' }) });
  expect(e2e.fake.log.filter((r) => r.path.endsWith('/execute'))).toHaveLength(1);
  const lines = privateNet.stderr.split('\n').filter((line) => line.includes('http://10.1.2.3:8080'));
  expect(lines).toEqual([expect.stringContaining('is a private network address: Octomind\'s cloud reaches it only through an Octomind private location')]);
});
