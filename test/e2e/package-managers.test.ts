/**
 * The packed tarball installed the way teams install it: npm, pnpm's default isolated layout
 * (symlinks into a store whose paths hold the version), an npm workspace with the config in a
 * sub-package and the plugin hoisted to the root, Yarn 4 with its node-modules linker, and Yarn
 * Plug'n'Play. Each then passes the same checks: a run shows every local and remote test with its
 * status; then, before any new run, the checkout moved to another folder (a CI cache restored
 * elsewhere, a renamed repo), the plugin upgraded to another version, and a spec as earlier builds
 * wrote it (the plugin by an absolute path that no longer exists) each still list every test,
 * because the generated spec finds the plugin by package name (src/generated/spec-file.ts). pnpm
 * and Yarn are this repo's pinned devDependencies; the registry is asked only for what their caches
 * lack.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeOctomind, type FakeOctomind } from '../../fixtures/fake-octomind/server.js';
import { flatten, local, octomindEnv, remote, ROOT, runPlaywright, uniqueApiKey } from './harness.js';
import { npmEnv, packTarball, PLAYWRIGHT, run } from './tarball.js';

const PNPM = path.join(ROOT, 'node_modules/.bin/pnpm');
const YARN = path.join(ROOT, 'node_modules/.bin/yarn');
// CI=true turns on Yarn's immutable installs, which a first install without a lockfile fails.
// Yarn asks registry.yarnpkg.com by default; this machine reaches npm's registry, as npm and pnpm use.
const YARN_VARS = { YARN_ENABLE_IMMUTABLE_INSTALLS: 'false', YARN_ENABLE_TELEMETRY: '0', YARN_ENABLE_GLOBAL_CACHE: 'true', YARN_NPM_REGISTRY_SERVER: 'https://registry.npmjs.org' };
const yarnEnv = { ...npmEnv, ...YARN_VARS };
const LOCAL = ['cart total adds line items', 'cart rejects a negative quantity', 'cart syncs with the server'];
const REMOTE = ['add product to cart', 'checkout as guest', 'login with valid credentials', 'newsletter signup'];

let work: string;
let tarball: string;
let upgrade: string;
let fake: FakeOctomind;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'octomind-managers-'));
  tarball = await packTarball(work);
  upgrade = await packTarball(work, '0.1.1-next');
  fake = await startFakeOctomind({ apiKey: uniqueApiKey() });
}, 60_000);
afterAll(async () => {
  await fake?.close();
  rmSync(work, { recursive: true, force: true });
});

interface Layout {
  /** Where the install runs. */
  root: string;
  /** Where the Playwright config is, and Playwright runs. */
  suite: string;
}

function suite(name: string, pkg: Record<string, unknown>, subPackage?: string): Layout {
  const root = path.join(work, name);
  const dir = subPackage ? path.join(root, subPackage) : root;
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(ROOT, 'fixtures/projects/basic'), dir, { recursive: true });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name, private: true, ...pkg }, null, 2));
  return { root, suite: dir };
}

const deps = () => ({ devDependencies: { '@playwright/test': PLAYWRIGHT, 'playwright-octomind': `file:${tarball}` } });

interface Manager {
  prepare: () => Promise<Layout>;
  /** Installs `tarball` over the installed plugin, in the install root. */
  upgrade: (root: string, tarball: string) => Promise<unknown>;
  command?: string[];
}

const npmUpgrade = (root: string, file: string) => run('npm', ['install', '--prefer-offline', '--save-dev', file], { cwd: root, env: npmEnv });
const yarnUpgrade = (root: string, file: string) => run(YARN, ['add', '-D', `playwright-octomind@file:${file}`], { cwd: root, env: yarnEnv });

function yarn(linker: 'pnp' | 'node-modules'): Manager {
  return {
    prepare: async () => {
      const layout = suite(`yarn-${linker}`, deps());
      writeFileSync(path.join(layout.root, '.yarnrc.yml'), `nodeLinker: ${linker}\n`);
      writeFileSync(path.join(layout.root, 'yarn.lock'), '');
      await run(YARN, ['install'], { cwd: layout.root, env: yarnEnv });
      return layout;
    },
    upgrade: yarnUpgrade,
    command: [YARN, 'playwright'],
  };
}

const MANAGERS: Record<string, Manager> = {
  npm: {
    prepare: async () => {
      const layout = suite('npm', deps());
      await run('npm', ['install', '--prefer-offline'], { cwd: layout.root, env: npmEnv });
      return layout;
    },
    upgrade: npmUpgrade,
  },
  'pnpm, isolated node_modules': {
    prepare: async () => {
      const layout = suite('pnpm', deps());
      await run(PNPM, ['install', '--prefer-offline', '--config.node-linker=isolated'], { cwd: layout.root, env: npmEnv });
      return layout;
    },
    upgrade: (root, file) => run(PNPM, ['add', '-D', '--prefer-offline', '--config.node-linker=isolated', file], { cwd: root, env: npmEnv }),
  },
  'npm workspaces: the config in a sub-package, the plugin hoisted to the root': {
    prepare: async () => {
      const layout = suite('workspace', { workspaces: ['e2e'], ...deps() }, 'e2e');
      writeFileSync(path.join(layout.suite, 'package.json'), JSON.stringify({ name: 'shop-e2e', private: true }, null, 2));
      await run('npm', ['install', '--prefer-offline'], { cwd: layout.root, env: npmEnv });
      return layout;
    },
    upgrade: npmUpgrade,
  },
  "Yarn 4, Plug'n'Play": yarn('pnp'),
  'Yarn 4, node-modules linker': yarn('node-modules'),
};

/** `--list` as a user runs it: the titles listed, with the whole output for a failure message. */
async function listed(dir: string, options: Parameters<typeof runPlaywright>[2]): Promise<{ titles: string[]; output: string }> {
  const result = await runPlaywright({ dir, cleanup: () => {} }, ['test', '--list', '--reporter=list'], options);
  const titles = result.stdout
    .split('\n')
    .map((line) => /›\s([^›]+)$/.exec(line.trim())?.[1])
    .filter((title): title is string => Boolean(title))
    .sort();
  return { titles, output: result.stdout + result.stderr };
}

const EVERY_TEST = [...LOCAL, ...REMOTE].sort();

test.each(Object.keys(MANAGERS))('%s: a run shows every test; moved, upgraded or with an earlier build\'s spec, --list lists them all', async (manager) => {
  const { prepare, upgrade: upgradeTo, command } = MANAGERS[manager]!;
  const layout = await prepare();
  const options = { env: { ...octomindEnv(fake), ...YARN_VARS }, ...(command && { command }) };

  const ran = await runPlaywright({ dir: layout.suite, cleanup: () => {} }, ['test'], options);
  expect(ran.json, ran.stdout + ran.stderr).toBeDefined();
  const tests = flatten(ran.json!);
  expect(local(tests).map((t) => t.status)).toEqual(['expected', 'expected', 'skipped']);
  // The fake's demo scenario: two remote tests pass, two fail; the ERROR one has no trace at Octomind.
  expect(remote(tests).map((t) => `${t.title}: ${t.status}`)).toEqual([
    'add product to cart: expected',
    'checkout as guest: unexpected',
    'login with valid credentials: expected',
    'newsletter signup: unexpected',
  ]);
  expect(remote(tests).map((t) => t.results[0]!.attachments.some((a) => a.name === 'trace'))).toEqual([true, true, true, false]);
  expect(ran.code).toBe(1);
  const specFile = path.join(layout.suite, 'tests/.playwright-octomind/octomind.spec.ts');
  const spec = readFileSync(specFile, 'utf8');
  expect(spec, 'no path in the generated spec').not.toContain(work);

  const movedRoot = `${layout.root} restored elsewhere`;
  renameSync(layout.root, movedRoot);
  const moved = path.join(movedRoot, path.relative(layout.root, layout.suite));
  const afterMove = await listed(moved, options);
  expect(afterMove.titles, afterMove.output).toEqual(EVERY_TEST);

  await upgradeTo(movedRoot, upgrade);
  // Resolved as the suite resolves it: through Yarn's Plug'n'Play map where there is one.
  const [node, ...nodeArgs] = command ? [YARN, 'node'] : [process.execPath];
  const version = await run(node!, [...nodeArgs, '-e', "process.stdout.write(require('playwright-octomind/package.json').version)"], { cwd: moved, env: yarnEnv });
  expect(version.stdout).toBe('0.1.1-next');
  const afterUpgrade = await listed(moved, options);
  expect(afterUpgrade.titles, afterUpgrade.output).toEqual(EVERY_TEST);

  // What earlier builds wrote: the plugin by an absolute path, here into the folder before the move.
  writeFileSync(specFile.replace(layout.root, movedRoot), spec.replace('"playwright-octomind/remote-tests"', JSON.stringify(path.join(layout.root, 'node_modules/playwright-octomind/dist/proxy/remote-tests.js'))));
  const afterOldSpec = await listed(moved, options);
  expect(afterOldSpec.titles, afterOldSpec.output).toEqual(EVERY_TEST);
  expect(readFileSync(specFile.replace(layout.root, movedRoot), 'utf8')).toBe(spec);
}, 300_000);

