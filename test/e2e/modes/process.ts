/**
 * A long-lived `npx playwright ...` process (UI mode, test server, watch mode) in a fixture project:
 * its own process group (a signal reaches npx and the runner, as from a terminal), stdin kept open
 * (the test server exits when its stdin closes), and its output kept for waits and assertions.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { baseEnv, type Project } from '../harness.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Rejects with `message` when `promise` has not settled within `ms`: a bound on a state, not a timing claim. */
export function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (still not after ${Math.round(ms / 1000)} s)`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** Resolves once `condition()` holds, looking every 50 ms; fails with `message` after `ms`. */
export function until(condition: () => boolean, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const holds = new Promise<void>((resolve) => {
    const check = () => (condition() ? resolve() : (timer = setTimeout(check, 50)));
    check();
  });
  return within(holds, ms, message).finally(() => clearTimeout(timer));
}

export class PlaywrightProcess {
  /** stdout and stderr as they arrived, interleaved. */
  output = '';
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    const onData = (chunk: Buffer) => {
      this.output += chunk.toString();
      for (const listener of this.listeners) listener();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    this.exited = new Promise((resolve) =>
      child.on('close', (code, signal) => {
        this.exit = { code, signal };
        for (const listener of this.listeners) listener();
        resolve(this.exit);
      }),
    );
  }

  static start(project: Project, args: string[], env: Record<string, string | undefined>): PlaywrightProcess {
    const fullEnv = Object.fromEntries(Object.entries({ ...baseEnv(), ...env }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const child = spawn('npx', ['playwright', ...args], { cwd: project.dir, env: fullEnv, stdio: 'pipe', detached: true });
    return new PlaywrightProcess(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** Resolves with the first match of `pattern` in the output (from `from` on); rejects if the process ends first. */
  waitForOutput(pattern: RegExp, timeoutMs: number, what: string, from = 0): Promise<RegExpExecArray> {
    const found = new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.output.slice(from));
        if (match) {
          this.listeners.delete(check);
          resolve(match);
        } else if (this.exit) {
          this.listeners.delete(check);
          reject(new Error(`${what}: the process exited (${JSON.stringify(this.exit)}) first. Output:\n${this.output}`));
        }
      };
      this.listeners.add(check);
      check();
    });
    return within(found, timeoutMs, `${what}; output so far:\n${this.output}`);
  }

  write(text: string): void {
    this.child.stdin.write(text);
  }

  /** A signal to the whole group (npx and the runner), as a terminal or an IDE sends it. */
  signal(signal: NodeJS.Signals): void {
    if (this.running) process.kill(-this.pid, signal);
  }

  /** Ends what is still running (a failed test's leftovers), without waiting for a clean exit. */
  async kill(): Promise<void> {
    if (this.running) {
      try {
        process.kill(-this.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await within(this.exited, 30_000, 'the killed process did not exit').catch(() => undefined);
  }
}
