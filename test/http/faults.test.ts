/**
 * Every fault the fake Octomind can inject, against the real client: retried where a retry is
 * safe and useful, a typed error where it is not. Request counts come from the fake's log.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  OctomindBadRequestError,
  OctomindInvalidResponseError,
  OctomindTraceDownloadError,
  OctomindUnavailableError,
} from '../../src/api/errors.js';
import { resolveSettings } from '../../src/options/options.js';
import { RemoteRun } from '../../src/poll/remote-run.js';
import { DEFAULTS } from '../../src/defaults.js';
import { createOctomindClient } from '../../src/api/client.js';
import { testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { FAST_NETWORK, NEVER, clientFor, manualContext, useFakeOctomind, waitFor } from '../helpers/fake.js';

const TT = '3435918b-3d29-4ebd-8c68-9a540532f45a';
const scenario: Scenario = {
  testTargets: [
    {
      id: TT,
      testCases: [
        testCase('done', { status: 'PASSED', afterMs: 0, trace: 'passed' }),
        testCase('never finishes', { status: 'PASSED', afterMs: null }),
      ],
    },
  ],
};
const request = { testTargetId: TT, url: 'https://staging.example.com', context: manualContext };

describe('faults', () => {
  const ctx = useFakeOctomind();
  const count = (route: string) => ctx.fake.log.filter((entry) => entry.path.includes(route)).length;

  async function setup(apiVersion: 'v2' | 'v3' = 'v2', network = {}, random?: () => number) {
    ctx.fake.setScenario(scenario);
    const handle = clientFor(ctx.fake, { apiVersion, network: { ...FAST_NETWORK, ...network }, ...(random && { random }) });
    const { testReport } = await handle.client.executions.execute(request);
    ctx.fake.log.length = 0;
    return { ...handle, reportId: testReport.id, testCaseId: scenario.testTargets[0]!.testCases[0]!.id };
  }

  describe('429 with Retry-After', () => {
    it('is honoured on a poll and the poll completes', async () => {
      const { client, retries, reportId } = await setup('v2', { maxRetryDelayMs: 5000 });
      ctx.fake.inject('report', { kind: 'status', status: 429, retryAfter: '1' });
      const report = await client.testReports.get(TT, reportId);
      expect(report.id).toBe(reportId);
      expect(retries).toEqual([expect.objectContaining({ reason: 'HTTP 429', delayMs: 1000, method: 'GET' })]);
      expect(ctx.fake.log.map((entry) => entry.status)).toEqual([429, 200]);
      await client.close();
    });

    it('still limited after the retries: the error carries the Retry-After, so the next poll waits for it', async () => {
      const { client, reportId } = await setup('v2', { maxRetries: 1 });
      ctx.fake.inject('report', { kind: 'status', status: 429, retryAfter: '0.02' }, 2);
      const error = await client.testReports.get(TT, reportId).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindUnavailableError);
      expect((error as OctomindUnavailableError).retryAfterMs).toBe(20);
      expect(ctx.fake.log.map((entry) => entry.status)).toEqual([429, 429]);
      await client.close();
    });

    it('is retried on execute too: the server did not act on it', async () => {
      const { client, retries } = await setup();
      ctx.fake.inject('execute', { kind: 'status', status: 429, retryAfter: '0' }, 2);
      const { testReport } = await client.executions.execute(request);
      expect(testReport.status).toBe('WAITING');
      expect(count('/execute')).toBe(3);
      expect(retries.map((r) => r.reason)).toEqual(['HTTP 429', 'HTTP 429']);
      await client.close();
    });

    it('is retried on title lookups (v3 list and by id)', async () => {
      const { client, testCaseId } = await setup('v3');
      ctx.fake.inject('testCases', { kind: 'status', status: 429, retryAfter: '0' });
      ctx.fake.inject('testCase', { kind: 'status', status: 429, retryAfter: '0' });
      expect(await client.testCases.list(TT)).toHaveLength(2);
      expect((await client.testCases.get(TT, testCaseId)).id).toBe(testCaseId);
      expect(ctx.fake.log.map((entry) => entry.status)).toEqual([429, 200, 429, 200]);
      await client.close();
    });
  });

  describe('503', () => {
    it('is retried on polls, execute and titles', async () => {
      const { client, reportId, testCaseId } = await setup('v3');
      for (const route of ['report', 'execute', 'testCase', 'testCases'] as const) ctx.fake.inject(route, { kind: 'status', status: 503 }, 2);
      await client.testReports.get(TT, reportId);
      await client.executions.execute(request);
      await client.testCases.get(TT, testCaseId);
      await client.testCases.list(TT);
      expect(ctx.fake.log.map((entry) => entry.status)).toEqual([503, 503, 200, 503, 503, 200, 503, 503, 200, 503, 503, 200]);
      await client.close();
    });

    it('becomes an unavailable error after the retries, naming the attempts', async () => {
      const { client, retries, reportId } = await setup();
      ctx.fake.inject('report', { kind: 'status', status: 503 }, Infinity);
      const error = await client.testReports.get(TT, reportId).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindUnavailableError);
      expect(error).toMatchObject({ code: 'OCTOMIND_UNAVAILABLE', status: 503 });
      expect((error as Error).message).toMatch(new RegExp(`after ${DEFAULTS.maxRetries + 1} attempts \\(HTTP 503\\).*not a test failure`));
      expect(count('/test-reports/')).toBe(DEFAULTS.maxRetries + 1);
      expect(retries).toHaveLength(DEFAULTS.maxRetries);
      await client.close();
    });
  });

  describe('500 on execute', () => {
    it('is not retried, since the run may exist already, and says to look before running again', async () => {
      const { client } = await setup();
      ctx.fake.inject('execute', { kind: 'status', status: 500 });
      const error = await client.executions.execute(request).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindUnavailableError);
      expect((error as Error).message).toMatch(/HTTP 500.*may have started the run anyway/);
      expect(count('/execute')).toBe(1);
      await client.close();
    });
  });

  describe('connection reset mid-body', () => {
    it('is retried on polls and titles', async () => {
      const { client, retries, reportId, testCaseId } = await setup('v3');
      for (const route of ['report', 'testCase', 'testCases'] as const) ctx.fake.inject(route, { kind: 'reset' });
      expect((await client.testReports.get(TT, reportId)).id).toBe(reportId);
      expect((await client.testCases.get(TT, testCaseId)).id).toBe(testCaseId);
      expect(await client.testCases.list(TT)).toHaveLength(2);
      expect(retries.filter((r) => /while reading the body/.test(r.reason))).toHaveLength(3);
      await client.close();
    });

    it('is not retried on execute: the run may have started', async () => {
      const { client } = await setup();
      ctx.fake.inject('execute', { kind: 'reset' });
      const error = await client.executions.execute(request).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindUnavailableError);
      expect((error as Error).message).toMatch(/POST \/apiKey\/v2\/execute after 1 attempt \(.*while reading the body\)\. It was not retried because Octomind may have started the run anyway/);
      expect(count('/execute')).toBe(1);
      await client.close();
    });

    it('becomes an unavailable error when it keeps happening', async () => {
      const { client, reportId } = await setup();
      ctx.fake.inject('report', { kind: 'reset' }, Infinity);
      const error = await client.testReports.get(TT, reportId).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindUnavailableError);
      expect(count('/test-reports/')).toBeGreaterThan(DEFAULTS.maxRetries);
      await client.close();
    });
  });

  describe('malformed JSON', () => {
    it.each(['report', 'execute', 'testCase'] as const)('on %s is an invalid-response error, not retried', async (route) => {
      const { client, reportId, testCaseId } = await setup();
      ctx.fake.inject(route, { kind: 'malformed' });
      const call = { report: () => client.testReports.get(TT, reportId), execute: () => client.executions.execute(request), testCase: () => client.testCases.get(TT, testCaseId) }[route];
      const error = await call().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindInvalidResponseError);
      expect((error as Error).message).toMatch(/not JSON.*update playwright-octomind/);
      expect(ctx.fake.log).toHaveLength(1);
      await client.close();
    });

    it('names the field when the JSON has the wrong shape', async () => {
      const { client } = await setup();
      ctx.fake.inject('execute', { kind: 'status', status: 200, body: JSON.stringify({ testReportUrl: 'x', testReport: { status: 'WAITING' } }) });
      const error = await client.executions.execute(request).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindInvalidResponseError);
      expect(error).toMatchObject({ field: 'testReport.id' });
      await client.close();
    });

    it('a 400 whose body is not zod issues still reads', async () => {
      const { client } = await setup();
      ctx.fake.inject('execute', { kind: 'status', status: 400, body: 'environment "staging" does not exist' });
      const error = await client.executions.execute(request).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindBadRequestError);
      expect((error as Error).message).toMatch(/✖ environment "staging" does not exist/);
      await client.close();
    });
  });

  describe('slow responses', () => {
    it('within the header timeout are simply waited for', async () => {
      // Margin: the answer comes after 300 ms; only a stall of 20 s would make it a timeout.
      const { client, retries, reportId } = await setup('v2', { headersTimeoutMs: 20_000 });
      ctx.fake.inject('report', { kind: 'slow', delayMs: 300 });
      expect((await client.testReports.get(TT, reportId)).id).toBe(reportId);
      expect(retries).toHaveLength(0);
      await client.close();
    });

    it('beyond the header timeout are retried on polls', async () => {
      const { client, retries, reportId } = await setup('v2', { headersTimeoutMs: 200 });
      ctx.fake.inject('report', { kind: 'slow', delayMs: NEVER });
      expect((await client.testReports.get(TT, reportId)).id).toBe(reportId);
      expect(retries).toEqual([expect.objectContaining({ reason: 'UND_ERR_HEADERS_TIMEOUT' })]);
      await client.close();
    });

    it('beyond the header timeout on execute become an error, not a second run', async () => {
      const { client } = await setup('v2', { headersTimeoutMs: 200 });
      ctx.fake.inject('execute', { kind: 'slow', delayMs: NEVER });
      const error = await client.executions.execute(request).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindUnavailableError);
      expect((error as Error).message).toMatch(/UND_ERR_HEADERS_TIMEOUT/);
      expect(count('/execute')).toBe(1);
      await client.close();
    });
  });

  describe('drip-fed bodies (a byte at a time, never idle long enough for bodyTimeoutMs)', () => {
    const DRIP = { kind: 'drip', everyMs: 20 } as const;

    it('a poll past bodyDeadlineMs is a failed poll: retried, then Octomind did not answer, saying why', async () => {
      const { client, retries, reportId } = await setup('v2', { bodyDeadlineMs: 300, maxRetries: 1 });
      ctx.fake.inject('report', DRIP, Infinity);
      const error = await client.testReports.get(TT, reportId).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindUnavailableError);
      expect((error as Error).message).toMatch(/^Octomind did not answer GET \S+ after 2 attempts \(the body did not arrive within 300 ms while reading the body\)\. This is an outage/);
      expect(retries).toEqual([expect.objectContaining({ method: 'GET', attempt: 1, reason: 'the body did not arrive within 300 ms while reading the body' })]);
      expect(count('/test-reports/')).toBe(2);
      await client.close();
    });

    it('execute past bodyDeadlineMs is not sent again: the run may exist already', async () => {
      const { client } = await setup('v2', { bodyDeadlineMs: 300 });
      ctx.fake.inject('execute', DRIP, Infinity);
      const error = await client.executions.execute(request).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindUnavailableError);
      expect((error as Error).message).toMatch(/after 1 attempt \(the body did not arrive within 300 ms while reading the body\)\. It was not retried because Octomind may have started the run anyway/);
      expect(count('/execute')).toBe(1);
      await client.close();
    });

    it('titles drip-fed while a run starts: the start ends at its deadline, the tests named by their ids', async () => {
      const { client } = await setup('v2', { bodyDeadlineMs: 60_000 });
      ctx.fake.inject('testCases', DRIP, Infinity);
      ctx.fake.inject('testCase', DRIP, Infinity);
      const warnings: string[] = [];
      const settings = resolveSettings({ testTargetId: TT, url: 'https://staging.example.com', context: 'manual' }, {}, undefined, true);
      const remote = await RemoteRun.start(client, settings, (m) => warnings.push(m), 500);
      expect(remote.tests.map((t) => t.title).sort()).toEqual(scenario.testTargets[0]!.testCases.map((tc) => `Octomind test ${tc.id}`).sort());
      expect(warnings).toEqual(['The titles of the remote tests did not arrive before the start of the run timed out: they are named by their ids.']);
      await client.close();
    });

    it('execute held past the start deadline: a failed start that says the run may exist', async () => {
      const { client } = await setup('v2', { bodyDeadlineMs: 60_000 });
      ctx.fake.inject('execute', DRIP, Infinity);
      const settings = resolveSettings({ testTargetId: TT, url: 'https://staging.example.com', context: 'manual' }, {}, undefined, true);
      const error = await RemoteRun.start(client, settings, () => {}, 500).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindUnavailableError);
      expect((error as Error).message).toMatch(/^Octomind did not answer POST execute after 1 attempt \(no answer before the start of the run timed out\)\. It was not retried because Octomind may have started the run anyway/);
      await client.close();
    });

    it('a trace past traceBodyDeadlineMs is a failed download: resumed, then given up with the reason', async () => {
      const { client, reportId } = await setup('v2', { traceBodyDeadlineMs: 300, maxRetries: 1 });
      const report = await client.testReports.get(TT, reportId);
      const traceUrl = report.testResults!.find((r) => r.traceUrl)!.traceUrl!;
      ctx.fake.inject('trace', DRIP, Infinity);
      const dir = mkdtempSync(path.join(tmpdir(), 'drip-'));
      const error = await client.traces.download(traceUrl, path.join(dir, 't.zip')).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindTraceDownloadError);
      expect((error as Error).message).toMatch(/the body did not arrive within 300 ms mid-body from 127\.0\.0\.1:\d+, after 2 attempts/);
      expect(readdirSync(dir)).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
      await client.close();
    });
  });

  describe('a result that never finishes', () => {
    it('stays WAITING, and so does the report', async () => {
      const { client, reportId } = await setup();
      ctx.clock.advance(24 * 3600_000);
      const report = await client.testReports.get(TT, reportId);
      expect(report.status).toBe('WAITING');
      expect(report.testResults?.map((r) => r.status)).toEqual(['PASSED', 'WAITING']);
      await client.close();
    });
  });

  describe('no server at all', () => {
    it('connection refused is retried, then an unavailable error', async () => {
      const port = await new Promise<number>((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as { port: number };
          server.close(() => resolve(port));
        });
      });
      const retries: unknown[] = [];
      const client = createOctomindClient({ apiUrl: `http://127.0.0.1:${port}`, apiKey: 'k', apiVersion: 'v2', network: FAST_NETWORK, onRetry: (e) => retries.push(e) });
      const error = await client.testReports.get(TT, TT).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindUnavailableError);
      expect((error as Error).message).toMatch(/ECONNREFUSED/);
      expect(retries).toHaveLength(DEFAULTS.maxRetries);
      await client.close();
    });
  });

  describe('limits and cancellation', () => {
    it('refuses a JSON body over the size limit', async () => {
      const { reportId } = await setup();
      const { client } = clientFor(ctx.fake, { network: { ...FAST_NETWORK, maxJsonBytes: 200 } });
      const error = await client.testReports.get(TT, reportId).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(OctomindInvalidResponseError);
      expect((error as Error).message).toMatch(/exceeds 200 bytes/);
      await client.close();
    });

    it('an abort during the retry pause ends the call at once without another request', async () => {
      // The pause (10 min) outlasts the test's timeout: only the abort can end the call in time.
      const { client, retries, reportId } = await setup('v2', { minRetryDelayMs: NEVER, maxRetryDelayMs: NEVER }, () => 1);
      ctx.fake.inject('report', { kind: 'status', status: 503 }, Infinity);
      const controller = new AbortController();
      const pending = client.testReports.get(TT, reportId, controller.signal).catch((err: unknown) => err);
      await waitFor(() => retries.length === 1, 'the retry pause');
      controller.abort(new Error('stopped by teardown'));
      expect(await pending).toMatchObject({ message: 'stopped by teardown' });
      expect(count('/test-reports/')).toBe(1);
      await client.close();
    });
  });
});
