/**
 * `npx tsx bench/spec-compile.ts`: what compiling the generated spec costs before the first local
 * test. Four command-line runs in one checkout against the fake with 1,000 test cases; for each,
 * the time from the end of the plugin's setup to the first local test. The first run finds no
 * list; its teardown writes the learned one, which the second run then compiles (once per new
 * list); the third and fourth find it compiled.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startFakeOctomind } from '../fixtures/fake-octomind/server.js';
import { testCase } from '../fixtures/fake-octomind/scenario.js';
import { flatten, local, prepareProject, runPlaywright } from '../test/e2e/harness.js';

const TEST_CASES = 1000;
const RUNS = 4;

async function main(): Promise<void> {
  const testCases = Array.from({ length: TEST_CASES }, (_, i) => testCase(`remote check ${String(i + 1).padStart(4, '0')}`, { status: 'PASSED', afterMs: 100, trace: null }));
  const fake = await startFakeOctomind({ latencyMs: 80, scenario: { testTargets: [{ id: '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc', testCases }] } });
  const project = prepareProject('bench');
  try {
    for (let i = 1; i <= RUNS; i++) {
      rmSync(path.join(project.dir, 'out'), { recursive: true, force: true });
      const env = { OCTOMIND_API_URL: fake.apiUrl, OCTOMIND_API_KEY: fake.apiKey, OCTOMIND_TEST_TARGET_ID: fake.testTargetId, OCTOMIND_URL: 'https://staging.example.com', BENCH_LOCAL_TESTS: '1', BENCH_LOCAL_TEST_MS: '100' };
      const run = await runPlaywright(project, ['test'], { env, timeoutMs: 600_000 });
      const setupEnd = Number(readFileSync(path.join(project.dir, 'out/setup-marks.txt'), 'utf8').trim().split('\n')[1]);
      const firstLocal = Date.parse(local(flatten(run.json!))[0]!.results[0]!.startTime);
      process.stdout.write(`run ${i}: setup end → first local test ${firstLocal - setupEnd} ms\n`);
    }
  } finally {
    project.cleanup();
    await fake.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
