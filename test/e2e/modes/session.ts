/**
 * One independent world per test: its own fake Octomind (with a key no output could contain by
 * chance), its own copy of the `modes` fixture, and its own TMPDIR, so a leaked state dir is this
 * test's own and no other test can remove or add one.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { FAILED_CLICK_MESSAGE, testCase, type Scenario } from '../../../fixtures/fake-octomind/scenario.js';
import { startFakeOctomind, type FakeOctomind } from '../../../fixtures/fake-octomind/server.js';
import { octomindEnv, prepareProject, uniqueApiKey, type Project } from '../harness.js';

export const TARGET = '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc';
export const LOCAL_TITLES = ['local adds numbers', 'local joins words'];
export const REMOTE_TITLES = ['remote errors', 'remote fails', 'remote passes'];
/** The plugin's state dirs are named so (src/state/state-dir.ts). */
export const STATE_PREFIX = 'playwright-octomind-';

const IDS = { passes: 'a1b2c3d4-0000-4000-8000-000000000001', fails: 'a1b2c3d4-0000-4000-8000-000000000002', errors: 'a1b2c3d4-0000-4000-8000-000000000003' };

/**
 * Three remote tests that end quickly: passed with a trace, failed with a trace, Octomind error
 * without one. `mark` goes into the error texts, so a Run's results can be told from an earlier Run's.
 */
export function quickScenario(mark = 'first'): Scenario {
  return {
    testTargets: [
      {
        id: TARGET,
        testCases: [
          testCase('remote passes', { status: 'PASSED', afterMs: 300, trace: 'passed' }, { id: IDS.passes }),
          testCase('remote fails', { status: 'FAILED', afterMs: 500, errorMessage: `${FAILED_CLICK_MESSAGE}\n(${mark} remote run)`, trace: 'failed' }, { id: IDS.fails }),
          testCase('remote errors', { status: 'ERROR', afterMs: 400, errorMessage: `browser pool exhausted (${mark} remote run)`, trace: null }, { id: IDS.errors }),
        ],
      },
    ],
  };
}

/** The same three test cases, but Octomind holds every result in WAITING: a Run waits on them. */
export function waitingScenario(): Scenario {
  return {
    testTargets: [
      {
        id: TARGET,
        testCases: [
          testCase('remote passes', { status: 'PASSED', afterMs: null }, { id: IDS.passes }),
          testCase('remote fails', { status: 'FAILED', afterMs: null }, { id: IDS.fails }),
          testCase('remote errors', { status: 'ERROR', afterMs: null }, { id: IDS.errors }),
        ],
      },
    ],
  };
}

export interface Session {
  fake: FakeOctomind;
  project: Project;
  tmp: string;
  /** The env a developer's shell would have: the plugin pointed at the fake, TMPDIR private. */
  env: Record<string, string>;
  executes(): number;
  /** Reads of the test-case list (titles, and the list a session opens with). */
  lists(): number;
  /** The plugin's state dirs in this test's TMPDIR. */
  stateDirs(): string[];
}

export async function newSession(scenario: Scenario = quickScenario()): Promise<Session> {
  const fake = await startFakeOctomind({ apiKey: uniqueApiKey(), scenario });
  const project = prepareProject('modes');
  const tmp = mkdtempSync(path.join(tmpdir(), 'octomind-modes-tmp-'));
  onTestFinished(async () => {
    await fake.close();
    project.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  });
  return {
    fake,
    project,
    tmp,
    env: { ...octomindEnv(fake), TMPDIR: tmp },
    executes: () => fake.log.filter((r) => r.listener === 'api' && r.method === 'POST' && r.path.endsWith('/execute')).length,
    lists: () => fake.log.filter((r) => r.listener === 'api' && /\/test-cases(\?|$)/.test(r.path)).length,
    stateDirs: () => readdirSync(tmp).filter((name) => name.startsWith(STATE_PREFIX)),
  };
}

/** The Octomind report URL pattern of this fake: what "the report URL was printed" looks for. */
export function reportUrlPattern(fake: FakeOctomind): RegExp {
  return new RegExp(`${fake.apiUrl.replace(/\/api$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/testreports/[0-9a-f-]{36}`);
}

/** Lines that mention Octomind by name (R1: a local-only Run prints none); temp paths say `octomind` in lower case. */
export function octomindLines(output: string): string[] {
  return output.split("\n").filter((line) => /Octomind/.test(line));
}
