/**
 * Blob reports merged with `npx playwright merge-reports` keep every remote result with its trace:
 * one blob run; the sharded recipe (trigger once with the CLI, every shard attaches with
 * OCTOMIND_TEST_REPORT_ID); and shards without a report id, which must not start N remote runs.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { chromium } from '@playwright/test';
import { launchOptions } from '../../fixtures/browser.js';
import { showReport } from '../../fixtures/show-report.js';
import { flatten, local, octomindEnv, remote, runCli, runPlaywright, type FlatTest } from './harness.js';
import { useFixture } from './use-fixture.js';

const TRACES = path.join(__dirname, '../../fixtures/traces');
const e2e = useFixture('basic');
beforeEach(() => {
  e2e.fake.log.length = 0;
});

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

  test('trigger once with the CLI, two shards attach, merged: one execute, each remote result once, in json and HTML', async () => {
    const output = path.join(e2e.project.dir, 'github-output');
    writeFileSync(output, '');
    const env = octomindEnv(e2e.fake);
    const executed = await runCli(['execute', '--url', 'https://preview-42.shop.example.com', '--github-output'], { ...env, GITHUB_OUTPUT: output });
    expect(executed.code).toBe(0);
    const testReportId = /^testReportId=(.+)$/m.exec(readFileSync(output, 'utf8'))![1]!;
    const shards = await Promise.all(
      [1, 2].map((shard) =>
        runPlaywright(e2e.project, ['test', `--shard=${shard}/2`, '--reporter=blob'], {
          env: { ...env, OCTOMIND_TEST_REPORT_ID: testReportId, PLAYWRIGHT_BLOB_OUTPUT_DIR: `blob-shard-${shard}` },
        }),
      ),
    );
    expect(shards.map((s) => s.code).sort()).toEqual([0, 1]);
    expect(e2e.fake.log.filter((r) => r.path.endsWith('/execute'))).toHaveLength(1);
    // Only the shard whose remote tests ran downloaded traces: each one once across the shards.
    const traced = (e2e.fake.store.get(e2e.fake.testTargetId, testReportId)?.results ?? []).filter((r) => r.testCase.outcome.trace);
    expect(traced.length).toBeGreaterThan(0);
    expect(e2e.fake.log.filter((r) => r.listener === 'trace').map((r) => r.path).sort()).toEqual(traced.map((r) => `/automagically-traces/${r.id}-trace.zip`).sort());
    expectEveryRemoteResultWithTrace(await merge(['blob-shard-1', 'blob-shard-2']));
    await expectHtmlReportHoldsEachRemoteTestOnce();
  });

  test('shards without a report id start no remote run; one failed test shows the recipe', async () => {
    const shards = await Promise.all(
      [1, 2].map((shard) =>
        runPlaywright(e2e.project, ['test', `--shard=${shard}/2`, '--reporter=blob'], { env: { ...octomindEnv(e2e.fake), PLAYWRIGHT_BLOB_OUTPUT_DIR: `blob-plain-${shard}` } }),
      ),
    );
    expect(shards.map((s) => s.code).sort()).toEqual([0, 1]);
    expect(e2e.fake.log.filter((r) => r.path.endsWith('/execute'))).toEqual([]);
    const tests = await merge(['blob-plain-1', 'blob-plain-2']);
    expect(remote(tests).map((t) => [t.title, t.status])).toEqual([['Octomind: sharded run without OCTOMIND_TEST_REPORT_ID', 'unexpected']]);
    expect(remote(tests)[0]!.results[0]!.error!.message).toContain('npx playwright-octomind execute --github-output');
  });
});

async function expectHtmlReportHoldsEachRemoteTestOnce() {
  const shown = await showReport(e2e.project.dir, 'merged-html');
  const browser = await chromium.launch(launchOptions());
  try {
    const page = await browser.newPage();
    await page.goto(shown.url);
    await page.getByText('cart total adds line items').first().waitFor();
    for (const title of ['add product to cart', 'checkout as guest', 'login with valid credentials', 'newsletter signup']) {
      await expect(page.getByRole('link', { name: title, exact: true }).count()).resolves.toBe(1);
    }
    await expect(page.getByRole('link', { name: 'View Trace' }).count()).resolves.toBe(3);
  } finally {
    await browser.close();
    await shown.close();
  }
}
