/**
 * Issue 12 in watch mode (`PWTEST_WATCH=1 npx playwright test`), driven through its stdin as a
 * terminal would: Enter runs, q quits. Watch mode reads keypresses from a non-TTY stdin too; the
 * end of each Run is its prompt coming back. Execute requests are counted in the fake's log.
 */
import { expect, onTestFinished, test } from 'vitest';
import type { Project } from './harness.js';
import { PlaywrightProcess, within } from './modes/process.js';
import { newSession, octomindLines, reportUrlPattern } from './modes/session.js';

const WAIT_MS = 90_000;
// The prompt is styled: escape codes sit between its words.
const PROMPT = /Waiting for file changes\. Press[\s\S]*?enter[\s\S]*?to run tests/;

class WatchMode {
  private constructor(readonly process: PlaywrightProcess) {}

  static async start(project: Project, env: Record<string, string>, args: string[] = []): Promise<WatchMode> {
    const process = PlaywrightProcess.start(project, ['test', '--reporter=list', ...args], { ...env, PWTEST_WATCH: '1' });
    onTestFinished(() => process.kill());
    await process.waitForOutput(PROMPT, WAIT_MS, 'watch mode did not show its prompt');
    return new WatchMode(process);
  }

  /** Presses Enter and resolves when the Run has ended and the prompt is back. */
  async run(): Promise<string> {
    const from = this.process.output.length;
    this.process.write('\r');
    await this.process.waitForOutput(new RegExp(`[\\s\\S]*(passed|failed|skipped)[\\s\\S]*${PROMPT.source}`), WAIT_MS, 'the watch-mode Run did not end', from);
    return this.process.output.slice(from);
  }

  async quit(): Promise<void> {
    this.process.write('q');
    await within(this.process.exited, WAIT_MS, `watch mode did not quit. Output:\n${this.process.output}`);
  }
}

test('R1: starting watch mode with --project local and running sends nothing and prints nothing about Octomind', { timeout: 240_000 }, async () => {
  const s = await newSession();
  const watch = await WatchMode.start(s.project, s.env, ['--project', 'local']);
  expect(s.executes(), 'starting watch mode must not start a remote run').toBe(0);
  const output = await watch.run();
  expect(output).toContain('2 passed');
  expect(s.executes(), 'a Run of local tests only must not start a remote run').toBe(0);
  expect(octomindLines(watch.process.output), 'a Run of local tests only prints nothing about Octomind').toEqual([]);
  await watch.quit();
});

test('R2: each watch-mode Run with remote tests starts one remote run; quitting leaves no state dir', { timeout: 300_000 }, async () => {
  const s = await newSession();
  const watch = await WatchMode.start(s.project, s.env);
  expect(s.executes(), 'starting watch mode must not start a remote run').toBe(0);
  const first = await watch.run();
  expect(first).toMatch(/remote fails/);
  expect(s.executes(), 'one remote run for the first Run').toBe(1);
  await watch.run();
  expect(s.executes(), 'the second Run starts its own remote run (no replay)').toBe(2);
  await watch.quit();
  expect(watch.process.output).toMatch(reportUrlPattern(s.fake));
  expect(s.stateDirs(), 'no state dir remains after quitting watch mode').toEqual([]);
});
