/**
 * Runs one fault case end to end and checks what every case must keep: local tests unaffected,
 * no result lost, no partial file, no state left behind.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { FakeOctomind } from '../../fixtures/fake-octomind/server.js';
import { testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import type { FaultCase } from './fault-cases.js';
import { annotation, filesUnder, flatten, local, octomindEnv, remote, runPlaywright, type Project } from './harness.js';

const TRACE = readFileSync(path.join(__dirname, '../../fixtures/traces/passed.zip'));

export function matrixScenario(testTargetId: string): Scenario {
  return {
    testTargets: [
      {
        id: testTargetId,
        testCases: [
          testCase('remote checkout', { status: 'PASSED', afterMs: 300, trace: 'passed' }),
          testCase('remote login', { status: 'PASSED', afterMs: 700, trace: 'passed' }),
        ],
      },
    ],
  };
}

export async function runFaultCase(fake: FakeOctomind, project: Project, c: FaultCase): Promise<void> {
  fake.setScenario(matrixScenario(fake.testTargetId));
  fake.clearFaults();
  fake.log.length = 0;
  fake.inject(c.route, c.fault, c.times);
  const tmp = mkdtempSync(path.join(tmpdir(), 'octomind-matrix-'));
  try {
    const run = await runPlaywright(project, ['test'], { env: octomindEnv(fake, { TMPDIR: tmp, OCTOMIND_POLL_INTERVAL_MS: '250' }) });
    const tests = flatten(run.json!);

    expect(local(tests).map((t) => t.status), 'local tests unaffected').toEqual(['expected', 'expected', 'skipped']);
    expect(readdirSync(tmp).filter((name) => name.startsWith('playwright-octomind-')), 'no state left').toEqual([]);
    expect(filesUnder(project.dir).filter((file) => file.endsWith('.tmp')), 'no partial file').toEqual([]);

    const remoteTests = remote(tests);
    if (c.outcome === 'sentinel') {
      expect(remoteTests.map((t) => t.title)).toEqual(['Octomind: the remote run could not start']);
      expect(remoteTests[0]!.results[0]!.error!.message).toMatch(c.says!);
      expect(run.code).toBe(1);
      return;
    }
    expect(remoteTests.map((t) => t.title), 'no result lost').toEqual(['remote checkout', 'remote login']);
    if (c.outcome === 'resultsFailed') {
      for (const t of remoteTests) expect(t.results[0]!.error!.message).toMatch(c.says!);
      expect(run.code).toBe(1);
      return;
    }
    expect(remoteTests.map((t) => [annotation(t, 'octomind.status'), t.status])).toEqual([
      ['PASSED', 'expected'],
      ['PASSED', 'expected'],
    ]);
    const traces = remoteTests.flatMap((t) => t.results[0]!.attachments.filter((a) => a.name === 'trace'));
    for (const trace of traces) expect(readFileSync(trace.path!).equals(TRACE), 'trace byte-identical').toBe(true);
    const missing = c.outcome === 'complete' ? 0 : c.outcome.tracesMissing;
    expect(traces).toHaveLength(2 - missing);
    const reasons = remoteTests.map((t) => annotation(t, 'octomind.trace')).filter((reason): reason is string => reason !== undefined);
    expect(reasons).toHaveLength(missing);
    for (const reason of reasons) expect(reason).toMatch(c.says!);
    expect(run.code).toBe(0);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
