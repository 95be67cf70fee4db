import path from 'node:path';
import { startFakeOctomind } from '../fixtures/fake-octomind/server.js';
import { testCase } from '../fixtures/fake-octomind/scenario.js';
import { prepareProject, runPlaywright, flatten } from '../test/e2e/harness.js';
const n = Number(process.argv[2] ?? 1000), remoteMs = Number(process.argv[3] ?? 10000), poll = process.argv[4] ?? '2000';
async function main() {
  const tcs = Array.from({ length: n }, (_, i) => testCase(`remote check ${String(i + 1).padStart(4, '0')}`, { status: 'PASSED', afterMs: Math.round((remoteMs * (i + 1)) / n), trace: 'passed' }));
  const fake = await startFakeOctomind({ latencyMs: 80, scenario: { testTargets: [{ id: '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc', testCases: tcs }] } });
  const project = prepareProject('bench');
  const t0 = Date.now();
  const run = await runPlaywright(project, ['test'], { env: { OCTOMIND_API_URL: fake.apiUrl, OCTOMIND_API_KEY: fake.apiKey, OCTOMIND_TEST_TARGET_ID: fake.testTargetId, OCTOMIND_URL: 'https://x.example.com', OCTOMIND_POLL_INTERVAL_MS: poll, BENCH_LOCAL_TESTS: '5', BENCH_LOCAL_TEST_MS: '1000', ...(process.env.EXTRA ? JSON.parse(process.env.EXTRA) : {}) }, timeoutMs: 300000, reporters: (process.env.REPS ?? '').split(',').filter(Boolean) });
  const tests = flatten(run.json!);
  const r = tests.filter((t) => t.projectName === 'octomind').map((t) => ({ s: Date.parse(t.results[0]!.startTime) - t0, d: t.results[0]!.duration }));
  const l = tests.filter((t) => t.projectName !== 'octomind').map((t) => ({ s: Date.parse(t.results[0]!.startTime) - t0, d: t.results[0]!.duration }));
  console.log('wall', run.wallMs, 'code', run.code, 'local first start', l[0]?.s, 'local end', Math.max(...l.map((x) => x.s + x.d)));
  if (r.length) {
    console.log('remote first start', r[0]!.s, 'last end', Math.max(...r.map((x) => x.s + x.d)), 'sum dur', r.reduce((a, x) => a + x.d, 0));
    const gaps = r.slice(1).map((x, i) => x.s - r[i]!.s);
    gaps.sort((a, b) => a - b);
    console.log('start gaps median', gaps[gaps.length >> 1], 'p90', gaps[Math.floor(gaps.length * 0.9)]);
  }
  console.log('polls', fake.log.filter((e) => e.path.includes('/test-reports/')).length, 'traces', fake.log.filter((e) => e.listener === 'trace').length);
  await fake.close(); project.cleanup();
}
main();
