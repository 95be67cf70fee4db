/**
 * Storage hosts that do byte ranges badly, end to end: each remote test's trace comes from a host
 * that drops the first answer mid-body and then ignores `Range`, sends a wrong Content-Range,
 * answers 416, replaces the object, or has no ETag. Every trace attachment in the json report is
 * byte-identical to one whole served zip.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { TRACE_HOSTS, testCase } from '../../fixtures/fake-octomind/scenario.js';
import { TRACES_DIR } from '../../fixtures/fake-octomind/trace-host.js';
import { annotation, flatten, local, octomindEnv, remote, runPlaywright } from './harness.js';
import { useFixture } from './use-fixture.js';

const e2e = useFixture('basic');
const served = (name: string) => readFileSync(path.join(TRACES_DIR, `${name}.zip`));

test('every trace from a badly ranged host is byte-identical to one whole version', async () => {
  e2e.fake.setScenario({
    testTargets: [
      {
        id: e2e.fake.testTargetId,
        testCases: Object.entries(TRACE_HOSTS).map(([name, traceHost]) => testCase(name, { status: 'PASSED', afterMs: 0, trace: 'passed', traceHost })),
      },
    ],
  });
  const run = await runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake) });
  const tests = flatten(run.json!);
  expect(local(tests).map((t) => t.status), 'local tests unaffected').toEqual(['expected', 'expected', 'skipped']);
  const remoteTests = remote(tests);
  expect(remoteTests.map((t) => t.title).sort()).toEqual(Object.keys(TRACE_HOSTS).sort());
  for (const t of remoteTests) {
    const host = TRACE_HOSTS[t.title]!;
    const version = host.kind === 'replaced' ? host.by : 'passed';
    const trace = t.results[0]!.attachments.find((a) => a.name === 'trace');
    expect(annotation(t, 'octomind.trace'), t.title).toBeUndefined();
    expect(readFileSync(trace!.path!).equals(served(version as string)), `${t.title}: byte-identical to ${String(version)}.zip`).toBe(true);
  }
  // Each host misbehaved: its first answer dropped, its answer to the resumed request its own.
  const byTrace = new Map<string, string[]>();
  for (const entry of e2e.fake.log.filter((e) => e.listener === 'trace')) {
    byTrace.set(entry.path, [...(byTrace.get(entry.path) ?? []), `${entry.status}${entry.range ? ' to Range' : ''}`]);
  }
  expect([...byTrace.values()].map((requests) => requests.join(', ')).sort()).toEqual(
    [
      '200, 200 to Range', // ignores ranges
      '200, 206 to Range, 200', // wrong Content-Range
      '200, 416 to Range, 200',
      '200, 200 to Range', // replaced, If-Range honoured
      '200, 206 to Range, 200', // replaced, If-Range ignored
      '200, 206 to Range', // Last-Modified only
    ].sort(),
  );
  expect(run.code).toBe(0);
});
