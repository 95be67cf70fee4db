/**
 * A user's `npm install --save-dev playwright-octomind` into a project pinned to each supported
 * @playwright/test: the packed tarball, plain npm (no --legacy-peer-deps, no --force), so the peer
 * range is what npm checks. The local npm cache makes it quick; the registry is asked only for
 * what the cache lacks.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OLDER_VERSIONS } from '../../scripts/playwright-versions.mjs';
import { ROOT } from './harness.js';
import { npmEnv, run } from './tarball.js';

const RELEASES = [...OLDER_VERSIONS, (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['@playwright/test']!];

let work: string;
let tarball: string;
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'octomind-install-'));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, env: npmEnv });
  tarball = path.join(work, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

test.each(RELEASES)('@playwright/test %s: plain npm install of the tarball succeeds, and the package loads', async (release) => {
  const dir = path.join(work, release);
  const pkg = { name: `suite-on-${release.replaceAll('.', '-')}`, private: true, devDependencies: { '@playwright/test': release } };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  await run('npm', ['install', '--prefer-offline', '--save-dev', tarball], { cwd: dir, env: npmEnv });
  const installed = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  expect(installed.devDependencies['@playwright/test']).toBe(release);
  expect(installed.devDependencies['playwright-octomind']).toMatch(/^file:.*\.tgz$/);
  // npm ls exits non-zero on an unmet or invalid peer.
  await run('npm', ['ls', '--all'], { cwd: dir, env: npmEnv });
  const { stdout } = await run(process.execPath, ['-e', "console.log(typeof require('playwright-octomind').withOctomind, require('@playwright/test/package.json').version)"], { cwd: dir });
  expect(stdout.trim()).toBe(`function ${release}`);
}, 120_000);
