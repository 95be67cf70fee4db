/**
 * Ctrl-C in the middle of the remote wait (SIGINT to the process group, as a terminal sends it):
 * the run stops within seconds, says where the remote run goes on, and leaves no state behind.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { testCase } from '../../fixtures/fake-octomind/scenario.js';
import { octomindEnv, runPlaywright } from './harness.js';
import { useFixture } from './use-fixture.js';

const e2e = useFixture('basic', {
  scenario: {
    testTargets: [
      {
        id: '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc',
        testCases: [
          testCase('finishes quickly', { status: 'PASSED', afterMs: 300, trace: 'passed' }),
          testCase('never finishes', { status: 'PASSED', afterMs: null }),
        ],
      },
    ],
  },
});

test('SIGINT during the remote wait stops the run at once and prints the report URL', async () => {
  // A private TMPDIR: the run's state dir must be gone afterwards, whatever other tests do.
  const tmp = mkdtempSync(path.join(tmpdir(), 'octomind-sigint-'));
  let interrupted = false;
  const run = await runPlaywright(e2e.project, ['test'], {
    env: octomindEnv(e2e.fake, { TMPDIR: tmp }),
    onSpawn: (pid) => {
      const timer = setInterval(() => {
        // Wait until the quick result is in and the poller is still polling for the other one.
        if (e2e.fake.log.filter((r) => r.listener === 'trace').length === 0 || e2e.fake.log.filter((r) => r.path.includes('/test-reports/')).length < 4) return;
        clearInterval(timer);
        interrupted = true;
        process.kill(-pid, 'SIGINT');
      }, 50);
    },
  });
  // 'never finishes' keeps the run waiting for far longer than this test's timeout (30 s): only
  // stopping on SIGINT ends it in time, so no figure on elapsed time is needed here.
  expect(interrupted).toBe(true);
  expect(run.signal, 'not killed by the harness timeout').not.toBe('SIGKILL');
  expect(run.code).not.toBe(0);
  const reportUrl = /Octomind run: (\S+)/.exec(run.stderr)![1]!;
  expect(run.stderr).toContain(`The Octomind run goes on remotely (Octomind has no cancel endpoint): ${reportUrl}`);
  expect(readdirSync(tmp).filter((name) => name.startsWith('playwright-octomind-'))).toEqual([]);
  rmSync(tmp, { recursive: true, force: true });
  const polls = e2e.fake.log.filter((r) => r.path.includes('/test-reports/')).length;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(e2e.fake.log.filter((r) => r.path.includes('/test-reports/')).length).toBe(polls);
});
