/**
 * A machine with no Chromium where Playwright's installer cannot download: `npm test` (vitest) and
 * `npm run demo` stop before any test or build, with one line naming the command to run. No
 * Chromium is removed: Playwright's own is looked for in an empty PLAYWRIGHT_BROWSERS_PATH, the
 * system's at a missing SYSTEM_CHROMIUM, and the installer downloads from a local host that has
 * nothing (PLAYWRIGHT_DOWNLOAD_HOST), so it fails here exactly as it does offline.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from './harness.js';

const LINE = /^No Chromium: "npx playwright install chromium" failed \(.+\); run "sudo apt-get install chromium" \(Debian\/Ubuntu\), then try again\.$/;

let dir: string;
let downloads: Server;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'octomind-no-chromium-'));
  downloads = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => downloads.listen(0, '127.0.0.1', resolve));
  env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !/^(PLAYWRIGHT_|CI$|VITEST|TEST$|NODE_OPTIONS$)/.test(entry[0])));
  Object.assign(env, {
    PLAYWRIGHT_BROWSERS_PATH: dir,
    SYSTEM_CHROMIUM: path.join(dir, 'no-chromium'),
    PLAYWRIGHT_DOWNLOAD_HOST: `http://127.0.0.1:${(downloads.address() as AddressInfo).port}`,
  });
});

afterAll(async () => {
  await new Promise((resolve) => downloads.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { cwd: ROOT, env, timeout: 120_000 }, (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('no Chromium and no download', () => {
  test('vitest stops in its global setup: no test runs, one line names the command', async () => {
    const report = path.join(dir, 'vitest.json');
    const result = await run('npx', ['vitest', 'run', 'test/unit/base-url.test.ts', '--reporter=json', `--outputFile.json=${report}`]);
    expect(result.code).toBe(1);
    const errors = lines(result.stderr).filter((line) => !line.startsWith('[vitest]'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(LINE);
    expect(existsSync(report)).toBe(false);
    expect(result.stdout).not.toMatch(/base-url|Test Files/);
  }, 150_000);

  test('npm run demo stops before its build: one line names the command', async () => {
    const result = await run('npm', ['run', 'demo']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(lines(result.stderr)[0]).toMatch(LINE);
    expect(result.stdout).not.toContain('Demo:');
    expect(result.stdout).not.toContain('tsc -p');
  }, 150_000);
});
