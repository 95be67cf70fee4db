/**
 * The generated spec outlives the checkout it was written in: a CI cache restored elsewhere, a
 * renamed folder, an upgraded plugin. Each lists every local and remote test before any new run,
 * because the spec finds the plugin by package name (src/generated/spec-file.ts). A real
 * `npm install` of the packed tarball, so the package's `exports` are what resolves it.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeOctomind, type FakeOctomind } from '../../fixtures/fake-octomind/server.js';
import { octomindEnv, ROOT, runPlaywright, uniqueApiKey } from './harness.js';

const run = promisify(execFile);
const npmEnv = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const PLAYWRIGHT = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['@playwright/test']!;
const LOCAL = ['cart total adds line items', 'cart rejects a negative quantity', 'cart syncs with the server'];
const REMOTE = ['add product to cart', 'checkout as guest', 'login with valid credentials', 'newsletter signup'];

let work: string;
let fake: FakeOctomind;

/** The package packed as it is, and again as another version (its dist and package.json only, as the tarball holds). */
async function pack(version: string): Promise<string> {
  const source = path.join(work, `package-${version}`);
  mkdirSync(source);
  cpSync(path.join(ROOT, 'dist'), path.join(source, 'dist'), { recursive: true });
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(source, 'package.json'), JSON.stringify({ ...pkg, version, scripts: {} }, null, 2));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: source, env: npmEnv });
  return path.join(work, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'octomind-moved-'));
  fake = await startFakeOctomind({ apiKey: uniqueApiKey() });
}, 60_000);
afterAll(async () => {
  await fake?.close();
  rmSync(work, { recursive: true, force: true });
});

/** `--list` as a user runs it: the titles listed, or the whole output when it says no test. */
async function listed(dir: string): Promise<{ titles: string[]; output: string }> {
  const result = await runPlaywright({ dir, cleanup: () => {} }, ['test', '--list', '--reporter=list'], { env: octomindEnv(fake) });
  const output = result.stdout + result.stderr;
  const titles = output
    .split('\n')
    .map((line) => /›\s([^›]+)$/.exec(line.trim())?.[1])
    .filter((title): title is string => Boolean(title));
  return { titles, output };
}

test('a moved checkout, an upgrade and a spec from an earlier build list every local and remote test before any new run', { timeout: 300_000 }, async () => {
  const [current, next] = [await pack('0.1.0'), await pack('0.1.1-next')];
  const first = path.join(work, 'checkout');
  cpSync(path.join(ROOT, 'fixtures/projects/basic'), first, { recursive: true });
  writeFileSync(path.join(first, 'package.json'), JSON.stringify({ name: 'shop', private: true, devDependencies: { '@playwright/test': PLAYWRIGHT } }, null, 2));
  await run('npm', ['install', '--prefer-offline', '--save-dev', current], { cwd: first, env: npmEnv });

  const ran = await runPlaywright({ dir: first, cleanup: () => {} }, ['test'], { env: octomindEnv(fake) });
  // The fake's demo scenario fails two remote tests.
  expect(ran.code, ran.stderr).toBe(1);
  expect(ran.json!.stats.expected).toBe(4);
  const spec = readFileSync(path.join(first, 'tests/.playwright-octomind/octomind.spec.ts'), 'utf8');
  expect(spec, 'no path in the spec').not.toContain(work);

  const moved = path.join(work, 'restored elsewhere');
  renameSync(first, moved);
  const afterMove = await listed(moved);
  expect(afterMove.titles.sort(), afterMove.output).toEqual([...LOCAL, ...REMOTE].sort());

  await run('npm', ['install', '--prefer-offline', '--save-dev', next], { cwd: moved, env: npmEnv });
  expect((JSON.parse(readFileSync(path.join(moved, 'node_modules/playwright-octomind/package.json'), 'utf8')) as { version: string }).version).toBe('0.1.1-next');
  const afterUpgrade = await listed(moved);
  expect(afterUpgrade.titles.sort(), afterUpgrade.output).toEqual([...LOCAL, ...REMOTE].sort());

  // What earlier builds wrote: the plugin by an absolute path, here one that no longer exists.
  const specFile = path.join(moved, 'tests/.playwright-octomind/octomind.spec.ts');
  writeFileSync(specFile, spec.replace('"playwright-octomind/remote-tests"', JSON.stringify(path.join(first, 'node_modules/playwright-octomind/dist/proxy/remote-tests.js'))));
  const afterOldSpec = await listed(moved);
  expect(afterOldSpec.titles.sort(), afterOldSpec.output).toEqual([...LOCAL, ...REMOTE].sort());
  expect(readFileSync(specFile, 'utf8')).toBe(spec);
});
