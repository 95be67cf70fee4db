/**
 * Run state must not outlive the process that owns it. A normal exit, Playwright's own
 * `process.exit` (the test server closing on disconnect) and SIGTERM/SIGHUP (which Playwright
 * does not handle, so Node would die without an 'exit' event) remove what is registered here;
 * what a SIGKILL or a crash leaves is swept by the next start (`sweepStaleStateDirs`).
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const STATE_DIR_PREFIX = 'playwright-octomind-';
const owned = new Set<string>();
const SIGNALS = ['SIGTERM', 'SIGHUP'] as const;
let installed = false;

export function removeOnExit(dir: string): void {
  owned.add(dir);
  install();
}

export function removeNow(dir: string): void {
  owned.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

function removeAll(): void {
  for (const dir of owned) rmSync(dir, { recursive: true, force: true });
  owned.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeAll);
  for (const signal of SIGNALS) {
    const onSignal = () => {
      removeAll();
      process.off(signal, onSignal);
      // Listening suppressed Node's default (exit); restore it unless someone else handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/** The pid a state dir was created by: `playwright-octomind-<pid>-<random>`. */
export function ownerPid(dirName: string): number | undefined {
  const match = new RegExp(`^${STATE_DIR_PREFIX}(\\d+)-`).exec(dirName);
  return match ? Number(match[1]) : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * A killed process stays a zombie until its parent reaps it, and a container whose PID 1 is no
 * init (Docker without --init, many CI runners) never reaps orphans: signal 0 still finds them.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    // No /proc (macOS, Windows) or the process just went: signal 0 has the last word.
    return false;
  }
}

/** Removes the state dirs whose owner process is gone (killed, crashed). Never throws. */
export function sweepStaleStateDirs(root: string = tmpdir()): string[] {
  const swept: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return swept;
  }
  for (const name of names) {
    const pid = ownerPid(name);
    if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
    try {
      rmSync(path.join(root, name), { recursive: true, force: true });
      swept.push(name);
    } catch {
      // Another user's dir, or being swept by a parallel start: not ours to insist on.
    }
  }
  return swept;
}
