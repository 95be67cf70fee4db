/**
 * Trace downloads from the fake storage host: byte-identical, resumed after a reset (or started
 * again where the host cannot resume), never with the API key, and nothing left on disk when a
 * download fails.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OctomindTraceDownloadError } from '../../src/api/errors.js';
import { TraceDownloader } from '../../src/api/traces.js';
import { TRACES_DIR } from '../../fixtures/fake-octomind/trace-host.js';
import { TRACE_HOSTS, testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { FAST_NETWORK, NEVER, clientFor, manualContext, tempDir, useFakeOctomind, waitFor } from '../helpers/fake.js';

const TT = '3435918b-3d29-4ebd-8c68-9a540532f45a';

const scenario: Scenario = {
  testTargets: [
    {
      id: TT,
      testCases: [
        testCase('PASSED', { status: 'PASSED', afterMs: 0, trace: 'passed' }),
        testCase('FAILED', { status: 'FAILED', afterMs: 0, errorMessage: 'boom', trace: 'failed' }),
        ...Object.entries(TRACE_HOSTS).map(([name, traceHost]) => testCase(name, { status: 'PASSED', afterMs: 0, trace: 'passed', traceHost })),
      ],
    },
  ],
};

describe('trace download', () => {
  const ctx = useFakeOctomind();
  let work: ReturnType<typeof tempDir>;
  let traceUrls: Record<string, string>;
  beforeEach(async () => {
    work = tempDir();
    ctx.fake.setScenario(scenario);
    const { client } = clientFor(ctx.fake);
    const { testReport } = await client.executions.execute({ testTargetId: TT, url: 'https://x.example.com', context: manualContext });
    const report = await client.testReports.get(TT, testReport.id);
    const titles = new Map(scenario.testTargets[0]!.testCases.map((tc) => [tc.id, tc.description]));
    traceUrls = Object.fromEntries((report.testResults ?? []).map((r) => [titles.get(r.testCaseId!), r.traceUrl!]));
    await client.close();
    ctx.fake.log.length = 0;
  });
  afterEach(() => work.cleanup());

  const downloader = (network = {}) => new TraceDownloader({ network: { ...FAST_NETWORK, ...network } });
  const served = (name: string) => readFileSync(path.join(TRACES_DIR, `${name}.zip`));
  const files = () => readdirSync(work.dir);

  it.each([
    ['PASSED', 'passed'],
    ['FAILED', 'failed'],
  ])('downloads the %s trace byte-identical to the served zip', async (status, name) => {
    const traces = downloader();
    const destination = path.join(work.dir, `${name}.zip`);
    const result = await traces.download(traceUrls[status]!, destination);
    expect(result.bytes).toBe(served(name).length);
    expect(readFileSync(destination).equals(served(name))).toBe(true);
    expect(files()).toEqual([`${name}.zip`]);
    await traces.close();
  });

  it('sends no API key to the trace host', async () => {
    const traces = downloader();
    await traces.download(traceUrls.PASSED!, path.join(work.dir, 't.zip'));
    expect(ctx.fake.log).toEqual([expect.objectContaining({ listener: 'trace', apiKeyHeader: false, keySeen: false, status: 200 })]);
    await traces.close();
  });

  it('resumes with a Range request after a reset mid-body, and the file is still identical', async () => {
    const traces = downloader();
    ctx.fake.inject('trace', { kind: 'reset' });
    const destination = path.join(work.dir, 't.zip');
    await traces.download(traceUrls.FAILED!, destination);
    expect(readFileSync(destination).equals(served('failed'))).toBe(true);
    expect(ctx.fake.log).toHaveLength(2);
    expect(ctx.fake.log[1]).toMatchObject({ range: expect.stringMatching(/^bytes=[1-9]\d*-$/), ifRange: expect.stringMatching(/^"/), status: 206 });
    await traces.close();
  });

  const request = (entry: { status?: number; range?: string; ifRange?: string }) => [entry.status, entry.range ? `${entry.range} if-range ${entry.ifRange ?? '(none)'}` : 'whole'];
  const resumed = `bytes=${served('passed').length >> 1}-`;
  // Each host drops its first answer mid-body; the replacement of `passed` is `failed`.
  it.each([
    ['ignores ranges', 'passed', [[200, 'whole'], [200, expect.stringContaining(resumed)]]],
    ['wrong Content-Range', 'passed', [[200, 'whole'], [206, expect.stringContaining(resumed)], [200, 'whole']]],
    ['416', 'passed', [[200, 'whole'], [416, expect.stringContaining(resumed)], [200, 'whole']]],
    ['replaced, If-Range honoured', 'failed', [[200, 'whole'], [200, expect.stringContaining(resumed)]]],
    ['replaced, If-Range ignored', 'failed', [[200, 'whole'], [206, expect.stringContaining(resumed)], [200, 'whole']]],
    ['Last-Modified only', 'passed', [[200, 'whole'], [206, expect.stringMatching(/if-range \w{3}, \d\d \w{3} \d{4} [\d:]{8} GMT$/)]]],
  ])('a host with %s: the file is byte-identical to one whole version (%s)', async (host, version, requests) => {
    const traces = downloader();
    const destination = path.join(work.dir, 't.zip');
    const result = await traces.download(traceUrls[host]!, destination);
    expect(ctx.fake.log.map(request)).toEqual(requests);
    const file = readFileSync(destination);
    expect(file.equals(served(version)), `byte-identical to ${version}.zip`).toBe(true);
    expect(result.bytes).toBe(file.length);
    expect(files()).toEqual(['t.zip']);
    await traces.close();
  });

  it('one retry budget per download: a restart after a 416 counts, and the last failure is named', async () => {
    const traces = downloader({ maxRetries: 1 });
    const error = await traces.download(traceUrls['416']!, path.join(work.dir, 't.zip')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindTraceDownloadError);
    expect((error as Error).message).toMatch(/HTTP 416 to a resumed request from 127\.0\.0\.1:\d+, after 2 attempts/);
    expect(ctx.fake.log.map((entry) => entry.status)).toEqual([200, 416]);
    expect(files()).toEqual([]);
    await traces.close();
  });

  it('leaves no file when the connection keeps breaking', async () => {
    const traces = downloader();
    ctx.fake.inject('trace', { kind: 'reset' }, Infinity);
    const error = await traces.download(traceUrls.FAILED!, path.join(work.dir, 't.zip')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindTraceDownloadError);
    expect(error).toMatchObject({ code: 'OCTOMIND_TRACE_DOWNLOAD' });
    expect(files()).toEqual([]);
    await traces.close();
  });

  it('retries a 503 from the storage host', async () => {
    const traces = downloader();
    ctx.fake.inject('trace', { kind: 'status', status: 503 });
    await traces.download(traceUrls.PASSED!, path.join(work.dir, 't.zip'));
    expect(ctx.fake.log.map((entry) => entry.status)).toEqual([503, 200]);
    await traces.close();
  });

  it('says an expired trace (404) is gone after 60 days, and writes nothing', async () => {
    const traces = downloader();
    ctx.fake.inject('trace', { kind: 'status', status: 404 });
    const error = await traces.download(traceUrls.PASSED!, path.join(work.dir, 't.zip')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindTraceDownloadError);
    expect((error as Error).message).toMatch(/HTTP 404.*60 days/);
    expect(ctx.fake.log).toHaveLength(1);
    expect(files()).toEqual([]);
    await traces.close();
  });

  it('refuses a trace over the size limit by its Content-Length, before writing', async () => {
    const traces = downloader({ maxTraceBytes: 10_000 });
    const error = await traces.download(traceUrls.PASSED!, path.join(work.dir, 't.zip')).catch((err: unknown) => err);
    expect((error as Error).message).toMatch(/larger than the 10000-byte limit/);
    expect(files()).toEqual([]);
    await traces.close();
  });

  it('refuses a trace over the size limit while streaming when there is no Content-Length', async () => {
    const traces = downloader({ maxTraceBytes: 20_000 });
    ctx.fake.inject('trace', { kind: 'chunked' });
    const error = await traces.download(traceUrls.PASSED!, path.join(work.dir, 't.zip')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindTraceDownloadError);
    expect((error as Error).message).toMatch(/larger than the 20000-byte limit/);
    expect(files()).toEqual([]);
    await traces.close();
  });

  it('still downloads a chunked trace within the limit', async () => {
    const traces = downloader();
    ctx.fake.inject('trace', { kind: 'chunked' });
    const destination = path.join(work.dir, 't.zip');
    await traces.download(traceUrls.PASSED!, destination);
    expect(readFileSync(destination).equals(served('passed'))).toBe(true);
    await traces.close();
  });

  it('refuses what is not a zip (a corrupt file or an error page)', async () => {
    const traces = downloader();
    ctx.fake.inject('trace', { kind: 'malformed' });
    const error = await traces.download(traceUrls.PASSED!, path.join(work.dir, 't.zip')).catch((err: unknown) => err);
    expect((error as Error).message).toMatch(/did not send a zip/);
    expect(files()).toEqual([]);
    await traces.close();
  });

  it('follows a storage redirect, still without the key', async () => {
    const traces = downloader();
    ctx.fake.inject('trace', { kind: 'redirect', location: traceUrls.FAILED! });
    const destination = path.join(work.dir, 't.zip');
    await traces.download(traceUrls.PASSED!, destination);
    expect(readFileSync(destination).equals(served('failed'))).toBe(true);
    expect(ctx.fake.log.map((entry) => [entry.status, entry.apiKeyHeader, entry.keySeen])).toEqual([
      [302, false, false],
      [200, false, false],
    ]);
    await traces.close();
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/t.zip', 'not a url'])('fetches only http(s) URLs: %s', async (url) => {
    const traces = downloader();
    const error = await traces.download(url, path.join(work.dir, 't.zip')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindTraceDownloadError);
    expect(ctx.fake.log).toHaveLength(0);
    await traces.close();
  });

  it('an abort mid-download stops at once and leaves no file', async () => {
    const traces = downloader();
    // The answer never comes within the test's timeout: only the abort can end the download.
    ctx.fake.inject('trace', { kind: 'slow', delayMs: NEVER });
    const controller = new AbortController();
    const pending = traces.download(traceUrls.PASSED!, path.join(work.dir, 't.zip'), controller.signal).catch((err: unknown) => err);
    await waitFor(() => ctx.fake.log.length === 1, 'the trace request');
    controller.abort(new Error('teardown'));
    expect(await pending).toMatchObject({ message: 'teardown' });
    expect(files()).toEqual([]);
    await traces.close();
  });
});
