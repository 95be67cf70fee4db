/**
 * The remote wait overlaps the local suite, shown by state rather than by the clock: the local
 * tests wait on a gate the test opens, and the remote results turn final only when the test moves
 * the fake's clock. If the plugin waited for Octomind before the local tests ran, or downloaded
 * traces only after them, one side would wait for the other forever and the test would time out.
 * How soon the run ends after the later of the two is a timing goal: see BENCHMARKS.md.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ManualClock } from '../../fixtures/fake-octomind/clock.js';
import { testCase } from '../../fixtures/fake-octomind/scenario.js';
import { waitFor } from '../helpers/fake.js';
import { flatten, local, octomindEnv, remote, runPlaywright } from './harness.js';
import { useFixture } from './use-fixture.js';

const clock = new ManualClock();
const e2e = useFixture('basic', { clock });

describe.each([1, 2])('--workers=%i', (workers) => {
  test.each(['remote outlasts local', 'local outlasts remote'])('%s', async (shape) => {
    e2e.fake.setScenario({
      testTargets: [
        {
          id: e2e.fake.testTargetId,
          testCases: [
            testCase('remote quick check', { status: 'PASSED', afterMs: 1000, trace: 'passed' }),
            testCase('remote long journey', { status: 'PASSED', afterMs: 2000, trace: 'passed' }),
          ],
        },
      ],
    });
    e2e.fake.log.length = 0;
    const gate = mkdtempSync(path.join(tmpdir(), 'octomind-gate-'));
    const marks = (suffix: string) => readdirSync(gate).filter((name) => name.endsWith(suffix));
    const traces = () => e2e.fake.log.filter((entry) => entry.listener === 'trace' && entry.status === 200).length;
    const running = runPlaywright(e2e.project, ['test', `--workers=${workers}`], { env: octomindEnv(e2e.fake, { LOCAL_TEST_GATE: gate }) });
    try {
      await waitFor(() => marks('.started').length > 0, 'a local test to start');
      if (shape === 'remote outlasts local') {
        writeFileSync(path.join(gate, 'release'), '');
        await waitFor(() => marks('.done').length === 2, 'both local tests to end while the remote run goes on');
        clock.advance(2000);
      } else {
        clock.advance(2000);
        await waitFor(() => traces() === 2, 'both traces downloaded while a local test runs');
        expect(marks('.done'), 'no local test ended yet').toEqual([]);
        writeFileSync(path.join(gate, 'release'), '');
      }
      const run = await running;
      expect(run.code).toBe(0);
      const tests = flatten(run.json!);
      expect(local(tests).map((t) => t.status)).toEqual(['expected', 'expected', 'skipped']);
      expect(remote(tests).map((t) => [t.title, t.status, t.results[0]!.attachments.some((a) => a.name === 'trace')])).toEqual([
        ['remote long journey', 'expected', true],
        ['remote quick check', 'expected', true],
      ]);
      // The run ends after the later work: the last local test's end, as the local test wrote it.
      const localDone = Math.max(...marks('.done').map((name) => Number(readFileSync(path.join(gate, name), 'utf8'))));
      expect(Date.parse(run.json!.stats.startTime) + run.json!.stats.duration).toBeGreaterThanOrEqual(localDone - 250);
    } finally {
      writeFileSync(path.join(gate, 'release'), '');
      await running;
      rmSync(gate, { recursive: true, force: true });
    }
  });
});
