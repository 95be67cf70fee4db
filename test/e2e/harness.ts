/**
 * Runs the real `npx playwright test` on a fixture project, the way a user's checkout does: the
 * project is copied to a temp dir whose node_modules links @playwright/test and this package
 * (resolved through dist/, like an installed copy), and results are read from the json and JUnit
 * reporters' files.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'fixtures/projects');

export interface Project {
  dir: string;
  cleanup(): void;
}

/**
 * Which @playwright/test the fixtures run: this repo's (1.65) by default, or an older release's
 * package dir (E2E_PLAYWRIGHT_TEST=.playwright-versions/1.42.1/node_modules/@playwright/test, set by
 * vitest.config.mts for each release `npm run playwright:versions` installed). Its playwright and playwright-core are the ones it depends on.
 */
const PLAYWRIGHT_TEST = path.resolve(ROOT, process.env.E2E_PLAYWRIGHT_TEST ?? 'node_modules/@playwright/test');
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`, { paths: [PLAYWRIGHT_TEST] }));

/** The version of the package in `dir` (relative to the repo root, or absolute). */
export function versionOf(dir: string): string {
  return (JSON.parse(readFileSync(path.resolve(ROOT, dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export function playwrightVersion(): string {
  return versionOf(PLAYWRIGHT_TEST);
}

export function prepareProject(fixture: string): Project {
  const dir = mkdtempSync(path.join(tmpdir(), `octomind-e2e-${fixture}-`));
  cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '@playwright'), { recursive: true });
  const link = (target: string, name: string) => symlinkSync(target, path.join(modules, name), 'dir');
  link(PLAYWRIGHT_TEST, '@playwright/test');
  link(packageDir('playwright'), 'playwright');
  link(packageDir('playwright-core'), 'playwright-core');
  mkdirSync(path.join(modules, '.bin'));
  symlinkSync(path.join(PLAYWRIGHT_TEST, 'cli.js'), path.join(modules, '.bin/playwright'));
  link(ROOT, 'playwright-octomind');
  // A runner stopped by a signal may leave a worker finishing its output for a moment: rmSync's
  // own retries (ENOTEMPTY, EBUSY) wait for it instead of failing the test that cleans up.
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }) };
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Extra reporters beside json and junit (e.g. 'html', 'blob'). */
  reporters?: string[];
  timeoutMs?: number;
  /** Called once the process has started (e.g. to send it a signal later). */
  onSpawn?: (pid: number) => void;
  /** How the package manager runs Playwright's CLI; `npx playwright` by default. */
  command?: readonly string[];
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  json: JsonReport | undefined;
  junit: string | undefined;
}

/** The environment of a developer shell minus anything that would leak into a fixture run. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(OCTOMIND_|PLAYWRIGHT_|CI$|GITHUB_|VITEST|TEST_|NODE_OPTIONS$|FORCE_COLOR$)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

export function runPlaywright(project: Project, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const reporters = ['line', 'json', 'junit', ...(options.reporters ?? [])];
  const hasReporter = args.some((arg) => arg.startsWith('--reporter'));
  const env = {
    ...baseEnv(),
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'out/report.json',
    PLAYWRIGHT_JUNIT_OUTPUT_NAME: 'out/junit.xml',
    PLAYWRIGHT_HTML_OPEN: 'never',
    // Its name before Playwright 1.45: a failed run would otherwise serve the report and wait.
    PW_TEST_HTML_REPORT_OPEN: 'never',
    ...options.env,
  };
  const started = Date.now();
  rmSync(path.join(project.dir, 'out'), { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const [bin, ...binArgs] = options.command ?? ['npx', 'playwright'];
    const child = spawn(bin!, [...binArgs, ...args, ...(hasReporter ? [] : [`--reporter=${reporters.join(',')}`])], {
      cwd: project.dir,
      env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a timeout ends npx and the runner it started.
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (child.pid) options.onSpawn?.(child.pid);
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const read = (file: string) => (existsSync(path.join(project.dir, file)) ? readFileSync(path.join(project.dir, file), 'utf8') : undefined);
      const json = read('out/report.json');
      resolve({ code, signal, stdout, stderr, wallMs: Date.now() - started, json: json ? (JSON.parse(json) as JsonReport) : undefined, junit: read('out/junit.xml') });
    });
  });
}

/** The parts of Playwright's json report (JSONReport in @playwright/test/reporter) the tests read. */
export interface JsonReport {
  config: { projects: Array<{ name: string }> };
  suites: JsonSuite[];
  errors: Array<{ message?: string }>;
  stats: { startTime: string; duration: number; expected: number; unexpected: number; skipped: number; flaky: number };
}
export interface JsonSuite {
  title: string;
  file: string;
  specs: JsonSpec[];
  suites?: JsonSuite[];
}
export interface JsonSpec {
  title: string;
  file: string;
  line: number;
  column: number;
  tags: string[];
  tests: JsonTest[];
}
export interface JsonTest {
  projectName: string;
  status: 'expected' | 'unexpected' | 'skipped' | 'flaky';
  expectedStatus: string;
  annotations: Array<{ type: string; description?: string }>;
  results: JsonResult[];
}
export interface JsonResult {
  status: string;
  retry: number;
  startTime: string;
  duration: number;
  errors: Array<{ message?: string; stack?: string; location?: unknown; snippet?: string }>;
  error?: { message?: string; stack?: string; location?: unknown; snippet?: string };
  attachments: Array<{ name: string; contentType: string; path?: string; body?: string }>;
  annotations?: Array<{ type: string; description?: string }>;
}

export interface FlatTest extends JsonTest {
  title: string;
  file: string;
  line: number;
  column: number;
  tags: string[];
}

export function flatten(report: JsonReport): FlatTest[] {
  const out: FlatTest[] = [];
  const visit = (suite: JsonSuite) => {
    for (const spec of suite.specs) for (const test of spec.tests) out.push({ ...test, title: spec.title, file: spec.file, line: spec.line, column: spec.column, tags: spec.tags });
    suite.suites?.forEach(visit);
  };
  report.suites.forEach(visit);
  return out;
}

export function annotation(test: { annotations: Array<{ type: string; description?: string }> }, type: string): string | undefined {
  return test.annotations.find((a) => a.type === type)?.description;
}

/** Every file under dir (recursively), for "the key is in no file" checks. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile());
}

/**
 * The env a user sets to point the plugin at (here) the fake Octomind. The fixtures' apps run on
 * localhost, which Octomind's cloud cannot reach: as in a user's CI, OCTOMIND_URL names a
 * deployment it can (the fake tests nothing there).
 */
export function octomindEnv(fake: { apiUrl: string; apiKey: string; testTargetId: string }, extra: Record<string, string | undefined> = {}) {
  return { OCTOMIND_API_URL: fake.apiUrl, OCTOMIND_API_KEY: fake.apiKey, OCTOMIND_TEST_TARGET_ID: fake.testTargetId, OCTOMIND_URL: PREVIEW_URL, OCTOMIND_POLL_INTERVAL_MS: '250', ...extra };
}

/** A pull request's preview deployment, as CI would pass it. */
export const PREVIEW_URL = 'https://preview-42.shop.example.com';

export function remote(tests: FlatTest[], projectName = 'octomind'): FlatTest[] {
  return tests.filter((t) => t.projectName === projectName);
}

export function local(tests: FlatTest[], projectName = 'octomind'): FlatTest[] {
  return tests.filter((t) => t.projectName !== projectName);
}

/** A key no test output could contain by chance. */
export function uniqueApiKey(): string {
  return `e2e-secret-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built `playwright-octomind` bin in a real process, with the developer's env minus Octomind's and CI's. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(OCTOMIND_|GITHUB_|CI$)/.test(key)));
  const fullEnv = Object.fromEntries(Object.entries({ ...base, ...env }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli/main.js'), ...args], { env: fullEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
