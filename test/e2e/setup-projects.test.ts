/**
 * Suites whose projects depend on each other (fixtures/projects/shapes): the remote proxies wait
 * after every local project, never beside a setup project holding back its dependents
 * (src/config/after-local.ts). Shown by order, not by time: the fake's results turn final only
 * once every local test has ended, so a proxy that waited in the first phase would keep the
 * dependents from ever starting, and the test would time out. Each run also checks the
 * Playwright behaviour the design relies on, so this file fails the day a release changes it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../fixtures/fake-octomind/clock.js';
import { testCase } from '../../fixtures/fake-octomind/scenario.js';
import { waitFor } from '../helpers/fake.js';
import { flatten, local, octomindEnv, remote, runPlaywright, type FlatTest } from './harness.js';
import { useFixture } from './use-fixture.js';

const clock = new ManualClock();
const e2e = useFixture('shapes', { clock });
let marks: string;

beforeEach(() => {
  marks = mkdtempSync(path.join(tmpdir(), 'octomind-shapes-'));
  e2e.fake.setScenario({
    testTargets: [
      {
        id: e2e.fake.testTargetId,
        testCases: [
          testCase('remote checkout', { status: 'PASSED', afterMs: 1000, trace: 'passed' }),
          testCase('remote search', { status: 'FAILED', afterMs: 1000, errorMessage: 'search returned nothing', trace: 'failed' }),
        ],
      },
    ],
  });
  e2e.fake.log.length = 0;
});
afterEach(() => rmSync(marks, { recursive: true, force: true }));

const done = () => readdirSync(marks).filter((name) => name.endsWith('.done'));
const executes = () => e2e.fake.log.filter((r) => r.path.endsWith('/execute')).length;
const end = (t: FlatTest) => Date.parse(t.results[0]!.startTime) + t.results[0]!.duration;
const start = (t: FlatTest) => Date.parse(t.results[0]!.startTime);
const statuses = (tests: FlatTest[]) => Object.fromEntries(tests.map((t) => [`${t.projectName} › ${t.title}`, t.status]));

/**
 * A run in which the remote results turn final only after the execute request and `localTests`
 * local test bodies; `0` where the run starts no remote run or filters keep its old shape.
 */
async function run(args: string[], env: Record<string, string>, localTests: number, execute = true) {
  const running = runPlaywright(e2e.project, ['test', ...args], { env: octomindEnv(e2e.fake, { SHAPES_MARKS: marks, ...env }) });
  try {
    if (execute) await waitFor(() => executes() === 1, 'the execute request', 60_000);
    await waitFor(() => done().length >= localTests, `${localTests} local tests to end before any remote result is final`, 60_000);
  } finally {
    clock.advance(1000);
  }
  const result = await running;
  return { ...result, tests: flatten(result.json!) };
}

const REMOTE = { 'octomind › remote checkout': 'expected', 'octomind › remote search': 'unexpected' };

describe.each([
  { shape: 'setup', workers: 1, local: { 'setup › log in': 'expected', 'specs › cart total adds line items': 'expected', 'specs › cart keeps its items': 'expected', 'specs › orders list the last order': 'expected' } },
  { shape: 'setup', workers: 2, local: { 'setup › log in': 'expected', 'specs › cart total adds line items': 'expected', 'specs › cart keeps its items': 'expected', 'specs › orders list the last order': 'expected' } },
  {
    shape: 'teardown',
    workers: 2,
    local: { 'setup › log in': 'expected', 'cleanup › log out': 'expected', 'specs › cart total adds line items': 'expected', 'specs › cart keeps its items': 'expected', 'specs › orders list the last order': 'expected' },
  },
  {
    shape: 'chain',
    workers: 1,
    local: { 'setup › log in': 'expected', 'seed › seed the shop': 'expected', 'specs › cart total adds line items': 'expected', 'specs › cart keeps its items': 'expected', 'specs › orders list the last order': 'expected' },
  },
])('$shape, --workers=$workers', ({ shape, workers, local: expected }) => {
  test('the dependents run while the remote run goes on; the remote proxies wait after every local test', { timeout: 120_000 }, async () => {
    const result = await run([`--workers=${workers}`], { SHAPE: shape }, Object.keys(expected).length);
    expect(result.code, result.stderr).toBe(1);
    expect(statuses(local(result.tests))).toEqual(expected);
    expect(statuses(remote(result.tests))).toEqual(REMOTE);
    const lastLocal = Math.max(...local(result.tests).map(end));
    expect(Math.min(...remote(result.tests).map(start)), 'ASSUMPTION CHANGED: a teardown project no longer starts after every dependent of its setup').toBeGreaterThanOrEqual(lastLocal);
    expect(executes()).toBe(1);
  });
});

test('a failing setup project skips its dependents, never the remote results', { timeout: 120_000 }, async () => {
  const result = await run([], { SHAPE: 'setup', SETUP_FAILS: '1' }, 1);
  expect(result.code).toBe(1);
  expect(statuses(local(result.tests))).toEqual({
    'setup › log in': 'unexpected',
    'specs › cart total adds line items': 'skipped',
    'specs › cart keeps its items': 'skipped',
    'specs › orders list the last order': 'skipped',
  });
  expect(statuses(remote(result.tests)), 'ASSUMPTION CHANGED: a teardown project no longer runs when a project depending on its setup fails').toEqual(REMOTE);
});

test('--project octomind runs only the remote tests: no user project is pulled in', { timeout: 120_000 }, async () => {
  const result = await run(['--project', 'octomind'], { SHAPE: 'chain' }, 0);
  expect(done()).toEqual([]);
  expect(local(result.tests)).toEqual([]);
  expect(statuses(remote(result.tests))).toEqual(REMOTE);
});

test('--project specs runs the specs and their setup, and sends nothing to Octomind', { timeout: 120_000 }, async () => {
  const result = await run(['--project', 'specs'], { SHAPE: 'setup' }, 4, false);
  expect(result.code).toBe(0);
  expect(remote(result.tests)).toEqual([]);
  expect(local(result.tests)).toHaveLength(4);
  expect(executes()).toBe(0);
});

// Playwright filters only the projects a run names, not a teardown: with a filter the remote
// project keeps its place beside the first phase, and the filter applies to it as to any project.
test('a test filter still filters the remote tests: -g and a file argument', { timeout: 120_000 }, async () => {
  const grep = await run(['-g', 'checkout|cart total'], { SHAPE: 'setup' }, 0);
  expect(statuses(grep.tests)).toEqual({ 'setup › log in': 'expected', 'specs › cart total adds line items': 'expected', 'octomind › remote checkout': 'expected' });
  e2e.fake.log.length = 0;
  const file = await run(['orders.spec.ts'], { SHAPE: 'setup' }, 0);
  expect(statuses(file.tests)).toEqual({ 'setup › log in': 'expected', 'specs › orders list the last order': 'expected' });
});
