/**
 * What the generated spec declares. With this Run's state (the setup on the command line, the
 * trigger reporter in UI mode and VS Code): one proxy per manifest entry, or the one sentinel. A
 * pure function of that manifest, because the runner and every worker load the spec and must see
 * the same titles. Without run state (`--list`, the UI mode and VS Code trees): the last known
 * list of remote tests, or, before any run, one test that stands for the whole remote run.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestInfo } from '@playwright/test';
import { DEFAULTS } from '../defaults.js';
import { isOctomindProject } from '../options/project-metadata.js';
import { isAlive, ownerPid } from '../state/cleanup.js';
import { readJson } from '../state/files.js';
import { GENERATED_DIR, SPEC_FILE } from '../generated/spec-file.js';
import { parseVersion } from '../compat/playwright-version.js';
import type { RemoteResult, Screenshot } from '../state/result.js';
import { StateDir } from '../state/state-dir.js';
import { manifestSchema, runInfoSchema, type ListedTest, type Manifest, type ManifestTest } from '../state/manifest.js';
import { outcomeOf, remoteError, type Annotation } from './outcome.js';
import { placeScreenshot, placeTrace } from './place-trace.js';
import { traceNote } from './trace-note.js';

export const TEST_CASE_ANNOTATION = 'octomind.testCaseId';
/** Declared before any list of the remote test cases is known: running it runs them all. */
export const AGGREGATE_TITLE = 'Octomind: all remote tests (not listed yet)';
const AGGREGATE_ANNOTATION = 'octomind.aggregate';

/** The stand-in's title where the list could not be read: the tree says why (no key, Octomind down). */
export function standInTitle(unlisted: string | undefined): string {
  return unlisted === undefined ? AGGREGATE_TITLE : `Octomind: all remote tests (not listed: ${unlisted})`;
}

export function proxyTimeout(timeoutMs: number): number {
  return timeoutMs + DEFAULTS.proxyTimeoutMarginMs;
}

/**
 * How a proxy ends. The generated spec applies it itself (attach, skip, throw): Playwright shows
 * the calling line of a step, and that line must be in the generated file, not in node_modules.
 */
export interface RemoteEnd {
  /** The trace, already beside the test's output dir: the spec pushes it onto `testInfo.attachments`. */
  trace?: string;
  /** The trace's frame of the page as the test failed, beside the output dir too: pushed as the `screenshot` attachment. */
  screenshot?: { path: string; contentType: string };
  /** After the trace is attached: says what opens a trace too new for the user's viewer. */
  traceAttached?: (testInfo: TestInfo) => void;
  skip?: string;
  error?: Error;
}

export interface ProxyTest {
  title: string;
  details: { tag: string[]; annotation: Annotation[] };
  run: (testInfo: TestInfo) => Promise<RemoteEnd>;
}

/** Whether a declared test stands for the whole remote run (see AGGREGATE_TITLE). */
export function isAggregate(annotations: ReadonlyArray<{ type: string }>): boolean {
  return annotations.some((a) => a.type === AGGREGATE_ANNOTATION);
}

/**
 * @param listed the last known list, written into the generated spec; undefined while none is known
 * @param unlisted why none is known, where reading one failed
 */
export function remoteTests(listed?: readonly ListedTest[], unlisted?: string): ProxyTest[] {
  return declared(listed, unlisted).map((test) => ({ ...test, run: async (testInfo) => (isOctomindProject(testInfo.project) ? test.run(testInfo) : { skip: NOT_WRAPPED }) }));
}

/**
 * The generated file stays in the test dir after a run. A config without withOctomind that shares
 * that dir (the plugin switched off, a second config) finds it; there it explains itself instead
 * of failing every listed test.
 */
const NOT_WRAPPED =
  `This test comes from the generated file ${GENERATED_DIR}/${SPEC_FILE}, which only a config wrapped with withOctomind runs. ` +
  `This config is not: add "**/${GENERATED_DIR}/**" to its testIgnore, or delete the folder.`;

function declared(listed: readonly ListedTest[] | undefined, unlisted: string | undefined): ProxyTest[] {
  const state = StateDir.current();
  if (state && existsSync(state.manifest)) {
    const manifest = readJson(state.manifest, manifestSchema);
    if (manifest.sentinel) return [sentinel(manifest)];
    return manifest.tests.map((test) => proxy(state, manifest, test));
  }
  return listedTests(listed, unlisted);
}

function details(test: Pick<ManifestTest, 'testCaseId' | 'aggregate'>, manifest?: Manifest): ProxyTest['details'] {
  const annotation: Annotation[] = test.aggregate
    ? [{ type: AGGREGATE_ANNOTATION, description: 'Runs every test case of the remote run; the next listing shows them one by one.' }]
    : [{ type: TEST_CASE_ANNOTATION, description: test.testCaseId }];
  return { tag: ['@octomind'], annotation: [...annotation, ...reportAnnotation(manifest)] };
}

function reportAnnotation(manifest: Manifest | undefined): Annotation[] {
  return manifest?.reportUrl ? [{ type: 'octomind.report', description: manifest.reportUrl }] : [];
}

/**
 * Listed without a run of this process behind them. Run like this they have nothing to wait for:
 * the Run started no remote run, because the plugin's reporter (which starts it in UI mode and
 * VS Code) was replaced by a `--reporter` option.
 */
function listedTests(listed: readonly ListedTest[] | undefined, unlisted: string | undefined): ProxyTest[] {
  const tests = listed ?? [{ testCaseId: '', title: standInTitle(unlisted), aggregate: true as const }];
  return tests.map((test) => ({
    title: test.title,
    details: details(test),
    run: async () => ({
      error: remoteError({
        name: 'OctomindError',
        message:
          'No remote run was started for this Run. In UI mode and VS Code the plugin starts it from its reporter, which a --reporter option replaces: ' +
          'keep the config\'s reporters (add yours to them), or run `npx playwright test` on the command line.',
      }),
    }),
  }));
}

function proxy(state: StateDir, manifest: Manifest, test: ManifestTest): ProxyTest {
  return {
    title: test.title,
    details: details(test, manifest),
    run: async (testInfo) => {
      if (testInfo.repeatEachIndex > 0) return { skip: 'A remote result is read once: --repeat-each does not repeat it.' };
      // A `--timeout` on the command line overrides the project's timeout; the wait needs its own.
      testInfo.setTimeout(proxyTimeout(manifest.timeoutMs));
      mark(state.startedMarker);
      const result = await waitForResult(state, test.key);
      const reportUrl = manifest.reportUrl ?? runInfo(state)?.reportUrl;
      if (!manifest.reportUrl && reportUrl) testInfo.annotations.push({ type: 'octomind.report', description: reportUrl });
      const outcome = outcomeOf(result, reportUrl);
      testInfo.annotations.push(...outcome.annotations);
      return {
        ...('path' in result.trace && { trace: await placeTrace(result.trace.path, testInfo), traceAttached: traceCheck(result.trace) }),
        ...(result.screenshot && await screenshotOf(result.screenshot, testInfo)),
        ...(outcome.skip !== undefined && { skip: outcome.skip }),
        ...(outcome.error && { error: remoteError(outcome.error) }),
      };
    },
  };
}

/**
 * The test's result, or a failure once the run it belongs to is gone: its state removed (the Run
 * or session ended) or its process dead (killed, crashed). Then nothing would ever write it.
 */
async function waitForResult(state: StateDir, key: string): Promise<RemoteResult> {
  const owner = ownerPid(path.basename(state.root));
  let ownerCheckedAt = Date.now();
  for (let wait: number = DEFAULTS.proxyFirstCheckMs; ; wait = Math.min(wait * 2, DEFAULTS.proxyResultCheckMs)) {
    const result = state.results.get(key);
    if (result) return result;
    const now = Date.now();
    const ownerDue = now - ownerCheckedAt >= DEFAULTS.proxyOwnerCheckMs;
    if (ownerDue) ownerCheckedAt = now;
    const gone = !existsSync(state.root)
      ? 'its run state was removed (the Run or the UI mode / VS Code session that started it ended)'
      : owner !== undefined && ownerDue && !isAlive(owner)
        ? 'the Playwright process that followed it has stopped'
        : undefined;
    if (gone) {
      return {
        kind: 'failure',
        status: 'UNKNOWN',
        errorMessage: `The remote run this test belongs to ended here before its result arrived: ${gone}. Run the test again.`,
        trace: { missing: 'The result did not arrive.' },
      };
    }
    await sleep(wait);
  }
}

function runInfo(state: StateDir): { reportUrl: string } | undefined {
  return existsSync(state.runInfo) ? readJson(state.runInfo, runInfoSchema) : undefined;
}

const marked = new Set<string>();

/**
 * Tells the poller in the runner process (cadence.ts) that results are wanted here, now.
 * An empty file, created once per worker: every proxy writing it would cost a syscall each.
 */
function mark(file: string): void {
  if (marked.has(file)) return;
  marked.add(file);
  try {
    writeFileSync(file, '', { flag: 'a' });
  } catch {
    // Without the marker the poller keeps its slow cadence: later results, never a failed test.
  }
}

/** A screenshot that cannot be placed (its run state already removed) is left out; the result stands. */
async function screenshotOf(screenshot: Screenshot, testInfo: TestInfo): Promise<Pick<RemoteEnd, 'screenshot'> | undefined> {
  try {
    return { screenshot: { path: await placeScreenshot(screenshot.path, testInfo), contentType: screenshot.contentType } };
  } catch {
    return undefined;
  }
}

function traceCheck(trace: { path: string; url?: string | undefined; format?: number | undefined }): (testInfo: TestInfo) => void {
  return (testInfo) => {
    const attachmentPath = testInfo.attachments.findLast((a) => a.name === 'trace')?.path ?? trace.path;
    const note = traceNote({ format: trace.format, attachmentPath, url: trace.url }, parseVersion(testInfo.config.version));
    if (note) testInfo.annotations.push(note);
  };
}

function sentinel(manifest: Manifest): ProxyTest {
  const { title, message, outcome } = manifest.sentinel!;
  return {
    title,
    details: { tag: ['@octomind'], annotation: reportAnnotation(manifest) },
    run: async () => (outcome === 'skip' ? { skip: message } : { error: remoteError({ name: 'OctomindError', message }) }),
  };
}
