/**
 * Blob reports merged with `npx playwright merge-reports` keep every remote result with its trace:
 * one blob run, and two shards attached to one remote run (OCTOMIND_TEST_REPORT_ID).
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createOctomindClient } from '../../src/api/client.js';
import { flatten, local, octomindEnv, remote, runPlaywright, type FlatTest } from './harness.js';
import { useFixture } from './use-fixture.js';

const TRACES = path.join(__dirname, '../../fixtures/traces');
const e2e = useFixture('basic');

function expectEveryRemoteResultWithTrace(tests: FlatTest[]) {
  expect(remote(tests).map((t) => [t.title, t.status, t.results.length])).toEqual([
    ['add product to cart', 'expected', 1],
    ['checkout as guest', 'unexpected', 1],
    ['login with valid credentials', 'expected', 1],
    ['newsletter signup', 'unexpected', 1],
  ]);
  const traceOf = (title: string) => remote(tests).find((t) => t.title === title)!.results[0]!.attachments.find((a) => a.name === 'trace');
  expect(readFileSync(traceOf('checkout as guest')!.path!).equals(readFileSync(path.join(TRACES, 'failed.zip')))).toBe(true);
  expect(readFileSync(traceOf('login with valid credentials')!.path!).equals(readFileSync(path.join(TRACES, 'passed.zip')))).toBe(true);
  expect(traceOf('newsletter signup')).toBeUndefined();
  expect(local(tests).map((t) => t.title)).toEqual(['cart total adds line items', 'cart rejects a negative quantity', 'cart syncs with the server']);
}

async function merge(blobDirs: string[]) {
  const all = path.join(e2e.project.dir, 'all-blobs');
  rmSync(all, { recursive: true, force: true });
  mkdirSync(all, { recursive: true });
  for (const dir of blobDirs) for (const file of readdirSync(path.join(e2e.project.dir, dir))) cpSync(path.join(e2e.project.dir, dir, file), path.join(all, file));
  const merged = await runPlaywright(e2e.project, ['merge-reports', '--reporter=json,html', 'all-blobs'], { env: { PLAYWRIGHT_HTML_OUTPUT_DIR: 'merged-html' } });
  expect(merged.code).toBe(0);
  return flatten(merged.json!);
}

describe('merge-reports', () => {
  test('a blob run, merged, holds every remote result with its trace', async () => {
    const run = await runPlaywright(e2e.project, ['test', '--reporter=blob'], { env: { ...octomindEnv(e2e.fake), PLAYWRIGHT_BLOB_OUTPUT_DIR: 'blob-single' } });
    expect(run.code).toBe(1);
    expectEveryRemoteResultWithTrace(await merge(['blob-single']));
  });

  test('two shards attached to one remote run, merged: each remote result exactly once', async () => {
    const client = createOctomindClient({ apiUrl: e2e.fake.apiUrl, apiKey: e2e.fake.apiKey, apiVersion: 'v2' });
    const { testReport } = await client.executions.execute({ testTargetId: e2e.fake.testTargetId, url: 'http://localhost:4321', context: { source: 'manual', description: 'e2e' } });
    await client.close();
    e2e.fake.log.length = 0;
    const env = octomindEnv(e2e.fake, { OCTOMIND_TEST_REPORT_ID: testReport.id! });
    const shards = await Promise.all(
      [1, 2].map((shard) => runPlaywright(e2e.project, ['test', `--shard=${shard}/2`, '--reporter=blob'], { env: { ...env, PLAYWRIGHT_BLOB_OUTPUT_DIR: `blob-shard-${shard}` } })),
    );
    expect(shards.map((s) => s.code).sort()).toEqual([0, 1]);
    expect(e2e.fake.log.filter((r) => r.path.endsWith('/execute'))).toEqual([]);
    expectEveryRemoteResultWithTrace(await merge(['blob-shard-1', 'blob-shard-2']));
  });
});
