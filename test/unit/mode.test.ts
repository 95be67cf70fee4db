/** Where the runner runs, read off its command line: one Run per process, or a session of Runs. */
import { describe, expect, it } from 'vitest';
import { runnerMode } from '../../src/command-line/mode.js';

const cli = (...args: string[]) => ['/usr/bin/node', '/p/node_modules/@playwright/test/cli.js', ...args];

describe('runnerMode', () => {
  it.each([
    [['test'], 'command-line'],
    [['test', '--project', 'chromium', '--grep', 'ui'], 'command-line'],
    [['test', '--list'], 'command-line'],
    [['merge-reports', 'blob'], 'command-line'],
    [['test', 'test-server.spec.ts'], 'command-line'],
    [['test', '--', '--ui'], 'command-line'],
    [['test', '--ui'], 'session'],
    [['test', '--ui-host=127.0.0.1', '--ui-port=0'], 'session'],
    [['test', '--ui-port', '0'], 'session'],
    [['test-server', '-c', 'playwright.config.ts'], 'session'],
    [['run-test-server'], 'session'],
  ] as const)('%j is %s', (args, mode) => {
    expect(runnerMode(cli(...args), {})).toBe(mode);
  });

  it('watch mode (PWTEST_WATCH) is a session', () => {
    expect(runnerMode(cli('test'), { PWTEST_WATCH: '1' })).toBe('session');
  });
});
