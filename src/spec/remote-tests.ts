/**
 * What the generated spec declares: one proxy test per manifest entry, or the one sentinel. A pure
 * function of this run's manifest, because the runner and every worker load the spec and must see
 * the same titles. Outside a run of the setup (`--list`, a stale file) it declares nothing.
 */
import { existsSync } from 'node:fs';
import type { TestInfo } from '@playwright/test';
import { sleep } from '../api/sleep.js';
import { readJson } from '../run/files.js';
import { manifestSchema, resultFileSchema, StateDir, type Manifest, type ManifestTest } from '../run/state.js';
import { parseVersion } from '../run/playwright-version.js';
import { traceFormat } from '../run/trace-format.js';
import { traceNote } from './trace-note.js';
import { outcomeOf, remoteError, type Annotation } from './outcome.js';

/** How often a proxy looks for its result file: local disk, no API call. */
const RESULT_CHECK_MS = 100;
/** Extra time on top of timeoutMs: the poller's own deadline always ends a proxy first. */
const PROXY_TIMEOUT_MARGIN_MS = 60_000;

export function proxyTimeout(timeoutMs: number): number {
  return timeoutMs + PROXY_TIMEOUT_MARGIN_MS;
}

/**
 * How a proxy ends. The generated spec applies it itself (attach, skip, throw): Playwright shows
 * the calling line of a step, and that line must be in the generated file, not in node_modules.
 */
export interface RemoteEnd {
  trace?: string;
  /** After the trace is attached: says what opens a trace too new for the user's viewer. */
  traceAttached?: (testInfo: TestInfo) => void;
  skip?: string;
  error?: Error;
}

export interface RemoteTest {
  title: string;
  details: { tag: string[]; annotation: Annotation[] };
  run: (testInfo: TestInfo) => Promise<RemoteEnd>;
}

export function remoteTests(): RemoteTest[] {
  const state = StateDir.current();
  if (!state || !existsSync(state.manifest)) return [];
  const manifest = readJson(state.manifest, manifestSchema);
  if (manifest.sentinel) return [sentinel(manifest)];
  return manifest.tests.map((test) => proxy(state, manifest, test));
}

function reportAnnotation(manifest: Manifest): Annotation[] {
  return manifest.reportUrl ? [{ type: 'octomind.report', description: manifest.reportUrl }] : [];
}

function proxy(state: StateDir, manifest: Manifest, test: ManifestTest): RemoteTest {
  return {
    title: test.title,
    details: { tag: ['@octomind'], annotation: [{ type: 'octomind.testCaseId', description: test.testCaseId }, ...reportAnnotation(manifest)] },
    run: async (testInfo) => {
      if (testInfo.repeatEachIndex > 0) return { skip: 'A remote result is read once: --repeat-each does not repeat it.' };
      // A `--timeout` on the command line overrides the project's timeout; the wait needs its own.
      testInfo.setTimeout(proxyTimeout(manifest.timeoutMs));
      const file = state.result(test.key);
      while (!existsSync(file)) await sleep(RESULT_CHECK_MS);
      const result = readJson(file, resultFileSchema);
      const outcome = outcomeOf(result, manifest.reportUrl);
      testInfo.annotations.push(...outcome.annotations);
      return {
        ...('path' in result.trace && { trace: result.trace.path, traceAttached: await traceCheck(result.trace) }),
        ...(outcome.error && { error: remoteError(outcome.error) }),
      };
    },
  };
}

async function traceCheck(trace: { path: string; url?: string | undefined }): Promise<(testInfo: TestInfo) => void> {
  const format = await traceFormat(trace.path).catch(() => undefined);
  return (testInfo) => {
    const attachmentPath = testInfo.attachments.findLast((a) => a.name === 'trace')?.path ?? trace.path;
    const note = traceNote({ format, attachmentPath, url: trace.url }, parseVersion(testInfo.config.version));
    if (note) testInfo.annotations.push(note);
  };
}

function sentinel(manifest: Manifest): RemoteTest {
  const { title, message, outcome } = manifest.sentinel!;
  return {
    title,
    details: { tag: ['@octomind'], annotation: reportAnnotation(manifest) },
    run: async () => (outcome === 'skip' ? { skip: message } : { error: remoteError({ name: 'OctomindError', message }) }),
  };
}
