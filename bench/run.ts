/**
 * `npm run bench`: the plugin against the alternatives, side by side in one process tree, on the
 * fake Octomind with injected API latency. Prints a table and writes bench/results.json.
 *
 *   plugin      `npx playwright test` with withOctomind: local suite and remote wait overlap
 *   local only  the same suite without the plugin (the floor, and the RSS baseline)
 *   sequential  Octomind's own CI integrations: the local suite, then trigger and poll every 5 s
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOctomindClient } from '../src/api/client.js';
import { startFakeOctomind, type FakeOctomind } from '../fixtures/fake-octomind/server.js';
import { testCase, type FakeTestCase, type TraceSource } from '../fixtures/fake-octomind/scenario.js';
import { prepareProject, runPlaywright, type Project } from '../test/e2e/harness.js';
import { writeBigTrace } from './big-trace.js';

const API_LATENCY_MS = 80;
const PLUGIN_POLL_MS = 2000;
const SEQUENTIAL_POLL_MS = 5000;

interface Scenario {
  name: string;
  description: string;
  localTests: number;
  localTestMs: number;
  remoteMs: number;
  testCases: number;
  trace: TraceSource | null;
}

const BIG_TRACE = path.join(tmpdir(), 'playwright-octomind-bench-50mb.zip');

const SCENARIOS: Scenario[] = [
  { name: 'A', description: 'local ~20 s, remote ~12 s, 50 results with traces', localTests: 10, localTestMs: 2000, remoteMs: 12_000, testCases: 50, trace: 'passed' },
  { name: 'B', description: 'local ~5 s, remote ~20 s', localTests: 5, localTestMs: 1000, remoteMs: 20_000, testCases: 10, trace: 'passed' },
  { name: 'C', description: '1,000 remote test cases', localTests: 5, localTestMs: 1000, remoteMs: 10_000, testCases: 1000, trace: 'passed' },
  { name: 'D', description: '20 traces of 50 MB each', localTests: 5, localTestMs: 1000, remoteMs: 10_000, testCases: 20, trace: { file: BIG_TRACE } },
];

interface Requests {
  execute: number;
  poll: number;
  titles: number;
  traces: number;
  retries: number;
}

export interface BenchResult {
  name: string;
  description: string;
  localMs: number;
  remoteMs: number;
  pollIntervalMs: number;
  pluginWallMs: number;
  localOnlyWallMs: number;
  sequentialWallMs: number;
  requests: Requests;
  setupMs: number;
  peakRssMb: number;
  baselineRssMb: number;
  testCases: number;
  targets: Record<string, { target: string; actual: string; met: boolean }>;
}

function testCases(s: Scenario): FakeTestCase[] {
  // Results finish evenly spread over the remote run; the last one at remoteMs.
  return Array.from({ length: s.testCases }, (_, i) =>
    testCase(`remote check ${String(i + 1).padStart(4, '0')}`, { status: 'PASSED', afterMs: Math.round((s.remoteMs * (i + 1)) / s.testCases), trace: s.trace }),
  );
}

function requests(fake: FakeOctomind, from: number): Requests {
  const log = fake.log.slice(from);
  return {
    execute: log.filter((r) => r.path.endsWith('/execute')).length,
    poll: log.filter((r) => r.path.includes('/test-reports/')).length,
    titles: log.filter((r) => r.path.includes('/test-cases')).length,
    traces: log.filter((r) => r.listener === 'trace').length,
    retries: log.filter((r) => r.status !== undefined && (r.status === 429 || r.status >= 500)).length,
  };
}

async function runSuite(project: Project, fake: FakeOctomind, s: Scenario, withPlugin: boolean) {
  const rssFile = path.join(project.dir, `rss-${withPlugin ? 'plugin' : 'local'}.txt`);
  const run = await runPlaywright(project, ['test'], {
    env: {
      OCTOMIND_API_URL: fake.apiUrl,
      OCTOMIND_API_KEY: fake.apiKey,
      OCTOMIND_TEST_TARGET_ID: fake.testTargetId,
      OCTOMIND_URL: 'https://staging.example.com',
      OCTOMIND_POLL_INTERVAL_MS: String(PLUGIN_POLL_MS),
      BENCH_LOCAL_TESTS: String(s.localTests),
      BENCH_LOCAL_TEST_MS: String(s.localTestMs),
      BENCH_RSS_FILE: rssFile,
      NODE_OPTIONS: `--require ${path.join(__dirname, 'rss-probe.cjs')}`,
      ...(withPlugin ? {} : { E2E_WITHOUT_OCTOMIND: '1' }),
    },
    timeoutMs: 600_000,
  });
  const peakRssMb = Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024;
  const marks = withPlugin ? readFileSync(path.join(project.dir, 'out/setup-marks.txt'), 'utf8').trim().split('\n').map(Number) : [];
  return { wallMs: run.wallMs, peakRssMb, setupMs: marks.length === 2 ? marks[1]! - marks[0]! : 0, code: run.code, passed: run.json?.stats.expected ?? 0 };
}

/** Octomind's own integrations: after the local suite, trigger, then poll every 5 s until final. */
async function sequentialRemote(fake: FakeOctomind): Promise<number> {
  const client = createOctomindClient({ apiUrl: fake.apiUrl, apiKey: fake.apiKey, apiVersion: 'v2' });
  const started = Date.now();
  try {
    const { testReport } = await client.executions.execute({ testTargetId: fake.testTargetId, url: 'https://staging.example.com', context: { source: 'manual', description: 'bench' } });
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, SEQUENTIAL_POLL_MS));
      const report = await client.testReports.get(fake.testTargetId, testReport.id!);
      if (report.status !== 'WAITING') break;
    }
  } finally {
    await client.close();
  }
  return Date.now() - started;
}

function check(actual: number, limit: number, unit: string): { target: string; actual: string; met: boolean } {
  return { target: `<= ${Math.round(limit)} ${unit}`, actual: `${Math.round(actual)} ${unit}`, met: actual <= limit };
}

async function bench(s: Scenario): Promise<BenchResult> {
  const fake = await startFakeOctomind({ latencyMs: API_LATENCY_MS, scenario: { testTargets: [{ id: '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc', testCases: testCases(s) }] } });
  const project = prepareProject('bench');
  try {
    const localOnly = await runSuite(project, fake, s, false);
    const before = fake.log.length;
    const plugin = await runSuite(project, fake, s, true);
    const req = requests(fake, before);
    if (plugin.passed !== s.localTests + s.testCases) throw new Error(`scenario ${s.name}: ${plugin.passed} tests passed, expected ${s.localTests + s.testCases}`);
    const sequentialWallMs = localOnly.wallMs + (await sequentialRemote(fake));
    const localMs = s.localTests * s.localTestMs;
    const ideal = Math.max(localOnly.wallMs, s.remoteMs);
    return {
      name: s.name,
      description: s.description,
      localMs,
      remoteMs: s.remoteMs,
      pollIntervalMs: PLUGIN_POLL_MS,
      pluginWallMs: plugin.wallMs,
      localOnlyWallMs: localOnly.wallMs,
      sequentialWallMs,
      requests: req,
      setupMs: plugin.setupMs,
      peakRssMb: Math.round(plugin.peakRssMb),
      baselineRssMb: Math.round(localOnly.peakRssMb),
      testCases: s.testCases,
      targets: {
        wall: check(plugin.wallMs, ideal + PLUGIN_POLL_MS + 1000, 'ms'),
        polls: check(req.poll, s.remoteMs / PLUGIN_POLL_MS + 3, 'polls'),
        titles: check(req.titles, 1, 'requests'),
        ...(s.name === 'C' && { setup: check(plugin.setupMs, 1000, 'ms') }),
        ...(s.name === 'D' && { rssGrowth: check(plugin.peakRssMb - localOnly.peakRssMb, 64, 'MB') }),
      },
    };
  } finally {
    await fake.close();
    project.cleanup();
  }
}

function table(results: BenchResult[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const rows = results.map((r) => {
    const ideal = Math.max(r.localOnlyWallMs, r.remoteMs);
    return [
      `${r.name} ${r.description}`,
      s(r.localOnlyWallMs),
      `${s(r.pluginWallMs)} (${(r.pluginWallMs / ideal).toFixed(2)}×)`,
      `${s(r.sequentialWallMs)} (${(r.sequentialWallMs / ideal).toFixed(2)}×)`,
      s(ideal),
      `${r.requests.execute}/${r.requests.poll}/${r.requests.titles}/${r.requests.traces}/${r.requests.retries}`,
      `${r.setupMs} ms`,
      `${r.peakRssMb} MB (${r.baselineRssMb})`,
      Object.entries(r.targets).map(([k, t]) => `${k} ${t.met ? '✔' : '✘'}`).join(' '),
    ];
  });
  const head = ['scenario', 'local only', 'plugin (÷ideal)', 'sequential (÷ideal)', 'ideal max(local,remote)', 'req exec/poll/titles/traces/retries', 'setup', 'peak RSS (local only)', 'targets'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return all.map((row) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`).join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).map((arg) => arg.toUpperCase());
  const chosen = SCENARIOS.filter((s) => only.length === 0 || only.includes(s.name));
  if (chosen.some((s) => typeof s.trace === 'object' && s.trace !== null)) writeBigTrace(BIG_TRACE, 50 * 1024 * 1024);
  const results: BenchResult[] = [];
  for (const s of chosen) {
    process.stdout.write(`scenario ${s.name}: ${s.description} …\n`);
    results.push(await bench(s));
  }
  rmSync(BIG_TRACE, { force: true });
  mkdirSync(__dirname, { recursive: true });
  writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), apiLatencyMs: API_LATENCY_MS, sequentialPollMs: SEQUENTIAL_POLL_MS, results }, null, 2)}\n`);
  process.stdout.write(`\n${table(results)}\n\nrequests: execute/poll/titles/traces/retries; ideal = max(local-only wall, remote run). Written to bench/results.json\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
