/**
 * A server that drip-feeds its answers (a byte at a time, never silent long enough for an idle
 * timeout), end to end: the local tests never wait for it, and a remote test ends at timeoutMs
 * naming it, never at Playwright's own test timeout.
 */
import { expect, test } from 'vitest';
import { matrixScenario } from './fault-matrix.js';
import { flatten, local, octomindEnv, remote, runPlaywright } from './harness.js';
import { useFixture } from './use-fixture.js';

const e2e = useFixture('basic');
const DRIP = { kind: 'drip', everyMs: 50 } as const;

test('drip-fed titles while the setup starts the run: the start ends at its deadline, every local test runs as before', async () => {
  const scenario = matrixScenario(e2e.fake.testTargetId);
  e2e.fake.setScenario(scenario);
  e2e.fake.clearFaults();
  e2e.fake.inject('testCases', DRIP, Infinity);
  e2e.fake.inject('testCase', DRIP, Infinity);
  // The start may take half of timeoutMs: 4 s, then the results of the other half.
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { OCTOMIND_TIMEOUT_MS: '8000' }) });
  const tests = flatten(run.json!);
  expect(local(tests).map((t) => t.status)).toEqual(['expected', 'expected', 'skipped']);
  const ids = scenario.testTargets[0]!.testCases.map((tc) => `Octomind test ${tc.id}`).sort();
  expect(remote(tests).map((t) => [t.title, t.status])).toEqual(ids.map((title) => [title, 'expected']));
  expect(run.stderr).toContain('The titles of the remote tests did not arrive before the start of the run timed out');
  expect(run.code).toBe(0);
});

test('a drip-fed poll: each remote test fails at timeoutMs, naming it and the report, not at Playwright\'s timeout', async () => {
  e2e.fake.setScenario(matrixScenario(e2e.fake.testTargetId));
  e2e.fake.clearFaults();
  e2e.fake.inject('report', DRIP, Infinity);
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { OCTOMIND_TIMEOUT_MS: '3000' }) });
  const tests = flatten(run.json!);
  expect(local(tests).map((t) => t.status)).toEqual(['expected', 'expected', 'skipped']);
  const remoteTests = remote(tests);
  expect(remoteTests.map((t) => [t.title, t.status, t.results[0]!.status])).toEqual([
    ['remote checkout', 'unexpected', 'failed'],
    ['remote login', 'unexpected', 'failed'],
  ]);
  for (const t of remoteTests) expect(t.results[0]!.error!.message).toMatch(/^Octomind did not finish this test within timeoutMs \(3 s\)\. It may still be running: http:\/\/127\.0\.0\.1:\d+\/testreports\//);
  expect(run.code).toBe(1);
});
