/**
 * Where the runner runs. On the command line one `npx playwright test` is one Run, and its global
 * setup is the place to trigger the remote run: it is per Run, it sees `--project`, and it runs
 * before test files load. UI mode, the VS Code test server and watch mode run global setup once
 * per session (on connect, Reload, ...), not per Run, so there the remote run is triggered by the
 * plugin's reporter when a Run begins with remote tests selected (session/trigger-reporter.ts).
 *
 * No public API tells these apart; the runner's own command line does. Playwright does not
 * document it: test/e2e/assumptions.test.ts fails the day it changes.
 */
export type RunnerMode = 'command-line' | 'session';

const SESSION_FLAGS = ['--ui', '--ui-host', '--ui-port'];
const SESSION_COMMANDS = new Set(['test-server', 'run-test-server']);

export function runnerMode(argv: readonly string[] = process.argv, env: Record<string, string | undefined> = process.env): RunnerMode {
  if (env.PWTEST_WATCH) return 'session';
  const args = argv.slice(2);
  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  const command = options.find((arg) => !arg.startsWith('-'));
  if (command !== undefined && SESSION_COMMANDS.has(command)) return 'session';
  if (options.some((arg) => SESSION_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))) return 'session';
  return 'command-line';
}
