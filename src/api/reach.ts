/**
 * Whether a URL answers from this machine, through the proxy in effect and without the API key:
 * the deployment under test, the trace storage host. Any HTTP status is an answer.
 */
import { DEFAULTS, type NetworkOptions } from '../defaults.js';
import { OctomindUnavailableError } from './errors.js';
import { networkFailure } from './network-failure.js';
import { createAgent, type ProxySettings } from './proxy.js';
import { describeFailure } from './retry.js';

export async function reach(target: string, proxies: ProxySettings, network: Partial<NetworkOptions> = {}): Promise<number> {
  const url = new URL(target);
  const agent = createAgent({ ...DEFAULTS, ...network }, { connections: 1 }, proxies);
  try {
    // One byte where the host serves ranges: a trace may be hundreds of MB.
    const { statusCode, body } = await agent.request({ origin: url.origin, path: url.pathname + url.search, method: 'GET', headers: { range: 'bytes=0-0' } });
    await body.dump();
    return statusCode;
  } catch (err) {
    const error = err as Error & { code?: string };
    throw networkFailure(error, url.origin, proxies) ?? new OctomindUnavailableError(`GET ${url.host}`, 1, describeFailure(error));
  } finally {
    await agent.close();
  }
}
