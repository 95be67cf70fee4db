/**
 * The last known list of remote tests, kept in the checkout's generated folder and written into
 * the generated spec. A run writes it once it knows its test cases; listing (`--list`, the UI mode
 * tree, VS Code's tree) and the Runs of a UI mode or VS Code session declare the remote tests from
 * it, so they stay listed between runs and each can be run on its own. It holds titles and ids
 * only: no result, no URL, no key.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readJson, writeJsonAtomic } from '../state/files.js';
import { writeSpecFile } from './spec-file.js';
import { listedTestSchema, type ListedTest } from '../state/manifest.js';

const KNOWN_TESTS_FILE = 'tests.json';

const knownTestsFileSchema = z.object({
  version: z.literal(1),
  tests: z.array(listedTestSchema.extend({ testCaseId: z.string().min(1) })),
});
type KnownTestsFile = z.infer<typeof knownTestsFileSchema>;

function knownTestsFile(generatedDir: string): string {
  return path.join(generatedDir, KNOWN_TESTS_FILE);
}

/** One entry per test case (a run may hold one twice), sorted as the manifest is; the spec follows. */
export function writeKnownTests(generatedDir: string, tests: readonly ListedTest[]): void {
  const seen = new Set<string>();
  const unique = tests.filter((test) => !seen.has(test.testCaseId) && seen.add(test.testCaseId)).map(({ testCaseId, title }) => ({ testCaseId, title }));
  writeJsonAtomic(knownTestsFile(generatedDir), { version: 1, tests: unique } satisfies KnownTestsFile);
  writeSpecFile(generatedDir, unique);
}

/** The spec with the last known list, as far as one is known. */
export function writeSpecWithKnownTests(generatedDir: string): void {
  writeSpecFile(generatedDir, readKnownTests(generatedDir)?.tests);
}

/** The list, or undefined when no run has written one (or it is unreadable: then it is rewritten by the next run). */
export function readKnownTests(generatedDir: string): KnownTestsFile | undefined {
  const file = knownTestsFile(generatedDir);
  if (!existsSync(file)) return undefined;
  try {
    return readJson(file, knownTestsFileSchema);
  } catch {
    return undefined;
  }
}
