/**
 * The state dir protocol between the setup (runner process) and the proxy tests (workers).
 * One fresh dir per run, named by an env var the setup sets before workers start, so two runs
 * in one checkout never share state. Results and traces are keyed by a name that is checked to
 * be a safe file name: ids come from responses and must not walk out of the dir.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { STATE_DIR_PREFIX } from './cleanup.js';
import { ResultsLog } from './results-log.js';

export const STATE_ENV = 'PLAYWRIGHT_OCTOMIND_STATE_DIR';

const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** A file-safe key for an id from a response: the id itself when it is safe, else its hash. */
export function fileKey(id: string): string {
  return SAFE_KEY.test(id) ? id : `h-${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
}

export const manifestTestSchema = z.object({
  key: z.string().regex(SAFE_KEY),
  /** How results of polls are matched to this test: result id, else test case (version) id. */
  match: z.object({ resultId: z.string().optional(), testCaseId: z.string().optional() }),
  testCaseId: z.string(),
  title: z.string().min(1),
  /** The one test that stands for the whole remote run before any run has listed its test cases. */
  aggregate: z.literal(true).optional(),
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
export type RunInfo = z.infer<typeof runInfoSchema>;

export class StateDir {
  /** The run's results; every reader of this StateDir shares what it has read. */
  readonly results: ResultsLog;

  constructor(readonly root: string) {
    this.results = new ResultsLog(path.join(root, 'results.jsonl'));
  }

  /** Named after the owning process, so a proxy can tell a live run from one whose runner died. */
  static create(): StateDir {
    const dir = new StateDir(mkdtempSync(path.join(tmpdir(), `${STATE_DIR_PREFIX}${process.pid}-`)));
    writeFileSync(dir.results.file, '', { flag: 'wx' });
    mkdirSync(dir.tracesDir, { recursive: true });
    return dir;
  }

  /** This run's state dir in a worker, or undefined outside a run (e.g. `--list`). */
  static current(env: Record<string, string | undefined> = process.env): StateDir | undefined {
    const root = env[STATE_ENV];
    return root ? new StateDir(root) : undefined;
  }

  get manifest(): string {
    return path.join(this.root, 'manifest.json');
  }
  get runInfo(): string {
    return path.join(this.root, 'run.json');
  }
  get tracesDir(): string {
    return path.join(this.root, 'traces');
  }
  trace(key: string): string {
    return path.join(this.tracesDir, `${key}.zip`);
  }
  /** Written by the first proxy test that starts: this process tree shows the remote results, now. */
  get startedMarker(): string {
    return path.join(this.root, 'proxy-started');
  }
}
