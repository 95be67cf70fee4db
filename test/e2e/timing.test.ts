/**
 * The remote wait overlaps the local suite: local tests start first, and the run ends within one
 * poll interval (plus seconds for process overhead) of the later of local and remote work.
 * Timing goals with figures live in the benchmarks; this checks the shape with generous bounds.
 */
import { describe, expect, test } from 'vitest';
import { testCase } from '../../fixtures/fake-octomind/scenario.js';
import { annotation, flatten, local, octomindEnv, remote, runPlaywright } from './harness.js';
import { useFixture } from './use-fixture.js';

const POLL_MS = 250;
const SLACK_MS = 2500;

const e2e = useFixture('basic');

const shapes = [
  { shape: 'remote outlasts local', localTestMs: 1000, remoteMs: 4000 },
  { shape: 'local outlasts remote', localTestMs: 2500, remoteMs: 1500 },
];

describe.each([1, 2])('--workers=%i', (workers) => {
  test.each(shapes)('$shape', async ({ localTestMs, remoteMs }) => {
    e2e.fake.setScenario({
      testTargets: [
        {
          id: e2e.fake.testTargetId,
          testCases: [
            testCase('remote quick check', { status: 'PASSED', afterMs: remoteMs / 2, trace: 'passed' }),
            testCase('remote long journey', { status: 'PASSED', afterMs: remoteMs, trace: 'passed' }),
          ],
        },
      ],
    });
    const run = await runPlaywright(e2e.project, ['test', `--workers=${workers}`], {
      env: octomindEnv(e2e.fake, { OCTOMIND_POLL_INTERVAL_MS: String(POLL_MS), LOCAL_TEST_MS: String(localTestMs) }),
    });
    expect(run.code).toBe(0);
    const tests = flatten(run.json!);
    const starts = (list: typeof tests) => list.flatMap((t) => t.results.map((r) => Date.parse(r.startTime)));
    const ends = (list: typeof tests) => list.flatMap((t) => t.results.map((r) => Date.parse(r.startTime) + r.duration));

    const reportId = annotation(remote(tests)[0]!, 'octomind.report')!.split('/').pop()!;
    const remoteDone = e2e.fake.store.get(e2e.fake.testTargetId, reportId)!.createdAt + remoteMs;
    const localStart = Math.min(...starts(local(tests)));
    // One worker takes the local tests first (the remote project is last); with two, both start
    // at once. Either way local work begins while the remote run is still going.
    if (workers === 1) expect(localStart).toBeLessThanOrEqual(Math.min(...starts(remote(tests))));
    expect(localStart).toBeLessThan(remoteDone);
    const localDone = Math.max(...ends(local(tests)));
    const runEnd = Date.parse(run.json!.stats.startTime) + run.json!.stats.duration;
    const lateWork = Math.max(localDone, remoteDone);
    // Worker and runner timestamps differ by milliseconds; the run cannot end much before the work.
    expect(runEnd).toBeGreaterThanOrEqual(lateWork - 250);
    expect(runEnd - lateWork).toBeLessThanOrEqual(POLL_MS + SLACK_MS);
  });
});
