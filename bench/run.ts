/**
 * `npm run bench`: the plugin at its default settings against the alternatives, side by side in
 * one process tree, on the fake Octomind with injected API latency. Prints a table and writes
 * bench/results.json.
 *
 *   plugin      `npx playwright test` with withOctomind: local suite and remote wait overlap
 *   local only  the same suite without the plugin (the floor, and the RSS baseline)
 *   sequential  Octomind's own CI integrations: the local suite, then trigger and poll every 5 s
 *
 *   floor       the same suite without the plugin plus one finished stand-in test per remote result,
 *               each attaching a trace of the same size: what Playwright itself needs to show them
 *
 * The limit of a run is max(local-only wall, remote duration + the runner's own start/exit
 * overhead, floor wall), the overhead being the local-only wall minus the local tests' own time.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createOctomindClient } from '../src/api/client.js';
import { pollBound } from '../src/poll/cadence.js';
import { DEFAULTS } from '../src/defaults.js';
import { startFakeOctomind, type FakeOctomind } from '../fixtures/fake-octomind/server.js';
import { testCase, type FakeTestCase, type TraceSource } from '../fixtures/fake-octomind/scenario.js';
import { traceFile } from '../fixtures/fake-octomind/trace-host.js';
import { ROOT, flatten, prepareProject, remote, runPlaywright, type Project, type RunResult } from '../test/e2e/harness.js';
import { writeBigTrace } from './big-trace.js';

const API_LATENCY_MS = 80;
/** The plugin runs at its defaults: no poll interval is set. */
const PLUGIN_POLL_MS = DEFAULTS.pollIntervalMs;
const SEQUENTIAL_POLL_MS = 5000;
/** How far over its limit a run may end. */
const LIMIT_MARGIN_MS = 1500;
/**
 * Rounds per scenario: every way once per round, interleaved, and each way's median wall time
 * reported. Walls on a shared 2-core machine vary by a second or two from run to run; a target
 * is decided by the typical run, not by one noisy one. `--runs N` on the command line.
 */
const DEFAULT_RUNS = 3;

interface Scenario {
  name: string;
  description: string;
  localTests: number;
  localTestMs: number;
  remoteMs: number;
  testCases: number;
  trace: TraceSource | null;
  /** Shards attaching to one run triggered by the CLI, as the README's recipe; 1 = not sharded. */
  shards: number;
  /** A setup project of this length that the local tests depend on (Playwright's recommended login shape); none by default. */
  setupMs?: number;
}

const BIG_TRACE = path.join(tmpdir(), 'playwright-octomind-bench-50mb.zip');

const SCENARIOS: Scenario[] = [
  { name: 'A', description: 'local ~20 s, remote ~12 s, 50 results with traces', localTests: 10, localTestMs: 2000, remoteMs: 12_000, testCases: 50, trace: 'passed', shards: 1 },
  { name: 'B', description: 'local ~5 s, remote ~20 s', localTests: 5, localTestMs: 1000, remoteMs: 20_000, testCases: 10, trace: 'passed', shards: 1 },
  { name: 'C', description: '1,000 remote test cases', localTests: 5, localTestMs: 1000, remoteMs: 10_000, testCases: 1000, trace: 'passed', shards: 1 },
  { name: 'D', description: '20 traces of 50 MB each', localTests: 5, localTestMs: 1000, remoteMs: 10_000, testCases: 20, trace: { file: BIG_TRACE }, shards: 1 },
  // Playwright shards by test count and the remote tests are one group: they share the last shard with 2 local tests.
  { name: 'E', description: '4 shards attaching to one run', localTests: 50, localTestMs: 400, remoteMs: 10_000, testCases: 14, trace: 'passed', shards: 4 },
  { name: 'F', description: 'setup project ~3 s, dependents ~15 s, remote ~20 s, one worker', setupMs: 3000, localTests: 15, localTestMs: 1000, remoteMs: 20_000, testCases: 10, trace: 'passed', shards: 1 },
];

/** The local tests' own time, setup project included. */
function localTimeMs(s: Scenario): number {
  return (s.setupMs ?? 0) + s.localTests * s.localTestMs;
}

/** Tests a run of the scenario passes: the setup's, the local ones and one per remote result. */
function passingTests(s: Scenario): number {
  return (s.setupMs ? 1 : 0) + s.localTests + s.testCases;
}

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
  shards: number;
  localMs: number;
  remoteMs: number;
  pollIntervalMs: number;
  pluginWallMs: number;
  localOnlyWallMs: number;
  sequentialWallMs: number;
  /** The suite plus a finished stand-in per remote result, without the plugin (not measured for sharded runs). */
  floorWallMs: number | null;
  /** max(local-only wall, remote + the runner's start/exit overhead): the limit without Playwright's cost per shown test. */
  remoteLimitMs: number;
  /** max(remoteLimitMs, floorWallMs), and how far the plugin ended from it. */
  limitMs: number;
  overLimitMs: number;
  requests: Requests;
  /** Bytes of trace downloads, all shards together. */
  traceBytes: number;
  setupMs: number;
  peakRssMb: number;
  baselineRssMb: number;
  testCases: number;
  /** Every round's wall times, in order; the figures above are their medians. */
  runs: { localOnlyWallMs: number[]; floorWallMs: number[]; pluginWallMs: number[] };
  targets: Record<string, Target>;
}

interface Target {
  target: string;
  actual: string;
  met: boolean;
}

/** One round of a scenario: each way once. */
interface Round {
  localOnly: { wallMs: number; peakRssMb: number };
  plugin: { wallMs: number; peakRssMb: number; setupMs: number };
  pluginWallMs: number;
  localOnlyWallMs: number;
  floorWallMs: number | null;
  req: Requests & { traceBytes: number };
  tailMs: number;
  extraTargets: Record<string, Target>;
}

function testCases(s: Scenario): FakeTestCase[] {
  // Results finish evenly spread over the remote run; the last one at remoteMs.
  return Array.from({ length: s.testCases }, (_, i) =>
    testCase(`remote check ${String(i + 1).padStart(4, '0')}`, { status: 'PASSED', afterMs: Math.round((s.remoteMs * (i + 1)) / s.testCases), trace: s.trace }),
  );
}

function requests(fake: FakeOctomind, from: number): Requests & { traceBytes: number } {
  const log = fake.log.slice(from);
  const traces = log.filter((r) => r.listener === 'trace');
  return {
    execute: log.filter((r) => r.path.endsWith('/execute')).length,
    poll: log.filter((r) => r.path.includes('/test-reports/')).length,
    titles: log.filter((r) => r.path.includes('/test-cases')).length,
    traces: traces.length,
    retries: log.filter((r) => r.status !== undefined && (r.status === 429 || r.status >= 500)).length,
    traceBytes: traces.reduce((sum, r) => sum + (r.bytes ?? 0), 0),
  };
}

interface SuiteRun {
  wallMs: number;
  peakRssMb: number;
  setupMs: number;
  passed: number;
  run: RunResult;
}

function suiteEnv(fake: FakeOctomind, s: Scenario, rssFile: string, withPlugin: boolean, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OCTOMIND_API_URL: fake.apiUrl,
    OCTOMIND_API_KEY: fake.apiKey,
    OCTOMIND_TEST_TARGET_ID: fake.testTargetId,
    OCTOMIND_URL: 'https://staging.example.com',
    BENCH_LOCAL_TESTS: String(s.localTests),
    BENCH_LOCAL_TEST_MS: String(s.localTestMs),
    BENCH_RSS_FILE: rssFile,
    NODE_OPTIONS: `--require ${path.join(__dirname, 'rss-probe.cjs')}`,
    ...(s.shards > 1 && { BENCH_FULLY_PARALLEL: '1' }),
    ...(s.setupMs && { BENCH_SETUP_MS: String(s.setupMs) }),
    ...(withPlugin ? {} : { E2E_WITHOUT_OCTOMIND: '1' }),
    ...extra,
  };
}

async function runSuite(project: Project, fake: FakeOctomind, s: Scenario, withPlugin: boolean, args: string[] = [], extra: Record<string, string> = {}): Promise<SuiteRun> {
  const rssFile = path.join(project.dir, `rss-${withPlugin ? 'plugin' : 'local'}.txt`);
  rmSync(rssFile, { force: true });
  const run = await runPlaywright(project, ['test', ...args], {
    env: suiteEnv(fake, s, rssFile, withPlugin, extra),
    ...(s.shards > 1 && { reporters: ['blob'] }),
    timeoutMs: 600_000,
  });
  if (!existsSync(rssFile)) throw new Error(`scenario ${s.name}: the run wrote no RSS figure (exit ${run.code})\n${run.stdout}${run.stderr}`);
  const peakRssMb = Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024;
  const marks = withPlugin ? readFileSync(path.join(project.dir, 'out/setup-marks.txt'), 'utf8').trim().split('\n').map(Number) : [];
  return { wallMs: run.wallMs, peakRssMb, setupMs: marks.length === 2 ? marks[1]! - marks[0]! : 0, passed: run.json?.stats.expected ?? 0, run };
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

/** The README's trigger step: `playwright-octomind execute --github-output`, then the id from $GITHUB_OUTPUT. */
async function triggerWithCli(project: Project, fake: FakeOctomind): Promise<string> {
  const output = path.join(project.dir, 'github-output.txt');
  const env = { ...process.env, ...suiteEnv(fake, SCENARIOS[0]!, '', true), GITHUB_OUTPUT: output, NODE_OPTIONS: '' };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli/main.js'), 'execute', '--github-output'], { cwd: project.dir, env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`playwright-octomind execute exited with ${code}`))));
  });
  const id = /^testReportId=(.+)$/m.exec(readFileSync(output, 'utf8'))?.[1];
  if (!id) throw new Error('playwright-octomind execute wrote no testReportId');
  return id;
}

/** Every shard at once, each in its own checkout (as on separate CI machines); the slowest one's wall. */
async function runShards(projects: Project[], fake: FakeOctomind, s: Scenario, withPlugin: boolean, extra: Record<string, string> = {}) {
  const runs = await Promise.all(projects.map((project, i) => runSuite(project, fake, s, withPlugin, [`--shard=${i + 1}/${s.shards}`], extra)));
  return { runs, wallMs: Math.max(...runs.map((r) => r.wallMs)) };
}

function check(actual: number, limit: number, unit: string): Target {
  return { target: `<= ${Math.round(limit)} ${unit}`, actual: `${Math.round(actual)} ${unit}`, met: actual <= limit };
}

/** A run's limit before Playwright's cost per shown test: see the header. */
function remoteLimitOf(s: Scenario, localOnlyWallMs: number): number {
  const overhead = localOnlyWallMs - localTimeMs(s) / s.shards;
  return Math.max(localOnlyWallMs, s.remoteMs + overhead);
}

/**
 * How long proxies wait for the remote run: they start once the local tests before them are done
 * (one worker), so for at most the part of the remote run that outlasts those.
 */
function tailOf(s: Scenario, localTestsBeforeProxies: number): number {
  return Math.max(0, s.remoteMs - (s.setupMs ?? 0) - localTestsBeforeProxies * s.localTestMs);
}

/**
 * From the setup project's end to its first dependent's start, read from a run's json report: what
 * the plugin must not lengthen (the remote proxies once held the only worker here).
 */
function dependentsDelayMs(run: RunResult): number {
  const tests = flatten(run.json!);
  const ends = tests.filter((t) => t.projectName === 'setup').map((t) => Date.parse(t.results[0]!.startTime) + t.results[0]!.duration);
  const starts = tests.filter((t) => t.projectName === 'specs').map((t) => Date.parse(t.results[0]!.startTime));
  return Math.min(...starts) - Math.max(...ends);
}

/** How much later than without the plugin the dependents may start. */
const DEPENDENTS_DELAY_MARGIN_MS = 1000;

async function benchSingle(s: Scenario, fake: FakeOctomind): Promise<Round> {
  const project = prepareProject('bench');
  const floorProject = prepareProject('bench');
  try {
    const localOnly = await runSuite(project, fake, s, false);
    // In a checkout of its own: the next run would first delete its 1,000 output dirs, and its
    // generated spec would be a test of this unwrapped config.
    const floor = await runSuite(floorProject, fake, s, false, [], { BENCH_FLOOR_TESTS: String(s.testCases), ...(s.trace && { BENCH_FLOOR_TRACE: traceFile(s.trace) }) });
    if (floor.passed !== passingTests(s)) throw new Error(`scenario ${s.name}: the floor run passed ${floor.passed} tests, expected ${passingTests(s)}`);
    const before = fake.log.length;
    const plugin = await runSuite(project, fake, s, true);
    const req = requests(fake, before);
    if (plugin.passed !== passingTests(s)) throw new Error(`scenario ${s.name}: ${plugin.passed} tests passed, expected ${passingTests(s)}`);
    const extraTargets: Record<string, Target> = {};
    if (s.setupMs) {
      const without = dependentsDelayMs(localOnly.run);
      extraTargets.dependentsDelay = { ...check(dependentsDelayMs(plugin.run), without + DEPENDENTS_DELAY_MARGIN_MS, 'ms'), target: `<= ${without} ms (without the plugin) + ${DEPENDENTS_DELAY_MARGIN_MS} ms` };
    }
    return { localOnly, plugin, pluginWallMs: plugin.wallMs, localOnlyWallMs: localOnly.wallMs, floorWallMs: floor.wallMs, req, tailMs: tailOf(s, s.localTests), extraTargets };
  } finally {
    project.cleanup();
    floorProject.cleanup();
  }
}

/**
 * The README's sharded recipe: the CLI triggers once, every shard attaches with
 * OCTOMIND_TEST_REPORT_ID and writes a blob report, merge-reports joins them. The wall runs from
 * the trigger's answer (the remote run's start) to the last shard's exit.
 */
async function benchSharded(s: Scenario, fake: FakeOctomind): Promise<Round> {
  const projects = Array.from({ length: s.shards }, () => prepareProject('bench'));
  const merged = prepareProject('bench');
  try {
    const localOnly = await runShards(projects, fake, s, false);
    const before = fake.log.length;
    const reportId = await triggerWithCli(projects[0]!, fake);
    const triggeredAt = Date.now();
    const plugin = await runShards(projects, fake, s, true, { OCTOMIND_TEST_REPORT_ID: reportId });
    const pluginWallMs = Date.now() - triggeredAt;
    const req = requests(fake, before);

    const blobs = path.join(merged.dir, 'all-blob-reports');
    mkdirSync(blobs);
    for (const project of projects) for (const file of readdirSync(path.join(project.dir, 'blob-report'))) cpSync(path.join(project.dir, 'blob-report', file), path.join(blobs, file));
    // The shards ran in separate checkouts, as on separate machines: a merge config names the test dir.
    writeFileSync(path.join(merged.dir, 'merge.config.ts'), "export default { testDir: 'tests' };\n");
    const merge = await runPlaywright(merged, ['merge-reports', '-c', 'merge.config.ts', '--reporter=json', blobs], { timeoutMs: 600_000 });
    const tests = merge.json ? flatten(merge.json) : [];
    const shown = remote(tests);
    const complete =
      tests.length === s.localTests + s.testCases &&
      tests.every((t) => t.status === 'expected' && t.results.length === 1) &&
      shown.length === s.testCases &&
      shown.every((t) => t.results[0]!.attachments.some((a) => a.name === 'trace'));
    if (!complete) throw new Error(`scenario ${s.name}: the merged report is not complete (${tests.length} tests, ${shown.length} remote)\n${merge.stdout}${merge.stderr}`);

    // A shard that shows no remote test must end as if the plugin were not there: its local tests
    // plus the runner's own overhead, as measured without the plugin.
    const testsOf = (r: SuiteRun) => (r.run.json ? flatten(r.run.json) : []);
    const holders = plugin.runs.map((r) => remote(testsOf(r)).length > 0);
    const localTimeOf = (r: SuiteRun) => (testsOf(r).length - remote(testsOf(r)).length) * s.localTestMs;
    const overhead = Math.max(...localOnly.runs.map((r) => r.wallMs - localTimeOf(r)));
    // Its own setup (attaching: the report and the titles) is the one thing it may add.
    const othersOver = Math.max(0, ...plugin.runs.filter((_, i) => !holders[i]).map((r) => r.wallMs - localTimeOf(r) - overhead - r.setupMs));
    const extraTargets = {
      tracesOnce: { target: `= ${s.testCases} downloads`, actual: `${req.traces} downloads`, met: req.traces === s.testCases },
      otherShards: check(othersOver, LIMIT_MARGIN_MS, 'ms over local only + setup'),
      merged: { target: `${s.localTests + s.testCases} tests, every remote one with its trace`, actual: `${tests.length} tests, ${shown.length} remote`, met: complete },
    };
    const first = plugin.runs[holders.indexOf(true)] ?? plugin.runs[0]!;
    return {
      localOnly: { ...localOnly.runs[0]!, wallMs: localOnly.wallMs, peakRssMb: Math.max(...localOnly.runs.map((r) => r.peakRssMb)) },
      plugin: { ...first, peakRssMb: Math.max(...plugin.runs.map((r) => r.peakRssMb)), setupMs: Math.max(...plugin.runs.map((r) => r.setupMs)) },
      pluginWallMs,
      localOnlyWallMs: localOnly.wallMs,
      floorWallMs: null,
      req,
      tailMs: tailOf(s, localTimeOf(first) / s.localTestMs),
      extraTargets,
    };
  } finally {
    for (const project of [...projects, merged]) project.cleanup();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** A target every round must meet: the first round that misses it, else the median round's figure. */
function everyRound(targets: Target[], typical: Target): Target {
  return targets.find((t) => !t.met) ?? typical;
}

async function bench(s: Scenario, runs: number): Promise<BenchResult> {
  const fake = await startFakeOctomind({ latencyMs: API_LATENCY_MS, scenario: { testTargets: [{ id: '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc', testCases: testCases(s) }] } });
  try {
    const rounds: Round[] = [];
    for (let i = 1; i <= runs; i++) {
      process.stdout.write(`  round ${i}/${runs}\n`);
      rounds.push(s.shards > 1 ? await benchSharded(s, fake) : await benchSingle(s, fake));
    }
    const pluginWallMs = median(rounds.map((r) => r.pluginWallMs));
    const localOnlyWallMs = median(rounds.map((r) => r.localOnlyWallMs));
    const floorWalls = rounds.flatMap((r) => (r.floorWallMs === null ? [] : [r.floorWallMs]));
    const floorWallMs = floorWalls.length ? median(floorWalls) : null;
    // Requests, traces and the tail come from the round whose plugin wall is the median.
    const typical = [...rounds].sort((a, b) => a.pluginWallMs - b.pluginWallMs)[Math.floor(rounds.length / 2)]!;
    const sequentialWallMs = localOnlyWallMs + (await sequentialRemote(fake));
    const remoteLimitMs = remoteLimitOf(s, localOnlyWallMs);
    const limitMs = Math.max(remoteLimitMs, floorWallMs ?? 0);
    const { traceBytes, ...counts } = typical.req;
    // Every shard attaches with one report request of its own before it polls.
    const attaches = s.shards > 1 ? s.shards : 0;
    const pollsOf = (r: Round) => check(r.req.poll - attaches, pollBound(s.remoteMs, PLUGIN_POLL_MS, r.tailMs), 'polls');
    const titlesOf = (r: Round) => check(r.req.titles, Math.max(1, s.shards), 'requests');
    const setupMs = Math.max(...rounds.map((r) => r.plugin.setupMs));
    const peakRssMb = Math.max(...rounds.map((r) => r.plugin.peakRssMb));
    const baselineRssMb = Math.max(...rounds.map((r) => r.localOnly.peakRssMb));
    return {
      name: s.name,
      description: s.description,
      shards: s.shards,
      localMs: localTimeMs(s),
      remoteMs: s.remoteMs,
      pollIntervalMs: PLUGIN_POLL_MS,
      pluginWallMs,
      localOnlyWallMs,
      sequentialWallMs,
      floorWallMs,
      remoteLimitMs: Math.round(remoteLimitMs),
      limitMs: Math.round(limitMs),
      overLimitMs: Math.round(pluginWallMs - limitMs),
      requests: counts,
      traceBytes,
      setupMs,
      peakRssMb: Math.round(peakRssMb),
      baselineRssMb: Math.round(baselineRssMb),
      testCases: s.testCases,
      runs: { localOnlyWallMs: rounds.map((r) => r.localOnlyWallMs), floorWallMs: floorWalls, pluginWallMs: rounds.map((r) => r.pluginWallMs) },
      targets: {
        wall: check(pluginWallMs, limitMs + LIMIT_MARGIN_MS, 'ms'),
        polls: everyRound(rounds.map(pollsOf), pollsOf(typical)),
        titles: everyRound(rounds.map(titlesOf), titlesOf(typical)),
        ...(s.name === 'C' && { setup: check(setupMs, 1000, 'ms') }),
        ...(s.name === 'D' && { rssGrowth: check(peakRssMb - baselineRssMb, 64, 'MB') }),
        ...Object.fromEntries(Object.entries(typical.extraTargets).map(([key, t]) => [key, everyRound(rounds.map((r) => r.extraTargets[key]!), t)])),
      },
    };
  } finally {
    await fake.close();
  }
}

function table(results: BenchResult[]): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${s(Math.abs(ms))}`;
  const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`);
  const rows = results.map((r) => [
    `${r.name} ${r.description}`,
    s(r.localOnlyWallMs),
    s(r.remoteLimitMs),
    r.floorWallMs === null ? '–' : s(r.floorWallMs),
    s(r.limitMs),
    `${s(r.pluginWallMs)} (${signed(r.overLimitMs)})`,
    `${s(r.sequentialWallMs)} (${signed(r.sequentialWallMs - r.limitMs)})`,
    `${r.requests.execute}/${r.requests.poll}/${r.requests.titles}/${r.requests.traces}/${r.requests.retries}`,
    mb(r.traceBytes),
    `${r.setupMs} ms`,
    `${r.peakRssMb} MB (${r.baselineRssMb})`,
    Object.entries(r.targets).map(([k, t]) => `${k} ${t.met ? '✔' : '✘'}`).join(' '),
  ]);
  const head = ['scenario', 'local only', 'max(local, remote + overhead)', 'floor', 'limit', 'plugin (Δ limit)', 'sequential (Δ limit)', 'req exec/poll/titles/traces/retries', 'traces', 'setup', 'peak RSS (local only)', 'targets'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return all.map((row) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`).join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : DEFAULT_RUNS;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of rounds, 1 or more: npm run bench -- --runs 3');
  const only = args.map((arg) => arg.toUpperCase());
  const chosen = SCENARIOS.filter((s) => only.length === 0 || only.includes(s.name));
  if (chosen.some((s) => typeof s.trace === 'object' && s.trace !== null)) writeBigTrace(BIG_TRACE, 50 * 1024 * 1024);
  const results: BenchResult[] = [];
  for (const s of chosen) {
    process.stdout.write(`scenario ${s.name}: ${s.description} …\n`);
    results.push(await bench(s, runs));
  }
  rmSync(BIG_TRACE, { force: true });
  mkdirSync(__dirname, { recursive: true });
  // A run of some scenarios (`npm run bench -- F`) keeps the others' last results; each says when it ran.
  const file = path.join(__dirname, 'results.json');
  const date = new Date().toISOString();
  const kept = only.length && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { date: string; runs: number; results: Array<BenchResult & { date?: string; rounds?: number }> }) : undefined;
  const dated = results.map((r) => ({ ...r, date, rounds: runs }));
  const keptResults = (kept?.results ?? []).filter((r) => !chosen.some((s) => s.name === r.name)).map((r) => ({ date: kept!.date, rounds: kept!.runs, ...r }));
  const all = [...keptResults, ...dated].sort((a, b) => a.name.localeCompare(b.name));
  writeFileSync(file, `${JSON.stringify({ date, runs, apiLatencyMs: API_LATENCY_MS, sequentialPollMs: SEQUENTIAL_POLL_MS, limitMarginMs: LIMIT_MARGIN_MS, results: all }, null, 2)}\n`);
  process.stdout.write(
    `\n${table(results)}\n\nlimit = max(local-only wall, remote + the runner's start/exit overhead, floor: the suite plus a finished stand-in test per remote result); plugin at its defaults (poll ${PLUGIN_POLL_MS} ms), target <= limit + ${LIMIT_MARGIN_MS} ms.\n` +
      `Walls are medians of ${runs} rounds (each way once per round, interleaved); every round's walls are in results.json.\n` +
      'requests: execute/poll/titles/traces/retries, all shards together. Written to bench/results.json\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
