/**
 * The API key goes to the API host only: not to the trace host, not after a redirect, and into
 * no error message, stack, cause, retry event or warning.
 */
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createOctomindClient } from '../../src/api/client.js';
import { OctomindConfigError, OctomindError } from '../../src/api/errors.js';
import { testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { FAST_NETWORK, clientFor, manualContext, tempDir, useFakeOctomind } from '../helpers/fake.js';

const TT = '3435918b-3d29-4ebd-8c68-9a540532f45a';
const scenario: Scenario = {
  testTargets: [
    {
      id: TT,
      testCases: [
        testCase('a', { status: 'PASSED', afterMs: 30, trace: 'passed' }),
        testCase('b', { status: 'FAILED', afterMs: 60, errorMessage: 'x', trace: 'failed' }),
        testCase('c', { status: 'ERROR', afterMs: 10, errorMessage: 'y' }),
      ],
    },
  ],
};
const request = { testTargetId: TT, url: 'https://x.example.com', context: manualContext };

function everythingAbout(error: unknown): string {
  return [String(error), (error as Error).stack ?? '', inspect(error, { depth: Infinity, showHidden: true })].join('\n');
}

describe('API key confinement', () => {
  const ctx = useFakeOctomind();

  it('a whole run sends the key with every API request and with no trace request', async () => {
    ctx.fake.setScenario(scenario);
    const work = tempDir();
    const { client } = clientFor(ctx.fake, { apiVersion: 'v3' });
    const { testReport } = await client.executions.execute(request);
    await client.testCases.list(TT);
    let report = await client.testReports.get(TT, testReport.id);
    while (report.status === 'WAITING') {
      ctx.clock.advance(20);
      report = await client.testReports.get(TT, testReport.id);
    }
    const urls = (report.testResults ?? []).flatMap((r) => (r.traceUrl ? [r.traceUrl] : []));
    expect(urls).toHaveLength(2);
    await Promise.all(urls.map((url, i) => client.traces.download(url, path.join(work.dir, `${i}.zip`))));
    const api = ctx.fake.log.filter((entry) => entry.listener === 'api');
    const trace = ctx.fake.log.filter((entry) => entry.listener === 'trace');
    expect(api.length).toBeGreaterThanOrEqual(3);
    expect(api.every((entry) => entry.apiKeyHeader)).toBe(true);
    expect(trace).toHaveLength(2);
    expect(trace.every((entry) => !entry.apiKeyHeader && !entry.keySeen)).toBe(true);
    await client.close();
    work.cleanup();
  });

  it('an API redirect is not followed: the key never reaches the other host', async () => {
    ctx.fake.setScenario(scenario);
    const { client } = clientFor(ctx.fake);
    ctx.fake.inject('execute', { kind: 'redirect', location: `${ctx.fake.traceOrigin}/collect`, status: 307 });
    const error = await client.executions.execute(request).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindConfigError);
    expect((error as Error).message).toMatch(/HTTP 307.*never sent on a redirect.*OCTOMIND_API_URL/);
    expect(ctx.fake.log.filter((entry) => entry.listener === 'trace')).toEqual([]);
    await client.close();
  });

  it('plain http to a non-loopback API host is refused before anything is sent', () => {
    expect(() => createOctomindClient({ apiUrl: 'http://app.octomind.dev/api', apiKey: 'k', apiVersion: 'v2' })).toThrow(/must use https/);
  });

  it('no error, retry event or warning holds the key, even when the server echoes it', async () => {
    ctx.fake.setScenario({ testTargets: [{ id: TT, testCases: [testCase('new', { status: 'SKIPPED', afterMs: 0 })] }] });
    const key = ctx.fake.apiKey;
    const { client, retries, warnings } = clientFor(ctx.fake);
    const { client: wrongKey } = clientFor(ctx.fake, { apiKey: `${key}-wrong` });
    const { testReport } = await client.executions.execute(request);
    const execute = () => client.executions.execute(request);
    const cases: Array<{ code: string; call: () => Promise<unknown>; arm?: () => void }> = [
      { code: 'OCTOMIND_AUTH', call: () => wrongKey.testReports.get(TT, testReport.id) },
      { code: 'OCTOMIND_NOT_FOUND', call: () => client.testReports.get(TT, '00000000-0000-4000-8000-000000000000') },
      { code: 'OCTOMIND_BAD_REQUEST', call: () => client.testReports.get(TT, 'not-a-uuid') },
      { code: 'OCTOMIND_NOT_FOUND', call: () => client.testCases.get(TT, '00000000-0000-4000-8000-000000000000') },
      {
        code: 'OCTOMIND_BAD_REQUEST',
        call: execute,
        arm: () => ctx.fake.inject('execute', { kind: 'status', status: 400, body: JSON.stringify([{ code: 'custom', path: ['apiKey'], message: `key ${key} is revoked` }]) }),
      },
      { code: 'OCTOMIND_BAD_REQUEST', call: execute, arm: () => ctx.fake.inject('execute', { kind: 'status', status: 400, body: `bad key ${key}` }) },
      { code: 'OCTOMIND_CONFIG', call: execute, arm: () => ctx.fake.inject('execute', { kind: 'redirect', location: `https://evil.example.com/?k=${key}` }) },
      { code: 'OCTOMIND_UNAVAILABLE', call: execute, arm: () => ctx.fake.inject('execute', { kind: 'status', status: 500, body: key }) },
      { code: 'OCTOMIND_UNAVAILABLE', call: execute, arm: () => ctx.fake.inject('execute', { kind: 'reset' }) },
      { code: 'OCTOMIND_INVALID_RESPONSE', call: execute, arm: () => ctx.fake.inject('execute', { kind: 'status', status: 200, body: `{"leak":"${key}"` }) },
      { code: 'OCTOMIND_UNAVAILABLE', call: () => client.testReports.get(TT, testReport.id), arm: () => ctx.fake.inject('report', { kind: 'status', status: 503 }, Infinity) },
    ];
    const errors: unknown[] = [];
    for (const { call, arm } of cases) {
      arm?.();
      errors.push(await call().then(() => new Error('did not fail'), (err: unknown) => err));
      ctx.fake.clearFaults();
    }
    expect(errors.map((error) => (error instanceof OctomindError ? error.code : String(error)))).toEqual(cases.map((c) => c.code));
    expect((errors[4] as Error).message).toMatch(/key \[redacted\] is revoked/);
    for (const error of errors) expect(everythingAbout(error)).not.toContain(key);
    expect(retries.length).toBeGreaterThan(0);
    expect(JSON.stringify(retries)).not.toContain(key);
    expect(warnings).toHaveLength(1);
    expect(warnings.join('\n')).not.toContain(key);
    await Promise.all([client.close(), wrongKey.close()]);
  });

  it('the trace downloader cannot be handed a key at all', () => {
    const { client } = clientFor(ctx.fake, { network: FAST_NETWORK });
    expect(inspect(client.traces, { depth: Infinity, showHidden: true })).not.toContain(ctx.fake.apiKey);
    return client.close();
  });
});
