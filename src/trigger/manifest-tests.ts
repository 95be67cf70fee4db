/**
 * The manifest: which proxy tests this run declares. Written once by the setup, read by the spec
 * in the runner and in every worker, so it must never change during a run. Sorted by title; a
 * title that several test cases share gets ` [<first 8 chars of the id>]` on each of them.
 */
import type { ApiTestReport } from '../api/schemas.js';
import { fallbackTitle } from './titles.js';
import { resultKey, type ManifestTest } from '../state/manifest.js';

export function testCaseIdOf(result: { testCaseId?: string | null | undefined; testCaseVersionId?: string | null | undefined }): string | undefined {
  return result.testCaseId ?? result.testCaseVersionId ?? undefined;
}

export function manifestTests(report: ApiTestReport, titles: ReadonlyMap<string, string>): ManifestTest[] {
  const tests: ManifestTest[] = [];
  const seen = new Map<string, number>();
  for (const result of report.testResults ?? []) {
    const testCaseId = testCaseIdOf(result);
    if (!testCaseId) continue;
    const occurrence = seen.get(testCaseId) ?? 0;
    seen.set(testCaseId, occurrence + 1);
    tests.push({ key: resultKey(testCaseId, occurrence), occurrence, testCaseId, title: titles.get(testCaseId) ?? fallbackTitle(testCaseId) });
  }
  return dedupeTitles(tests).sort((a, b) => a.title.localeCompare(b.title) || a.key.localeCompare(b.key));
}

/** Titles made unique as a run's are (the list UI mode opens with must name a test as its Runs do). */
export function dedupeTitles<T extends Pick<ManifestTest, 'title' | 'testCaseId'>>(tests: T[]): T[] {
  const count = (list: T[]) => list.reduce((m, t) => m.set(t.title, (m.get(t.title) ?? 0) + 1), new Map<string, number>());
  const first = count(tests);
  let named = tests.map((t) => (first.get(t.title)! > 1 ? { ...t, title: `${t.title} [${t.testCaseId.slice(0, 8)}]` } : t));
  // The same test case twice in one run (or ids sharing 8 chars): number what is still equal.
  const second = count(named);
  const seen = new Map<string, number>();
  named = named.map((t) => {
    if (second.get(t.title)! === 1) return t;
    const n = (seen.get(t.title) ?? 0) + 1;
    seen.set(t.title, n);
    return { ...t, title: `${t.title} #${n}` };
  });
  return named;
}
