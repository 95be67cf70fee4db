/**
 * The `playwright-octomind` command as CI runs it (the built bin, a real process, the fake
 * Octomind over loopback): messages and exit codes for success, a wrong key, an unknown report
 * and a timeout.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { OPTION_ENV } from '../../src/options/options.js';
import { startFakeOctomind, type FakeOctomind } from '../../fixtures/fake-octomind/server.js';
import { testCase } from '../../fixtures/fake-octomind/scenario.js';
import { ROOT, runCli, uniqueApiKey, type CliRun } from './harness.js';

const BIN = path.join(ROOT, 'dist/cli/main.js');
let fake: FakeOctomind;
let dir: string;

beforeAll(async () => {
  fake = await startFakeOctomind({ apiKey: uniqueApiKey() });
  dir = mkdtempSync(path.join(tmpdir(), 'octomind-cli-'));
});
beforeEach(() => {
  fake.log.length = 0;
  fake.clearFaults();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return runCli(args, { OCTOMIND_API_URL: fake.apiUrl, OCTOMIND_API_KEY: fake.apiKey, OCTOMIND_TEST_TARGET_ID: fake.testTargetId, ...env });
}

const executeCount = () => fake.log.filter((r) => r.path.endsWith('/execute')).length;

describe('--help', () => {
  test('lists every command, option, environment variable and exit code', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const word of ['execute', 'wait <testReportId>', 'doctor', '--github-output', '--traces', 'OCTOMIND_API_KEY', 'Exit codes']) expect(run.stdout).toContain(word);
    for (const variable of Object.values(OPTION_ENV).filter(Boolean)) {
      // `wait` takes the report id as its argument; no command of the CLI extracts screenshots.
      if (variable === 'OCTOMIND_TEST_REPORT_ID' || variable === 'OCTOMIND_SCREENSHOT') continue;
      expect(run.stdout).toContain(`[${variable}]`);
    }
  });
});

describe('doctor', () => {
  test('the built bin checks against the fake: ✓ for key and target, ✘ and the fix for a loopback URL, exit 1; no run, no key printed', async () => {
    const run = await cli(['doctor', '--url', 'http://localhost:3000']);
    expect(run.stdout).toContain(`✓ the API key is accepted by ${fake.apiUrl}`);
    expect(run.stdout).toContain('✘ the URL http://localhost:3000 is this machine: Octomind runs in its cloud and cannot reach it');
    expect(run.stdout).toMatch(/\d+ checks? failed\.\n$/);
    expect(`${run.stdout}${run.stderr}`).not.toContain(fake.apiKey);
    expect(executeCount()).toBe(0);
    expect(run.code).toBe(1);
  });
});

describe('execute', () => {
  test('starts one run, prints its URL and id, and writes them to $GITHUB_OUTPUT', async () => {
    const output = path.join(dir, 'github-output');
    writeFileSync(output, 'earlier=1\n');
    const run = await cli(['execute', '--url', 'https://staging.example.com', '--github-output'], { GITHUB_OUTPUT: output });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const id = /testReportId: ([0-9a-f-]{36})/.exec(run.stdout)![1]!;
    expect(run.stdout).toContain(`Octomind run started: http://127.0.0.1:`);
    expect(readFileSync(output, 'utf8')).toMatch(new RegExp(`^earlier=1\\ntestReportId=${id}\\ntestReportUrl=http://127\\.0\\.0\\.1:\\d+/testreports/${id}\\n$`));
    expect(executeCount()).toBe(1);
    expect(fake.store.get(fake.testTargetId, id)!.executionUrl).toBe('https://staging.example.com');
  });

  test('a flag beats its environment variable', async () => {
    const run = await cli(['execute', '--url', 'https://flag.example.com'], { OCTOMIND_URL: 'https://env.example.com' });
    const id = /testReportId: (\S+)/.exec(run.stdout)![1]!;
    expect(fake.store.get(fake.testTargetId, id)!.executionUrl).toBe('https://flag.example.com');
  });

  test('--browser and --breakpoint go into the v3 run; under v2 they stop with the fix, nothing sent', async () => {
    const run = await cli(['execute', '--url', 'https://x.example.com', '--api-version', 'v3', '--browser', 'SAFARI', '--breakpoint', 'TABLET']);
    expect(run.code).toBe(0);
    const id = /testReportId: (\S+)/.exec(run.stdout)![1]!;
    expect(fake.store.get(fake.testTargetId, id)).toMatchObject({ browser: 'SAFARI', breakpoint: 'TABLET' });
    fake.log.length = 0;
    const v2 = await cli(['execute', '--url', 'https://x.example.com', '--browser', 'SAFARI']);
    expect(v2.code).toBe(2);
    expect(v2.stderr).toContain('✖ --browser / OCTOMIND_BROWSER = "SAFARI": needs Octomind\'s v3 API, and apiVersion is v2\n    → fix: set --api-version v3 (OCTOMIND_API_VERSION=v3), or remove it');
    expect(fake.log).toEqual([]);
  });

  test('a wrong key: exit 3, says to check OCTOMIND_API_KEY, never prints the key', async () => {
    const wrong = uniqueApiKey();
    const run = await cli(['execute', '--url', 'https://staging.example.com'], { OCTOMIND_API_KEY: wrong });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('OCTOMIND_AUTH');
    expect(run.stderr).toContain('Check OCTOMIND_API_KEY');
    expect(run.stdout + run.stderr).not.toContain(wrong);
  });

  test('execute with a localhost URL: exit 2, nothing sent, the fixes named; --private-location true sends it', async () => {
    const local = await cli(['execute', '--url', 'http://localhost:3000']);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('--url http://localhost:3000 is this machine: Octomind runs its tests in its cloud and cannot reach it, so no run was started.');
    expect(local.stderr).toContain('--private-location true');
    expect(fake.log).toEqual([]);
    const opted = await cli(['execute', '--url', 'http://localhost:3000', '--private-location', 'true']);
    expect(opted.code, opted.stderr).toBe(0);
    expect(fake.log.filter((r) => r.path.endsWith('/execute'))).toHaveLength(1);
  });

  test('no key, a bad flag value or an unknown flag: exit 2 and nothing sent', async () => {
    const noKey = await cli(['execute', '--url', 'https://x.example.com'], { OCTOMIND_API_KEY: undefined });
    expect([noKey.code, noKey.stderr]).toEqual([2, expect.stringContaining('OCTOMIND_API_KEY is not set')]);
    const badValue = await cli(['execute', '--url', 'https://x.example.com', '--poll-interval-ms', 'soon']);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('✖ --poll-interval-ms / OCTOMIND_POLL_INTERVAL_MS = "soon": must be a number of milliseconds');
    const unknown = await cli(['execute', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--bogus'");
    const noGithubOutput = await cli(['execute', '--url', 'https://x.example.com', '--github-output']);
    expect([noGithubOutput.code, noGithubOutput.stderr]).toEqual([2, expect.stringContaining('$GITHUB_OUTPUT')]);
    expect(fake.log).toEqual([]);
  });
});

describe('wait', () => {
  async function started(): Promise<string> {
    const run = await cli(['execute', '--url', 'https://staging.example.com']);
    return /testReportId: (\S+)/.exec(run.stdout)![1]!;
  }

  test('follows the run to the end: a line per result, traces in the folder, exit 1 for remote failures', async () => {
    const id = await started();
    const traces = path.join(dir, 'traces');
    const run = await cli(['wait', id, '--poll-interval-ms', '250', '--traces', traces]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Waiting for 4 remote tests: http:\/\/127\.0\.0\.1:\d+\/testreports\//);
    expect(run.stdout).toMatch(/\[\d\/4\] ✘ checkout as guest \(FAILED, 3 s\): TimeoutError: locator.click: Timeout 5000ms exceeded\./);
    expect(run.stdout).toMatch(/\[\d\/4\] ✘ newsletter signup \(ERROR, 2 s\): Test environment could not be reached/);
    expect(run.stdout).toMatch(/\[\d\/4\] ✓ login with valid credentials \(PASSED, 1\.5 s\)/);
    expect(run.stdout).toContain('2 passed, 2 failed of 4');
    expect(readdirSync(traces)).toHaveLength(3);
    expect(executeCount()).toBe(1);
  });

  test('exit 0 when every remote test passed', async () => {
    fake.setScenario({ testTargets: [{ id: fake.testTargetId, testCases: [testCase('only passes', { status: 'PASSED', afterMs: 200, trace: 'passed' })] }] });
    const run = await cli(['wait', await started(), '--poll-interval-ms', '250']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 passed, 0 failed of 1');
  });

  test('a result that does not finish in time: exit 1, naming the timeout and the report', async () => {
    fake.setScenario({ testTargets: [{ id: fake.testTargetId, testCases: [testCase('never ends', { status: 'PASSED', afterMs: null })] }] });
    const run = await cli(['wait', await started(), '--poll-interval-ms', '250', '--timeout-ms', '1000']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✘ never ends \(WAITING \(timed out\)\): Octomind did not finish this test within timeoutMs \(1 s\)\. It may still be running: http/);
  });

  test('an unknown report: exit 3, naming the id', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const run = await cli(['wait', unknown]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('OCTOMIND_NOT_FOUND');
    expect(run.stderr).toContain(unknown);
  });

  test('needs exactly one report id', async () => {
    const run = await cli(['wait']);
    expect(run.code).toBe(2);
    expect(existsSync(BIN)).toBe(true);
  });
});
