/**
 * `withOctomind(config, options)`: a new config with the Octomind setup appended to the user's
 * global setup, the remote tests' project appended last, and the plugin's silent trigger
 * reporter put before the user's reporters (Playwright's default one when none is set); where
 * project dependencies split a full run into phases, after every local project (after-local.ts).
 * The input is not changed, and a second call changes nothing. Before Playwright 1.49 (one
 * `globalSetup` file) the user's setup file is handed to the Octomind setup, which runs it first.
 * Beyond the config it touches only the generated folder: the spec is brought up to date, and the
 * process serving a UI mode or VS Code session starts reading the list of remote tests into it
 * (session/open-list.ts). The user's projects only gain an ignore for the generated folder, so
 * their tests are exactly what they were; a config without `projects` gets its implicit project
 * made explicit.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PlaywrightTestConfig, Project } from '@playwright/test';
import { resolveSettings, type OctomindOptions, type OctomindSettings } from '../options/options.js';
import { METADATA_KEY, isOctomindProject, publicSettings } from '../options/project-metadata.js';
import { OctomindConfigError } from '../api/errors.js';
import { GENERATED_DIR, SPEC_FILE } from '../generated/spec-file.js';
import { writeSpecWithKnownTests } from '../generated/known-tests.js';
import { atLeast, formatVersion, GLOBAL_SETUP_ARRAYS, installedPlaywright } from '../compat/playwright-version.js';
import { handOverUserSetup, resolveHookFile } from '../compat/user-setup.js';
import { proxyTimeout } from '../proxy/remote-tests.js';
import { orderProjects } from './after-local.js';
import { runnerMode } from '../command-line/mode.js';
import { readListOnOpening } from '../session/open-list.js';
import { warn } from '../text/console.js';

const IGNORE_GENERATED = `**/${GENERATED_DIR}/**`;

export function setupModule(): string {
  return path.join(__dirname, '..', 'setup', `setup${path.extname(__filename)}`);
}

export function triggerReporterModule(): string {
  return path.join(__dirname, '..', 'session', `trigger-reporter${path.extname(__filename)}`);
}

type Config = PlaywrightTestConfig<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type ReporterDescription = readonly [string] | readonly [string, unknown];

/**
 * The user's reporters as Playwright resolves them (a name, a list, or Playwright's default when
 * unset), with the trigger first: in UI mode and VS Code its onBegin must run before any reporter
 * that reads the Run's state (playwright-octomind/reporter). A `--reporter` on the command line
 * still replaces them all, as it always does.
 */
function withTrigger(reporter: Config['reporter']): ReporterDescription[] {
  const user: ReporterDescription[] =
    reporter === undefined
      ? [[process.env.CI ? 'dot' : 'list']]
      : typeof reporter === 'string'
        ? [[reporter]]
        : (reporter as ReadonlyArray<ReporterDescription | string>).map((entry) => (typeof entry === 'string' ? [entry] : entry));
  return [[triggerReporterModule()], ...user];
}

function toArray<T>(value: T | readonly T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...(value as T[])] : [value as T];
}

export function withOctomind<C extends Config>(config: C, options: OctomindOptions = {}): C {
  if (config.projects?.some(isOctomindProject)) return config;
  let settings: OctomindSettings;
  try {
    settings = resolveSettings(options, process.env, config.use?.baseURL, Boolean(process.env.OCTOMIND_API_KEY));
  } catch (err) {
    throw pointAtUserConfig(err as Error);
  }
  const generatedDir = path.resolve(configDir(), config.testDir ?? '.', GENERATED_DIR);
  refreshSpecFile(generatedDir);
  if (opensSession()) void readListOnOpening({ settings, generatedDir, warn });
  const userProjects: Project[] = config.projects?.length ? [...config.projects] : [{}];
  if (userProjects.some((project) => project.name === settings.projectName)) {
    throw pointAtUserConfig(new OctomindConfigError('projectName', `"${settings.projectName}" is already the name of one of your projects. Set projectName to another name.`));
  }
  return {
    ...config,
    globalSetup: globalSetups(config.globalSetup),
    reporter: withTrigger(config.reporter) as Config['reporter'],
    projects: orderProjects(
      userProjects.map((project) => ({ ...project, testIgnore: [...toArray(project.testIgnore ?? config.testIgnore), IGNORE_GENERATED] })),
      octomindProject(settings, config.testDir),
    ),
  };
}

/**
 * A spec file written by another version of the plugin may import it in a way this one does not
 * (earlier builds wrote an absolute path, which a moved checkout or an upgrade breaks):
 * listing and VS Code's tree load it without running the setup that rewrites it. So it is brought
 * up to date here, where every listing starts; it changes only when its content would.
 */
function refreshSpecFile(dir: string): void {
  if (!existsSync(path.join(dir, SPEC_FILE))) return;
  try {
    writeSpecWithKnownTests(dir);
  } catch {
    // A read-only checkout keeps its file: the setup says so when it cannot write it either.
  }
}

/**
 * Whether this config load opens a UI mode or VS Code session: the first in the process that
 * serves it (its own command line says so; the processes it starts load the config too, and a
 * session loads it again for every listing and Run).
 */
function opensSession(): boolean {
  if (sessionOpened in globalThis || runnerMode(process.argv, {}) !== 'session') return false;
  Object.defineProperty(globalThis, sessionOpened, { value: true });
  return true;
}
const sessionOpened = Symbol.for('playwright-octomind.session-opened');

function globalSetups(userSetup: Config['globalSetup']): string | string[] {
  const files = toArray(userSetup);
  if (atLeast(installedPlaywright(), GLOBAL_SETUP_ARRAYS)) return [...files, setupModule()];
  if (files.length > 1) throw pointAtUserConfig(new Error(`globalSetup must be a string before Playwright ${formatVersion(GLOBAL_SETUP_ARRAYS)}.`));
  handOverUserSetup(files[0] && resolveHookFile(files[0], configDir()));
  return setupModule();
}

/**
 * The generated folder sits in the config's testDir (Playwright's rootDir), so every reporter
 * shows the remote tests as `.playwright-octomind/octomind.spec.ts`, beside the user's own files.
 */
function octomindProject(settings: OctomindSettings, rootTestDir: string | undefined): Project & { name: string; testDir: string } {
  return {
    name: settings.projectName,
    testDir: path.join(rootTestDir ?? '.', GENERATED_DIR),
    testMatch: SPEC_FILE,
    testIgnore: [],
    dependencies: [],
    workers: 1,
    fullyParallel: false,
    retries: 0,
    repeatEach: 1,
    timeout: proxyTimeout(settings.timeoutMs),
    // Proxies open no browser; Playwright's own trace would be an empty second `trace` attachment.
    use: { trace: 'off', video: 'off', screenshot: 'off' },
    metadata: { [METADATA_KEY]: publicSettings(settings) },
  };
}

/**
 * Playwright prints a config error with its stack; frames inside this package and Playwright's
 * loader only bury the message. Keep the message and the user's own call site.
 */
function pointAtUserConfig(error: Error): Error {
  const frame = userFrame(error.stack);
  error.stack = `${error.name}: ${error.message}${frame ? `\n${frame}` : ''}`;
  return error;
}

const FRAME_FILE = /\(?((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^()]*?):\d+:\d+\)?$/;

/**
 * The stack's frames in the user's files: a file (not `new Promise (<anonymous>)`), and neither this
 * package, nor Node, nor node_modules (Playwright's loader). Innermost first.
 */
function userFrames(stack: string | undefined): string[] {
  const root = path.resolve(__dirname, '..', '..');
  const ours = [path.join(root, 'src') + path.sep, path.join(root, 'dist') + path.sep];
  return (stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line) && FRAME_FILE.test(line) && !ours.some((dir) => line.includes(dir)) && !/node:internal|node_modules/.test(line));
}

function userFrame(stack: string | undefined): string | undefined {
  return userFrames(stack)[0];
}

/**
 * The config's folder, which Playwright resolves `testDir` and a relative `globalSetup` from: the
 * outermost user file on the stack, the one Playwright's loader ran. Not the file calling
 * withOctomind, which may be a shared helper elsewhere (a monorepo's common config). The working
 * directory if the stack does not say.
 */
function configDir(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  const location = FRAME_FILE.exec(userFrames(stack).at(-1) ?? '')?.[1];
  if (!location) return process.cwd();
  return path.dirname(location.startsWith('file://') ? fileURLToPath(location) : location);
}
