/**
 * Corporate proxies. HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read as undici's EnvHttpProxyAgent
 * reads them (the lower-case name first), once, and handed to it explicitly: so the proxy a message
 * names is the one undici used. HTTPS goes through a CONNECT tunnel: the proxy sees host and port,
 * the API key travels only inside TLS. A company CA that re-signs TLS is trusted through Node's own
 * NODE_EXTRA_CA_CERTS, which undici's TLS honours.
 */
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { NetworkOptions } from '../defaults.js';

export interface ProxySettings {
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string;
}

export function proxySettings(env: Record<string, string | undefined> = process.env): ProxySettings {
  return {
    httpProxy: env.http_proxy ?? env.HTTP_PROXY ?? undefined,
    httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? undefined,
    noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
  };
}

/** An Agent with the network's timeouts, or where a proxy is set an EnvHttpProxyAgent with the same options. */
export function createAgent(
  network: Pick<NetworkOptions, 'connectTimeoutMs' | 'headersTimeoutMs' | 'bodyTimeoutMs'>,
  limits: Pick<Agent.Options, 'connections' | 'maxResponseSize'>,
  proxies: ProxySettings,
): Dispatcher {
  const options: Agent.Options = { connect: { timeout: network.connectTimeoutMs }, headersTimeout: network.headersTimeoutMs, bodyTimeout: network.bodyTimeoutMs, ...limits };
  if (!proxies.httpProxy && !proxies.httpsProxy) return new Agent(options);
  return new EnvHttpProxyAgent({ ...options, ...(proxies.httpProxy && { httpProxy: proxies.httpProxy }), ...(proxies.httpsProxy && { httpsProxy: proxies.httpsProxy }), noProxy: proxies.noProxy });
}

/** The proxy a request to `origin` goes through, or undefined when it goes direct (EnvHttpProxyAgent's rules). */
export function proxyFor(origin: string, proxies: ProxySettings): string | undefined {
  const url = new URL(origin);
  const proxy = url.protocol === 'https:' ? (proxies.httpsProxy ?? proxies.httpProxy) : proxies.httpProxy;
  if (!proxy) return undefined;
  const hostname = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || (url.protocol === 'https:' ? 443 : 80);
  const noProxy = proxies.noProxy.trim();
  if (noProxy === '*') return undefined;
  for (const entry of noProxy.split(/[,\s]/).filter(Boolean)) {
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const host = (parsed ? parsed[1]! : entry).replace(/^\*?\./, '').toLowerCase();
    if (parsed && Number.parseInt(parsed[2]!, 10) !== port) continue;
    if (hostname === host || hostname.endsWith(`.${host}`)) return undefined;
  }
  return proxy;
}

/** A proxy URL fit for a message: no user, no password. */
export function shownProxy(proxy: string): string {
  try {
    const url = new URL(proxy);
    url.username = '';
    url.password = '';
    return url.href.replace(/\/$/, '');
  } catch {
    return '(a proxy URL that is not a URL)';
  }
}
