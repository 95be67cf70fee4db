/**
 * Behind a corporate proxy, end to end: `npx playwright test` with HTTPS_PROXY pointing at a real
 * CONNECT proxy on loopback, the fake Octomind served over TLS by a throwaway CA that only
 * NODE_EXTRA_CA_CERTS makes trusted, as a company's re-signing proxy would.
 */
import { rmSync } from 'node:fs';
import { afterAll, afterEach, expect, test } from 'vitest';
import { matrixScenario } from './fault-matrix.js';
import { annotation, flatten, local, octomindEnv, remote, runPlaywright } from './harness.js';
import { useFixture } from './use-fixture.js';
import { startProxy, type LoggingProxy } from '../helpers/proxy.js';
import { throwawayCa } from '../helpers/tls.js';

const ca = throwawayCa();
afterAll(() => rmSync(ca.dir, { recursive: true, force: true }));
const e2e = useFixture('basic', { tls: { key: ca.key, cert: ca.cert } });
const proxies: LoggingProxy[] = [];
afterEach(async () => {
  for (const proxy of proxies.splice(0)) await proxy.close();
});

async function proxy(credentials?: { user: string; password: string }): Promise<LoggingProxy> {
  const started = await startProxy(credentials);
  proxies.push(started);
  return started;
}

function run(env: Record<string, string>) {
  e2e.fake.setScenario(matrixScenario(e2e.fake.testTargetId));
  e2e.fake.clearFaults();
  return runPlaywright(e2e.project, ['test'], { env: octomindEnv(e2e.fake, env) });
}

test('every API and trace request goes through the proxy, the key only inside TLS; the remote results are complete', async () => {
  const p = await proxy({ user: 'ci', password: 's3cret' });
  const result = await run({ HTTPS_PROXY: p.url, NODE_EXTRA_CA_CERTS: ca.caFile });
  const tests = flatten(result.json!);
  expect(local(tests).map((t) => t.status)).toEqual(['expected', 'expected', 'skipped']);
  expect(remote(tests).map((t) => [t.title, t.status])).toEqual([
    ['remote checkout', 'expected'],
    ['remote login', 'expected'],
  ]);
  for (const t of remote(tests)) expect(t.results[0]!.attachments.some((a) => a.name === 'trace')).toBe(true);
  const hosts = new Set(p.tunnels.map((t) => t.target));
  expect(hosts).toEqual(new Set([new URL(e2e.fake.apiUrl).host, new URL(e2e.fake.traceOrigin).host]));
  expect(p.tunnels.every((t) => t.authorized)).toBe(true);
  // Every request the fake saw came through a tunnel: there is no other way to it in this run.
  expect(e2e.fake.log.length).toBeGreaterThan(0);
  // What the client sent through the proxy: the CONNECTs in clear, then the requests, every one with
  // X-API-Key, inside TLS.
  const traffic = p.received();
  expect(traffic.toString('latin1')).toContain(`CONNECT ${new URL(e2e.fake.apiUrl).host} HTTP/1.1`);
  expect(traffic.length).toBeGreaterThan(1_000);
  expect(traffic.includes(Buffer.from(e2e.fake.apiKey))).toBe(false);
  expect(result.code).toBe(0);
});

test('a wrong proxy password: one failed remote test with the 407, the proxy named without credentials; local tests as before', async () => {
  const p = await proxy({ user: 'ci', password: 's3cret' });
  const result = await run({ HTTPS_PROXY: p.url.replace(':s3cret@', ':wrong@'), NODE_EXTRA_CA_CERTS: ca.caFile });
  const tests = flatten(result.json!);
  expect(local(tests).map((t) => t.status)).toEqual(['expected', 'expected', 'skipped']);
  const [sentinel, ...more] = remote(tests);
  expect(more).toEqual([]);
  expect(sentinel!.title).toBe('Octomind: the remote run could not start');
  const message = sentinel!.results[0]!.error!.message!;
  expect(message).toMatch(/The proxy http:\/\/127\.0\.0\.1:\d+ answered HTTP 407 \(Proxy Authentication Required\) on the way to 127\.0\.0\.1:\d+\. Check HTTPS_PROXY/);
  expect(`${message}${result.stdout}${result.stderr}`).not.toMatch(/s3cret|:wrong@/);
  expect(result.code).toBe(1);
});

test('without the CA: one failed remote test that says the certificate is not trusted and names NODE_EXTRA_CA_CERTS', async () => {
  const p = await proxy();
  const result = await run({ HTTPS_PROXY: p.url });
  const tests = flatten(result.json!);
  expect(local(tests).map((t) => t.status)).toEqual(['expected', 'expected', 'skipped']);
  const [sentinel] = remote(tests);
  expect(sentinel!.title).toBe('Octomind: the remote run could not start');
  expect(sentinel!.results[0]!.error!.message).toMatch(
    /The TLS certificate of 127\.0\.0\.1:\d+ is not trusted \([A-Z_]+\); the connection went through the proxy http:\/\/127\.0\.0\.1:\d+\. .*set NODE_EXTRA_CA_CERTS/,
  );
  expect(annotation(sentinel!, 'octomind.status')).toBeUndefined();
  expect(result.code).toBe(1);
});
