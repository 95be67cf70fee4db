/**
 * The last known list of remote tests, kept in the checkout's generated folder and written into
 * the generated spec. A run writes it once it knows its test cases; listing (`--list`, the UI mode
 * tree, VS Code's tree) and the Runs of a UI mode or VS Code session declare the remote tests from
 * it, so they stay listed between runs and each can be run on its own. A UI mode or VS Code
 * session writes it as it opens, from Octomind's list of test cases (session/open-list.ts). Where
 * no list is known and none could be read, it holds why instead, which the one test standing for
 * the remote run names. It holds titles, ids and that reason only: no result, no URL, no key.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readJson, writeJsonAtomic } from '../state/files.js';
import { writeSpecFile } from './spec-file.js';
import { listedTestSchema, type ListedTest } from '../state/manifest.js';

const KNOWN_TESTS_FILE = 'tests.json';

const knownTestsFileSchema = z.object({
  version: z.literal(1),
  tests: z.array(listedTestSchema.extend({ testCaseId: z.string().min(1) })),
  /** Set instead of a list: why none could be read (`OCTOMIND_API_KEY is not set`, …). */
  unlisted: z.string().min(1).optional(),
});
type KnownTestsFile = z.infer<typeof knownTestsFileSchema>;
type KnownTests = Pick<KnownTestsFile, 'tests'>;

function knownTestsFile(generatedDir: string): string {
  return path.join(generatedDir, KNOWN_TESTS_FILE);
}

/** Its folder is made where it is missing: a checkout that never ran the plugin opens a session. */
function writeFile(generatedDir: string, content: KnownTestsFile): void {
  mkdirSync(generatedDir, { recursive: true });
  writeJsonAtomic(knownTestsFile(generatedDir), content);
}

/** One entry per test case (a run may hold one twice), sorted as the manifest is; the spec follows. */
export function writeKnownTests(generatedDir: string, tests: readonly ListedTest[]): void {
  const seen = new Set<string>();
  const unique = tests.filter((test) => !seen.has(test.testCaseId) && seen.add(test.testCaseId)).map(({ testCaseId, title }) => ({ testCaseId, title }));
  writeFile(generatedDir, { version: 1, tests: unique });
  writeSpecFile(generatedDir, unique);
}

/**
 * Where no list is known: records why none could be read, for the stand-in test to say. A known
 * list is kept as it is (its tests still run; a Run reads the current ones). Returns whether it wrote.
 */
export function writeUnlisted(generatedDir: string, reason: string): boolean {
  if (readKnownTests(generatedDir)) return false;
  writeFile(generatedDir, { version: 1, tests: [], unlisted: reason });
  writeSpecFile(generatedDir, undefined, reason);
  return true;
}

/** The spec with the last known list, as far as one is known. */
export function writeSpecWithKnownTests(generatedDir: string): void {
  const file = readFile(generatedDir);
  writeSpecFile(generatedDir, file?.unlisted === undefined ? file?.tests : undefined, file?.unlisted);
}

/** The list, or undefined when none is known (or the file is unreadable: then it is rewritten by the next run). */
export function readKnownTests(generatedDir: string): KnownTests | undefined {
  const file = readFile(generatedDir);
  return file && file.unlisted === undefined ? { tests: file.tests } : undefined;
}

function readFile(generatedDir: string): KnownTestsFile | undefined {
  const file = knownTestsFile(generatedDir);
  if (!existsSync(file)) return undefined;
  try {
    return readJson(file, knownTestsFileSchema);
  } catch {
    return undefined;
  }
}
