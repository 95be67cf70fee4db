/**
 * The remote tests as a run would hold them, read without starting one: the test target's test
 * cases that Octomind runs (enabled, run status ON) and, where `tags` are set, that carry one of
 * them, as execute selects them. UI mode and VS Code open with this list, so their first tree
 * names each remote test before any run. Titles are made as a run's are (titles.ts,
 * manifest-tests.ts): a test listed here is the test a Run shows.
 */
import type { OctomindClient } from '../api/client.js';
import type { ApiTestCase, TestCaseFilter } from '../api/schemas.js';
import type { OctomindSettings } from '../options/options.js';
import type { ListedTest } from '../state/manifest.js';
import { dedupeTitles } from './manifest-tests.js';
import { fallbackTitle, titleOf } from './titles.js';

/** What execute runs. Sent as Octomind's filter, and checked here too: a server that ignores the filter lists every test case. */
export const RUNNABLE: Required<TestCaseFilter> = { status: 'ENABLED', runStatus: 'ON' };

export async function runnableTests(
  client: Pick<OctomindClient, 'testCases'>,
  testTargetId: string,
  settings: Pick<OctomindSettings, 'tags'>,
  signal?: AbortSignal,
): Promise<ListedTest[]> {
  const testCases = await client.testCases.list(testTargetId, signal, RUNNABLE);
  // A test case listed twice (a server paging badly) is one test, titled as if listed once.
  const seen = new Set<string>();
  const listed = testCases
    .filter((testCase) => !seen.has(testCase.id) && seen.add(testCase.id) && runnable(testCase) && tagged(testCase, settings.tags))
    .map((testCase) => ({ testCaseId: testCase.id, title: titleOf(testCase.description) ?? fallbackTitle(testCase.id) }));
  return dedupeTitles(listed).sort((a, b) => a.title.localeCompare(b.title) || a.testCaseId.localeCompare(b.testCaseId));
}

/** A field the answer leaves out is not held against the test case: the filter asked for it. */
function runnable(testCase: ApiTestCase): boolean {
  return (testCase.status ?? RUNNABLE.status) === RUNNABLE.status && (testCase.runStatus ?? RUNNABLE.runStatus) === RUNNABLE.runStatus;
}

/** Execute's `tags`: a test case runs when it has at least one of them. */
function tagged(testCase: ApiTestCase, tags: readonly string[]): boolean {
  return tags.length === 0 || (testCase.tags ?? []).some((tag) => tags.includes(tag));
}
