/**
 * Titles for the test cases of a run with as few requests as the API allows: the v3 list once,
 * then by id only what the list missed (bounded by the API agent's connection limit). A title
 * that cannot be found is not an error: the test is then called `Octomind test <id>`.
 */
import type { OctomindClient } from '../api/client.js';
import { cleanLine } from '../text/clean.js';

export function fallbackTitle(testCaseId: string): string {
  return `Octomind test ${cleanLine(testCaseId)}`;
}

/** A test case's description as a title: one line, nothing a terminal would act on. */
export function titleOf(description: string | null | undefined): string | undefined {
  return cleanLine(description ?? '').trim() || undefined;
}

export async function lookupTitles(
  client: Pick<OctomindClient, 'testCases'>,
  testTargetId: string,
  testCaseIds: readonly string[],
  warn: (message: string) => void,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  const wanted = new Set(testCaseIds);
  if (wanted.size === 0) return titles;
  try {
    for (const testCase of await client.testCases.list(testTargetId, signal)) {
      const title = titleOf(testCase.description);
      if (wanted.has(testCase.id) && title) titles.set(testCase.id, title);
    }
  } catch (err) {
    if (signal?.aborted) {
      warn('The titles of the remote tests did not arrive before the start of the run timed out: they are named by their ids.');
      return titles;
    }
    warn(`Could not list the test cases for their titles (${(err as Error).message}); looking them up one by one.`);
  }
  const missing = [...wanted].filter((id) => !titles.has(id));
  const found = await Promise.allSettled(missing.map((id) => client.testCases.get(testTargetId, id, signal)));
  found.forEach((outcome, i) => {
    const title = outcome.status === 'fulfilled' ? titleOf(outcome.value.description) : undefined;
    if (title) titles.set(missing[i]!, title);
  });
  return titles;
}
