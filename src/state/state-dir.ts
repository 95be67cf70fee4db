/**
 * The state dir protocol between the setup (runner process) and the proxy tests (workers).
 * One fresh dir per run, named by an env var the setup sets before workers start, so two runs
 * in one checkout never share state. It holds the manifest (manifest.ts), the results log
 * (results-log.ts) and the traces, each keyed by the manifest's safe keys.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { STATE_DIR_PREFIX } from './cleanup.js';
import { ResultsLog } from './results-log.js';

export const STATE_ENV = 'PLAYWRIGHT_OCTOMIND_STATE_DIR';

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
  /** Beside the trace, in its dir: no dir of its own to create per run. */
  screenshot(key: string, extension: string): string {
    return path.join(this.tracesDir, `${key}-screenshot.${extension}`);
  }
  /** Written by the first proxy test that starts: this process tree shows the remote results, now. */
  get startedMarker(): string {
    return path.join(this.root, 'proxy-started');
  }
}
