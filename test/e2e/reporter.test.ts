/**
 * The optional reporter in a real run: the report URL first, progress while only remote results
 * are awaited, a summary at the end, Markdown in the GitHub job summary, and the setup's own
 * announcement left to it (printed once, not twice).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { filesUnder, octomindEnv, runPlaywright } from './harness.js';
import { useFixture } from './use-fixture.js';

const e2e = useFixture('basic');

test('prints the URL, progress and a summary, and appends Markdown to GITHUB_STEP_SUMMARY', async () => {
  const summaryFile = path.join(e2e.project.dir, 'step-summary.md');
  const run = await runPlaywright(e2e.project, ['test', '--reporter=line,json,playwright-octomind/reporter'], {
    env: octomindEnv(e2e.fake, { GITHUB_STEP_SUMMARY: summaryFile }),
  });
  expect(run.code).toBe(1);
  const lines = run.stdout.split('\n').filter((line) => line.startsWith('Octomind:'));
  const reportUrl = /running · (\S+)$/.exec(lines[0]!)?.[1];
  expect(lines[0]).toBe(`Octomind: 4 remote tests running · ${reportUrl}`);
  // The demo scenario's results take up to 3 s; the local tests are done long before.
  expect(lines.some((line) => /^Octomind: [0-3]\/4 remote results in, \d failed; waiting for the rest · /.test(line))).toBe(true);
  expect(lines.at(-1)).toBe(`Octomind: 2 passed, 1 failed, 1 error of 4 remote tests · ${reportUrl}`);
  expect(run.stdout).toContain('  ✘ checkout as guest (FAILED) — TimeoutError: locator.click: Timeout 5000ms exceeded.');
  expect(run.stdout).toContain('  ✘ newsletter signup (ERROR) — OctomindError: Test environment could not be reached: browser pool exhausted.');
  expect(run.stderr).not.toContain('Octomind run:');
  expect(run.stdout.match(/testreports\//g)?.length).toBeGreaterThanOrEqual(2);

  const markdown = readFileSync(summaryFile, 'utf8');
  expect(markdown).toContain('### Octomind: 2 passed, 1 failed, 1 error of 4 remote tests');
  expect(markdown).toContain(`[Open the Octomind report](${reportUrl})`);
  expect(markdown).toContain('| checkout as guest | ❌ FAILED | 3 s | TimeoutError: locator.click: Timeout 5000ms exceeded. |');
  expect(markdown).not.toContain(e2e.fake.apiKey);
});

test('without the reporter, the setup announces the run on stderr, keeping stdout for reporters', async () => {
  const run = await runPlaywright(e2e.project, ['test', '--reporter=json'], { env: { ...octomindEnv(e2e.fake), PLAYWRIGHT_JSON_OUTPUT_NAME: '' } });
  expect(run.stderr).toMatch(/\[playwright-octomind\] Octomind run: http:\/\/127\.0\.0\.1:\d+\/testreports\/[0-9a-f-]{36} \(4 tests\)/);
  expect(() => JSON.parse(run.stdout)).not.toThrow();
});

test('the API key is in the output of no reporter: list, dot, github, json, junit, html, blob (merged), this one', async () => {
  const run = await runPlaywright(e2e.project, ['test', '--reporter=list,dot,github,json,junit,html,blob,playwright-octomind/reporter'], {
    env: { ...octomindEnv(e2e.fake), GITHUB_STEP_SUMMARY: path.join(e2e.project.dir, 'summary.md'), PLAYWRIGHT_JSON_OUTPUT_NAME: 'outputs/report.json' },
  });
  expect(JSON.parse(readFileSync(path.join(e2e.project.dir, 'outputs/report.json'), 'utf8')).stats.expected).toBeGreaterThan(0);
  const merged = await runPlaywright(e2e.project, ['merge-reports', '--reporter=json,html', 'blob-report'], {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: 'merged/report.json', PLAYWRIGHT_HTML_OUTPUT_DIR: 'merged/html' },
  });
  expect(merged.code).toBe(0);
  const files = [...['outputs', 'test-results', 'playwright-report', 'merged'].flatMap((dir) => filesUnder(path.join(e2e.project.dir, dir))), path.join(e2e.project.dir, 'summary.md')];
  expect(readFileSync(path.join(e2e.project.dir, 'summary.md'), 'utf8')).toContain('### Octomind:');
  expect(files.some((file) => file.includes(`merged${path.sep}report.json`))).toBe(true);
  for (const file of files) expect(readFileSync(file).includes(e2e.fake.apiKey), file).toBe(false);
  for (const output of [run.stdout, run.stderr, merged.stdout, merged.stderr]) expect(output).not.toContain(e2e.fake.apiKey);
});
