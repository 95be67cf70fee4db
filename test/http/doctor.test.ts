/**
 * `playwright-octomind doctor` against the fake Octomind: every check ✓ where all is in place, and
 * each ✘ with its fix. It starts no run and never prints the key.
 */
import { describe, expect, it } from 'vitest';
import { createOctomindClient, type OctomindClient } from '../../src/api/client.js';
import { doctor } from '../../src/cli/doctor.js';
import type { OctomindSettings } from '../../src/options/options.js';
import { testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { FAST_NETWORK, manualContext, useFakeOctomind } from '../helpers/fake.js';

const TT = '3435918b-3d29-4ebd-8c68-9a540532f45a';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const scenario: Scenario = {
  testTargets: [{ id: TT, environments: ['default', 'staging'], testCases: [testCase('log in', { status: 'PASSED', afterMs: 0, trace: 'passed' })] }],
};
/** The deployment a user's doctor checks; here a name this machine resolves to nothing, mapped to the fake as a hosts file would. */
const STAGING = 'https://staging.example.test/';

describe('doctor', () => {
  const ctx = useFakeOctomind();

  async function runDoctor(env: Record<string, string | undefined>) {
    ctx.fake.setScenario(scenario);
    const lines: string[] = [];
    const client = (settings: OctomindSettings, apiKey: string): OctomindClient => {
      const real = createOctomindClient({ apiUrl: settings.apiUrl, apiKey, apiVersion: settings.apiVersion, network: FAST_NETWORK, proxies: { httpProxy: undefined, httpsProxy: undefined, noProxy: '' } });
      return { ...real, reach: (url) => real.reach(url === STAGING ? `${ctx.fake.traceOrigin}/` : url) };
    };
    const code = await doctor({}, { out: (line) => lines.push(line), env: { OCTOMIND_API_URL: ctx.fake.apiUrl, OCTOMIND_TEST_TARGET_ID: TT, OCTOMIND_URL: STAGING, ...env }, client });
    return { code, lines, output: lines.join('\n') };
  }

  async function withEarlierRun(): Promise<void> {
    ctx.fake.setScenario(scenario);
    const client = createOctomindClient({ apiUrl: ctx.fake.apiUrl, apiKey: ctx.fake.apiKey, apiVersion: 'v2', network: FAST_NETWORK });
    await client.executions.execute({ testTargetId: TT, url: 'https://staging.example.com', context: manualContext });
    await client.close();
  }

  it('all in place: every check ✓, exit 0, no run started and no key printed', async () => {
    await withEarlierRun();
    ctx.fake.log.length = 0;
    const { code, lines, output } = await runDoctor({ OCTOMIND_API_KEY: ctx.fake.apiKey, OCTOMIND_ENVIRONMENT: 'staging' });
    expect(lines.filter((line) => line.startsWith('✘'))).toEqual([]);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^✓ Node \d+\.\d+\.\d+$/),
        expect.stringMatching(/^✓ @playwright\/test \d+\.\d+\.\d+$/),
        '✓ proxy: none, requests go direct',
        `✓ the API key is accepted by ${ctx.fake.apiUrl}`,
        `✓ test target ${TT}: 1 test case`,
        '✓ environment "staging"',
        expect.stringMatching(/^✓ the URL https:\/\/staging\.example\.test\/ answers from here \(HTTP \d{3}\)$/),
        expect.stringMatching(/^✓ trace storage 127\.0\.0\.1:\d+ answers from here \(HTTP 206\)$/),
        'Everything a run needs is in place.',
      ]),
    );
    expect(code).toBe(0);
    expect(output).not.toContain(ctx.fake.apiKey);
    expect(ctx.fake.log.some((entry) => entry.path.endsWith('/execute'))).toBe(false);
    // The trace host was asked for one byte, without the key.
    expect(ctx.fake.log.filter((entry) => entry.listener === 'trace').every((entry) => !entry.apiKeyHeader && entry.range === 'bytes=0-0')).toBe(true);
  });

  it('a wrong key: ✘ with where to get a right one; the key is not printed', async () => {
    const { code, lines, output } = await runDoctor({ OCTOMIND_API_KEY: 'wrong-key-1234567890' });
    expect(lines).toContain(`✘ ${ctx.fake.apiUrl} rejected the API key (HTTP 401)`);
    expect(lines).toContain('    → use a current API key of the organization that owns the test target (Octomind app → Settings → API keys)');
    expect(output).not.toContain('wrong-key-1234567890');
    expect(code).toBe(1);
  });

  it('an unknown test target: ✘ naming it', async () => {
    const { code, lines } = await runDoctor({ OCTOMIND_API_KEY: ctx.fake.apiKey, OCTOMIND_TEST_TARGET_ID: UNKNOWN });
    expect(lines).toContain(`✘ Octomind has no test target ${UNKNOWN}`);
    expect(lines).toContain('    → copy the test target id from the Octomind app into testTargetId / OCTOMIND_TEST_TARGET_ID');
    expect(code).toBe(1);
  });

  it('an unknown environment: ✘ listing the known ones', async () => {
    const { code, lines } = await runDoctor({ OCTOMIND_API_KEY: ctx.fake.apiKey, OCTOMIND_ENVIRONMENT: 'prod' });
    expect(lines).toContain('✘ Octomind has no environment "prod" for this test target (it has: default, staging)');
    expect(lines).toContain('    → set environmentName / OCTOMIND_ENVIRONMENT to one of them');
    expect(code).toBe(1);
  });

  it('a loopback URL: ✘, Octomind runs in its cloud and cannot reach it', async () => {
    const { code, lines } = await runDoctor({ OCTOMIND_API_KEY: ctx.fake.apiKey, OCTOMIND_URL: 'http://localhost:3000' });
    expect(lines).toContain('✘ the URL http://localhost:3000 is this machine: Octomind runs in its cloud and cannot reach it');
    expect(lines).toContain(
      "    → set url / OCTOMIND_URL to a deployment Octomind can reach, such as the pull request's preview URL; or --private-location true if an Octomind private location reaches this machine",
    );
    expect(code).toBe(1);
    const opted = await runDoctor({ OCTOMIND_API_KEY: ctx.fake.apiKey, OCTOMIND_URL: 'http://127.0.0.1:9', OCTOMIND_PRIVATE_LOCATION: 'true' });
    expect(opted.lines.some((line) => line.includes('is this machine'))).toBe(false);
  });

  it('an unreachable trace storage host: ✘ naming it, with the fix', async () => {
    await withEarlierRun();
    ctx.fake.inject('trace', { kind: 'hang-up' }, Infinity);
    const { code, lines } = await runDoctor({ OCTOMIND_API_KEY: ctx.fake.apiKey });
    const storage = lines.findIndex((line) => line.startsWith('✘ trace storage'));
    expect(lines[storage]).toMatch(/^✘ trace storage 127\.0\.0\.1:\d+ cannot be reached from here: /);
    expect(lines[storage + 1]).toMatch(/^ {4}→ allow 127\.0\.0\.1:\d+ through your firewall or proxy/);
    expect(code).toBe(1);
  });

  it('no key: ✘ saying where it comes from; nothing is sent', async () => {
    ctx.fake.log.length = 0;
    const { code, lines } = await runDoctor({});
    expect(lines).toContain('✘ OCTOMIND_API_KEY is not set');
    expect(ctx.fake.log).toEqual([]);
    expect(code).toBe(1);
  });
});
