/**
 * Corporate proxies, against a real CONNECT proxy on loopback and the fake Octomind: every request
 * goes through the proxy (or direct where NO_PROXY says), a refused tunnel and an unreachable proxy
 * are errors that name the proxy without its credentials, and say what to fix.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OctomindProxyError, OctomindTraceDownloadError } from '../../src/api/errors.js';
import { proxyFor, proxySettings, shownProxy } from '../../src/api/proxy.js';
import { testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { startProxy, type LoggingProxy } from '../helpers/proxy.js';
import { clientFor, manualContext, useFakeOctomind } from '../helpers/fake.js';

const TT = '3435918b-3d29-4ebd-8c68-9a540532f45a';
const scenario: Scenario = { testTargets: [{ id: TT, testCases: [testCase('done', { status: 'PASSED', afterMs: 0, trace: 'passed' })] }] };
const request = { testTargetId: TT, url: 'https://staging.example.com', context: manualContext };

describe('proxy settings, as undici reads them', () => {
  it('lower case first, and NO_PROXY by host, subdomain and port', () => {
    expect(proxySettings({ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1', NO_PROXY: 'a', no_proxy: 'b' })).toEqual({ httpProxy: undefined, httpsProxy: 'http://lower:1', noProxy: 'b' });
    const proxies = { httpProxy: 'http://plain:3128', httpsProxy: 'http://secure:3128', noProxy: 'internal.example.com, .corp:8443 *.test' };
    expect(proxyFor('https://app.octomind.dev', proxies)).toBe('http://secure:3128');
    expect(proxyFor('http://127.0.0.1:4010', proxies)).toBe('http://plain:3128');
    expect(proxyFor('https://internal.example.com', proxies)).toBeUndefined();
    expect(proxyFor('https://api.internal.example.com', proxies)).toBeUndefined();
    expect(proxyFor('https://x.corp:8443', proxies)).toBeUndefined();
    expect(proxyFor('https://x.corp', proxies)).toBe('http://secure:3128');
    expect(proxyFor('https://a.test', proxies)).toBeUndefined();
    expect(proxyFor('https://app.octomind.dev', { ...proxies, noProxy: '*' })).toBeUndefined();
    expect(proxyFor('https://app.octomind.dev', { httpProxy: 'http://plain:3128', httpsProxy: undefined, noProxy: '' })).toBe('http://plain:3128');
  });

  it('a proxy is shown without its credentials', () => {
    expect(shownProxy('http://jane:s%40cret@proxy.corp:3128/')).toBe('http://proxy.corp:3128');
  });
});

describe('through a CONNECT proxy', () => {
  const ctx = useFakeOctomind();
  const proxies: LoggingProxy[] = [];
  afterEach(async () => {
    for (const proxy of proxies.splice(0)) await proxy.close();
  });

  async function proxy(credentials?: { user: string; password: string }) {
    const started = await startProxy(credentials);
    proxies.push(started);
    return started;
  }

  it('every API and trace request goes through the proxy, none direct', async () => {
    ctx.fake.setScenario(scenario);
    const p = await proxy();
    const { client } = clientFor(ctx.fake, { proxies: { httpProxy: p.url, httpsProxy: undefined, noProxy: '' } });
    const { testReport } = await client.executions.execute(request);
    const report = await client.testReports.get(TT, testReport.id);
    const dir = mkdtempSync(path.join(tmpdir(), 'proxy-'));
    await client.traces.download(report.testResults![0]!.traceUrl!, path.join(dir, 't.zip'));
    rmSync(dir, { recursive: true, force: true });
    await client.close();
    const api = new URL(ctx.fake.apiUrl).host;
    const traces = new URL(ctx.fake.traceOrigin).host;
    expect(new Set(p.tunnels.map((t) => t.target))).toEqual(new Set([api, traces]));
    expect(p.tunnels.every((t) => t.authorized)).toBe(true);
    expect(ctx.fake.log.map((entry) => entry.listener)).toEqual(['api', 'api', 'trace']);
  });

  it('NO_PROXY lets the API host go direct', async () => {
    ctx.fake.setScenario(scenario);
    const p = await proxy();
    const { client } = clientFor(ctx.fake, { proxies: { httpProxy: p.url, httpsProxy: undefined, noProxy: '127.0.0.1' } });
    await client.executions.execute(request);
    await client.close();
    expect(p.tunnels).toEqual([]);
  });

  it('a wrong proxy password: the 407, naming the proxy without the credentials, and the fix', async () => {
    ctx.fake.setScenario(scenario);
    const p = await proxy({ user: 'jane', password: 'right' });
    const wrong = p.url.replace(':right@', ':wrong-password@');
    const { client } = clientFor(ctx.fake, { proxies: { httpProxy: wrong, httpsProxy: undefined, noProxy: '' } });
    const error = await client.executions.execute(request).catch((err: unknown) => err);
    await client.close();
    expect(error).toBeInstanceOf(OctomindProxyError);
    const message = (error as Error).message;
    expect(message).toMatch(/^The proxy http:\/\/127\.0\.0\.1:\d+ answered HTTP 407 \(Proxy Authentication Required\) on the way to 127\.0\.0\.1:\d+\. Check HTTPS_PROXY/);
    expect(message).not.toMatch(/jane|wrong-password/);
    expect(p.tunnels).toEqual([expect.objectContaining({ authorized: false })]);
    expect(ctx.fake.log).toEqual([]);
  });

  it('an unreachable proxy: named, with the fix; a trace download says so in its note', async () => {
    ctx.fake.setScenario(scenario);
    const { client: direct } = clientFor(ctx.fake);
    const { testReport } = await direct.executions.execute(request);
    const traceUrl = (await direct.testReports.get(TT, testReport.id)).testResults![0]!.traceUrl!;
    await direct.close();
    const closed = await freePort();
    const dead = `http://jane:secret@127.0.0.1:${closed}`;
    const { client } = clientFor(ctx.fake, { proxies: { httpProxy: dead, httpsProxy: undefined, noProxy: '' }, network: { maxRetries: 1, minRetryDelayMs: 1, maxRetryDelayMs: 5 } });
    const error = await client.testReports.get(TT, testReport.id).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindProxyError);
    expect((error as Error).message).toMatch(new RegExp(`^The proxy http://127\\.0\\.0\\.1:${closed} could not be reached \\(ECONNREFUSED\\)`));
    const dir = mkdtempSync(path.join(tmpdir(), 'proxy-'));
    const traceError = await client.traces.download(traceUrl, path.join(dir, 't.zip')).catch((err: unknown) => err);
    rmSync(dir, { recursive: true, force: true });
    await client.close();
    expect(traceError).toBeInstanceOf(OctomindTraceDownloadError);
    expect((traceError as Error).message).toMatch(/^The remote trace could not be downloaded: The proxy http:\/\/127\.0\.0\.1:\d+ could not be reached/);
    expect(`${(error as Error).message}${(traceError as Error).message}`).not.toContain('secret');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
