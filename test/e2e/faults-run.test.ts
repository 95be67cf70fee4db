/** Fault matrix, second half: faults while the run goes on (polling, trace downloads), and a result that never finishes. */
import { expect, describe, test } from 'vitest';
import { testCase } from '../../fixtures/fake-octomind/scenario.js';
import { faultCases } from './fault-cases.js';
import { runFaultCase } from './fault-matrix.js';
import { flatten, local, octomindEnv, remote, runPlaywright } from './harness.js';
import { useFixture } from './use-fixture.js';

const e2e = useFixture('basic');

describe.each(['polling', 'download'] as const)('%s', (phase) => {
  test.each(faultCases([phase]))('$name → $outcome', (c) => runFaultCase(e2e.fake, e2e.project, c));
});

test('a result that never finishes: failed at timeoutMs, naming it; the finished one kept', async () => {
  e2e.fake.clearFaults();
  e2e.fake.setScenario({
    testTargets: [
      {
        id: e2e.fake.testTargetId,
        // Final at the first poll, which comes before any deadline: only 'remote stuck' meets timeoutMs.
        testCases: [testCase('remote done', { status: 'PASSED', afterMs: 0, trace: 'passed' }), testCase('remote stuck', { status: 'PASSED', afterMs: null })],
      },
    ],
  });
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, { OCTOMIND_TIMEOUT_MS: '2000' }) });
  const tests = flatten(run.json!);
  expect(local(tests).map((t) => t.status)).toEqual(['expected', 'expected', 'skipped']);
  expect(remote(tests).map((t) => [t.title, t.status])).toEqual([
    ['remote done', 'expected'],
    ['remote stuck', 'unexpected'],
  ]);
  expect(remote(tests)[1]!.results[0]!.error!.message).toMatch(/did not finish this test within timeoutMs \(2 s\)/);
});
