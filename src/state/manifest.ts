/**
 * What a run's state dir says about its tests: the manifest the setup (or a session's Run) writes
 * once, and every worker reads to declare the same proxy tests. Keys name the files of a test
 * (its trace) and are checked to be safe file names: ids come from responses and must not walk out
 * of the dir.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** A file-safe key for an id from a response: the id itself when it is safe, else its hash. */
export function fileKey(id: string): string {
  return SAFE_KEY.test(id) ? id : `h-${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
}

/** The key of a test case's result in a run: its id, then `#2`, `#3`… for further results of it. */
export function resultKey(testCaseId: string, occurrence = 0): string {
  return fileKey(occurrence ? `${testCaseId}#${occurrence + 1}` : testCaseId);
}

/** A remote test as every list shows it: the last known list, the generated spec, a Run's selection. */
export const listedTestSchema = z.object({
  testCaseId: z.string(),
  title: z.string().min(1),
  /** The one test that stands for the whole remote run before any run has listed its test cases (no test case id). */
  aggregate: z.literal(true).optional(),
});
export type ListedTest = z.infer<typeof listedTestSchema>;

/**
 * A listed test in a run, and its key in the state dir. Poll results find it by test case id and
 * `occurrence`, never by result id: a server that repeats or leaves out result ids must not move a
 * status to another test.
 */
export const manifestTestSchema = listedTestSchema.extend({
  key: z.string().regex(SAFE_KEY),
  /** Which result of its test case this is, in the report's order (a run may hold a test case twice). */
  occurrence: z.number().int().min(0),
});
export type ManifestTest = z.infer<typeof manifestTestSchema>;

export const sentinelSchema = z.object({
  title: z.string(),
  message: z.string(),
  /** skip: nothing to do locally; fail: the run must not pass (CI, outages). */
  outcome: z.enum(['skip', 'fail']),
});
export type Sentinel = z.infer<typeof sentinelSchema>;

export const manifestSchema = z.object({
  version: z.literal(1),
  projectName: z.string(),
  testTargetId: z.string().optional(),
  reportId: z.string().optional(),
  reportUrl: z.string().optional(),
  timeoutMs: z.number(),
  tests: z.array(manifestTestSchema),
  sentinel: sentinelSchema.optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** Written once the remote run of a session Run is known (UI mode, VS Code): its report URL. */
export const runInfoSchema = z.object({ reportId: z.string(), reportUrl: z.string() });
