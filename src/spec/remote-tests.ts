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
import { outcomeOf, remoteError, type Annotation } from './outcome.js';

/** How often a proxy looks for its result file: local disk, no API call. */
const RESULT_CHECK_MS = 100;

export interface RemoteTest {
  title: string;
  details: { tag: string[]; annotation: Annotation[] };
  body: (fixtures: object, testInfo: TestInfo) => Promise<void>;
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
    // Playwright reads fixture names from the first parameter: it must be a destructuring pattern.
    // eslint-disable-next-line no-empty-pattern
    body: async ({}, testInfo) => {
      const file = state.result(test.key);
      while (!existsSync(file)) await sleep(RESULT_CHECK_MS);
      const result = readJson(file, resultFileSchema);
      const outcome = outcomeOf(result, manifest.reportUrl);
      testInfo.annotations.push(...outcome.annotations);
      if ('path' in result.trace) await testInfo.attach('trace', { path: result.trace.path, contentType: 'application/zip' });
      if (outcome.error) throw remoteError(outcome.error);
    },
  };
}

function sentinel(manifest: Manifest): RemoteTest {
  const { title, message, outcome } = manifest.sentinel!;
  return {
    title,
    details: { tag: ['@octomind'], annotation: reportAnnotation(manifest) },
    // eslint-disable-next-line no-empty-pattern
    body: async ({}, testInfo) => {
      if (outcome === 'skip') testInfo.skip(true, message);
      else throw remoteError({ name: 'OctomindError', message });
    },
  };
}
