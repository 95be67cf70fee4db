/**
 * withOctomind(config, options): a new config (the input untouched), idempotent, the user's global
 * setup and projects kept, the remote project appended last with the settings (never the key).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PlaywrightTestConfig } from '@playwright/test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OctomindConfigError } from '../../src/api/errors.js';
import { resolveSettings } from '../../src/options/options.js';
import { METADATA_KEY, settingsOf } from '../../src/options/project-metadata.js';
import { handOverUserSetup, loadUserSetup } from '../../src/compat/user-setup.js';
import { setupModule, triggerReporterModule, withOctomind } from '../../src/config/with-octomind.js';
import { sharedConfig } from '../helpers/config/shared.js';

const TT = '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc';
const API_KEY = 'secret-key-xyz';
const IGNORE = '**/.playwright-octomind/**';
const OCTOMIND_ENV = [
  'OCTOMIND_API_KEY',
  'OCTOMIND_API_URL',
  'OCTOMIND_TEST_TARGET_ID',
  'OCTOMIND_URL',
  'OCTOMIND_ENVIRONMENT',
  'OCTOMIND_TAGS',
  'OCTOMIND_API_VERSION',
  'OCTOMIND_TEST_REPORT_ID',
  'OCTOMIND_POLL_INTERVAL_MS',
  'OCTOMIND_TIMEOUT_MS',
  'OCTOMIND_SCREENSHOT',
];

type Config = PlaywrightTestConfig;
type AnyProject = Record<string, unknown>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key]);
  }
  return value;
}

const projectsOf = (config: Config) => (config.projects ?? []) as AnyProject[];
const remoteOf = (config: Config) => projectsOf(config).at(-1)!;

function userConfig(): Config {
  return {
    testDir: './tests',
    timeout: 30_000,
    reporter: [['list'], ['html', { open: 'never' }]],
    use: { baseURL: 'https://staging.example.com', trace: 'on-first-retry' },
    globalSetup: './global-setup.ts',
    globalTeardown: './global-teardown.ts',
    webServer: { command: 'npm start', url: 'http://127.0.0.1:3000', reuseExistingServer: true },
    projects: [
      { name: 'setup', testMatch: /.*\.setup\.ts/ },
      { name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1280, height: 720 } }, dependencies: ['setup'], retries: 2 },
      { name: 'api', testDir: './api', testIgnore: '**/draft/**', workers: 2, metadata: { team: 'backend' } },
    ],
  };
}

beforeEach(() => {
  for (const name of OCTOMIND_ENV) vi.stubEnv(name, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('withOctomind: purity', () => {
  it('does not change the input config (deep-frozen, and equal to its snapshot afterwards)', () => {
    const config = userConfig();
    const snapshot = structuredClone({ ...config, projects: undefined });
    const projects = projectsOf(config).map((p) => ({ ...p }));
    deepFreeze(config);
    const result = withOctomind(config, { testTargetId: TT });
    expect(result).not.toBe(config);
    expect({ ...config, projects: undefined }).toEqual(snapshot);
    expect(config.projects).toEqual(projects);
    expect(config.globalSetup).toBe('./global-setup.ts');
  });

  it('does not change the options object', () => {
    const options = deepFreeze({ testTargetId: TT, tags: ['smoke'] });
    expect(() => withOctomind({}, options)).not.toThrow();
    expect(options).toEqual({ testTargetId: TT, tags: ['smoke'] });
  });

  it('keeps every other config field as it was', () => {
    const config = userConfig();
    const result = withOctomind(config, { testTargetId: TT });
    const rest = Object.fromEntries(Object.entries(config).filter(([key]) => !['globalSetup', 'projects', 'reporter'].includes(key)));
    expect(Object.keys(rest)).toHaveLength(5);
    expect(result).toMatchObject(rest);
    expect(result.webServer).toBe(config.webServer);
    expect(result.globalTeardown).toBe('./global-teardown.ts');
  });

  it('is idempotent: wrapping twice is wrapping once', () => {
    const once = withOctomind(userConfig(), { testTargetId: TT });
    const twice = withOctomind(once, { testTargetId: TT });
    expect(twice).toEqual(once);
    expect(projectsOf(twice).filter((p) => p.name === 'octomind')).toHaveLength(1);
    expect((twice.globalSetup as string[]).filter((s) => s === setupModule())).toHaveLength(1);
    expect(withOctomind(withOctomind({}))).toEqual(withOctomind({}));
  });
});

describe('withOctomind: globalSetup', () => {
  it('the setup module is this package’s setup/setup, and exists', () => {
    expect(setupModule()).toMatch(/[/\\]setup[/\\]setup\.ts$/);
    expect(path.isAbsolute(setupModule())).toBe(true);
    expect(existsSync(setupModule())).toBe(true);
  });

  it.each([
    ['a string', './global-setup.ts', ['./global-setup.ts']],
    ['an array', ['./a.ts', './b.ts'], ['./a.ts', './b.ts']],
    ['none', undefined, []],
  ] as const)("keeps the user's setup (%s) first and appends the plugin's last", (_kind, globalSetup, users) => {
    const config: Config = globalSetup === undefined ? {} : { globalSetup: globalSetup as string | string[] };
    const result = withOctomind(config);
    expect(result.globalSetup).toEqual([...users, setupModule()]);
    expect((result.globalSetup as string[]).at(-1)).toMatch(/setup[/\\]setup\.ts$/);
  });
});

describe('withOctomind: reporters', () => {
  it('the trigger module is this package’s session/trigger-reporter, and exists', () => {
    expect(triggerReporterModule()).toMatch(/[/\\]session[/\\]trigger-reporter\.ts$/);
    expect(existsSync(triggerReporterModule())).toBe(true);
  });

  it.each([
    ['a list, options kept', [['list'], ['html', { open: 'never' }]], [['list'], ['html', { open: 'never' }]]],
    ['a name', 'dot', [['dot']]],
    ['a list of bare names', ['line', 'json'], [['line'], ['json']]],
  ] as const)("keeps the user's reporters (%s) in order, after the silent trigger", (_kind, reporter, expected) => {
    const result = withOctomind({ reporter: reporter as NonNullable<Config['reporter']> });
    expect(result.reporter).toEqual([[triggerReporterModule()], ...expected]);
  });

  it.each([
    ['locally', undefined, 'list'],
    ['on CI', 'true', 'dot'],
  ])("without reporters, adds Playwright's own default (%s)", (_where, ci, expected) => {
    vi.stubEnv('CI', ci);
    expect(withOctomind({} as Config).reporter).toEqual([[triggerReporterModule()], [expected]]);
  });
});

const PLAYWRIGHT_1_42 = path.resolve(__dirname, '../../.playwright-versions/1.42.1');

describe.skipIf(!existsSync(path.join(PLAYWRIGHT_1_42, 'node_modules/@playwright/test')))('withOctomind: globalSetup before Playwright 1.49 (one file)', () => {
  const cwd = process.cwd();
  // The release is the one the working directory's project resolves, as for a user's `npx playwright test`.
  beforeEach(() => process.chdir(PLAYWRIGHT_1_42));
  afterEach(() => {
    process.chdir(cwd);
    handOverUserSetup(undefined);
  });

  it("is the plugin's setup, which is handed the user's setup resolved from the config's folder", async () => {
    // This test file calls withOctomind, so its folder stands for the config's. A file that is no
    // setup shows which file was loaded, in Playwright's own error.
    const result = withOctomind({ globalSetup: '../../package.json' });
    expect(result.globalSetup).toBe(setupModule());
    await expect(loadUserSetup()()).rejects.toThrow(`${path.resolve(__dirname, '../../package.json')}: globalSetup file must export a single function.`);
  });

  it('called from a shared helper in another folder, the setup is still resolved from the config\'s folder', async () => {
    // From the helper's folder (test/helpers/config/) the same path would name test/package.json.
    sharedConfig('../../package.json');
    await expect(loadUserSetup()()).rejects.toThrow(`${path.resolve(__dirname, '../../package.json')}: globalSetup file must export a single function.`);
  });

  it("without a user setup: only the plugin's, and nothing handed over", async () => {
    expect(withOctomind({} as Config).globalSetup).toBe(setupModule());
    expect(await loadUserSetup()()).toBeUndefined();
  });

  it('an array, which Playwright itself rejects before 1.49, is a config error', () => {
    expect(() => withOctomind({ globalSetup: ['./a.ts', './b.ts'] })).toThrow('globalSetup must be a string before Playwright 1.49.0.');
  });
});

describe('withOctomind: user projects', () => {
  it('keep every field and only gain the ignore of the generated folder', () => {
    const config = userConfig();
    const result = withOctomind(config, { testTargetId: TT });
    const projects = projectsOf(result);
    expect(projects).toHaveLength(4);
    expect(projects.slice(0, 3)).toEqual([
      { name: 'setup', testMatch: /.*\.setup\.ts/, testIgnore: [IGNORE] },
      { name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1280, height: 720 } }, dependencies: ['setup'], retries: 2, testIgnore: [IGNORE] },
      { name: 'api', testDir: './api', testIgnore: ['**/draft/**', IGNORE], workers: 2, metadata: { team: 'backend' } },
    ]);
  });

  it('keep their own testIgnore array and RegExp', () => {
    const result = withOctomind({ projects: [{ name: 'a', testIgnore: [/legacy/, '**/old/**'] }, { name: 'b', testIgnore: /wip/ }] });
    expect(projectsOf(result).slice(0, 2).map((p) => p.testIgnore)).toEqual([
      [/legacy/, '**/old/**', IGNORE],
      [/wip/, IGNORE],
    ]);
  });

  it('take the config-level testIgnore when they have none (a project testIgnore replaces it)', () => {
    const result = withOctomind({ testIgnore: ['**/fixtures/**'], projects: [{ name: 'a' }, { name: 'b', testIgnore: '**/b/**' }] });
    expect(projectsOf(result).slice(0, 2).map((p) => p.testIgnore)).toEqual([
      ['**/fixtures/**', IGNORE],
      ['**/b/**', IGNORE],
    ]);
    expect(result.testIgnore).toEqual(['**/fixtures/**']);
  });

  it('a config without projects gets its implicit project made explicit, with the ignore', () => {
    const result = withOctomind({ testDir: 'e2e', testIgnore: '**/skip/**' });
    expect(projectsOf(result)).toHaveLength(2);
    expect(projectsOf(result)[0]).toEqual({ testIgnore: ['**/skip/**', IGNORE] });
    expect(withOctomind({ projects: [] }).projects?.[0]).toEqual({ testIgnore: [IGNORE] });
    expect(withOctomind({} as Config).projects?.[0]).toEqual({ testIgnore: [IGNORE] });
  });
});

describe('withOctomind: the remote project', () => {
  it('is appended LAST with one worker, no retries, no repeats and its own timeout', () => {
    const result = withOctomind(userConfig(), { testTargetId: TT, timeoutMs: 120_000 });
    const remote = remoteOf(result);
    expect(remote).toMatchObject({
      name: 'octomind',
      testMatch: 'octomind.spec.ts',
      workers: 1,
      fullyParallel: false,
      retries: 0,
      repeatEach: 1,
      timeout: 120_000 + 60_000,
    });
    expect((remote.use as Record<string, unknown>).trace).toBe('off');
    expect(projectsOf(result).findIndex((p) => p.name === 'octomind')).toBe(projectsOf(result).length - 1);
  });

  it('lives in .playwright-octomind inside the config testDir', () => {
    expect(remoteOf(withOctomind({})).testDir).toBe('.playwright-octomind');
    expect(remoteOf(withOctomind({ testDir: './tests' })).testDir).toBe(path.join('tests', '.playwright-octomind'));
  });

  it('has the default timeout (2 h) plus the margin', () => {
    expect(remoteOf(withOctomind({})).timeout).toBe(2 * 60 * 60 * 1000 + 60_000);
  });

  it('takes its name from projectName', () => {
    const result = withOctomind({ projects: [{ name: 'octomind-local' }] }, { projectName: 'remote' });
    expect(remoteOf(result).name).toBe('remote');
    expect(settingsOf(remoteOf(result)).projectName).toBe('remote');
  });

  it('holds the resolved settings in its metadata, env included', () => {
    vi.stubEnv('OCTOMIND_TIMEOUT_MS', '90000');
    vi.stubEnv('OCTOMIND_TAGS', 'smoke, cart');
    const result = withOctomind(userConfig(), { testTargetId: TT, tags: ['ignored'] });
    const remote = remoteOf(result);
    const expected = resolveSettings({ testTargetId: TT }, { OCTOMIND_TIMEOUT_MS: '90000', OCTOMIND_TAGS: 'smoke,cart' }, 'https://staging.example.com', false);
    expect((remote.metadata as Record<string, unknown>)[METADATA_KEY]).toEqual(expected);
    expect(settingsOf(remote)).toMatchObject({ tags: ['smoke', 'cart'], timeoutMs: 90_000, url: 'https://staging.example.com' });
    expect(remote.timeout).toBe(150_000);
  });

  it('never holds the API key: nothing in the config does', () => {
    vi.stubEnv('OCTOMIND_API_KEY', API_KEY);
    const result = withOctomind(userConfig(), { testTargetId: TT });
    expect(settingsOf(remoteOf(result))).toMatchObject({ testTargetId: TT, url: 'https://staging.example.com' });
    expect(JSON.stringify(result)).not.toContain(API_KEY);
    expect(JSON.stringify(remoteOf(result).metadata)).not.toContain(API_KEY);
  });
});

describe('withOctomind: errors', () => {
  it('refuses a projectName that a user project already has', () => {
    const config = deepFreeze({ projects: [{ name: 'chromium' }, { name: 'octomind' }] });
    expect(() => withOctomind(config)).toThrow(OctomindConfigError);
    expect(() => withOctomind(config)).toThrow(/projectName "octomind" is already the name of one of your projects\. Set projectName to another name\./);
    expect(() => withOctomind({ projects: [{ name: 'remote' }] }, { projectName: 'remote' })).toThrow(/"remote" is already the name/);
  });

  it('throws an invalid option before anything else (even a name clash), naming it', () => {
    const config = deepFreeze({ projects: [{ name: 'octomind' }] });
    let error: unknown;
    try {
      withOctomind(config, { pollIntervalMs: 1 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OctomindConfigError);
    expect((error as Error).message).toMatch(/has invalid settings; nothing was sent to Octomind:\n {2}✖ pollIntervalMs .*must be at least 250/);
    expect((error as Error).message).not.toMatch(/already the name/);
  });

  it('points the stack at the caller, not at the package internals', () => {
    let error: Error | undefined;
    try {
      withOctomind({}, { apiVersion: 'v9' as 'v2' });
    } catch (err) {
      error = err as Error;
    }
    const stack = error?.stack ?? '';
    expect(stack.startsWith(`OctomindConfigError: ${error?.message}`)).toBe(true);
    const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toContain('with-octomind.test.ts');
    expect(stack).not.toMatch(/[/\\]src[/\\](config|with-octomind)\.ts/);
  });

  it('with OCTOMIND_API_KEY set, needs testTargetId and url (use.baseURL counts)', () => {
    vi.stubEnv('OCTOMIND_API_KEY', API_KEY);
    expect(() => withOctomind({})).toThrow(/testTargetId \(OCTOMIND_TEST_TARGET_ID\): is required when OCTOMIND_API_KEY is set/);
    expect(() => withOctomind({}, { testTargetId: TT })).toThrow(/url \(OCTOMIND_URL\): is required/);
    expect(() => withOctomind({ use: { baseURL: 'https://x.example.com' } }, { testTargetId: TT })).not.toThrow();
    vi.stubEnv('OCTOMIND_TEST_TARGET_ID', TT);
    vi.stubEnv('OCTOMIND_URL', 'https://env.example.com');
    expect(settingsOf(remoteOf(withOctomind({})))).toMatchObject({ testTargetId: TT, url: 'https://env.example.com' });
  });

  it('without OCTOMIND_API_KEY, needs neither (the run will be skipped)', () => {
    expect(() => withOctomind({})).not.toThrow();
  });

  it('an empty OCTOMIND_API_KEY counts as unset', () => {
    vi.stubEnv('OCTOMIND_API_KEY', '');
    expect(() => withOctomind({})).not.toThrow();
  });

  it('reads a bad env value at call time and names it', () => {
    vi.stubEnv('OCTOMIND_POLL_INTERVAL_MS', 'often');
    expect(() => withOctomind({})).toThrow(/OCTOMIND_POLL_INTERVAL_MS="often": must be a number of milliseconds/);
  });
});
