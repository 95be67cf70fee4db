import { resolveApiBase } from './base-url.js';
import type { NetworkOptions } from '../defaults.js';
import { EnvironmentsApi } from './environments.js';
import { proxySettings, type ProxySettings } from './proxy.js';
import { reach } from './reach.js';
import { ExecutionsApi } from './executions.js';
import type { RetryEvent } from './retry.js';
import type { ApiVersion } from './schemas.js';
import { TestCasesApi } from './test-cases.js';
import { TestReportsApi } from './test-reports.js';
import { TraceDownloader } from './traces.js';
import { ApiTransport } from './transport.js';
import { UnknownValueReporter } from './unknown-values.js';

export interface OctomindClientOptions {
  /** With or without the trailing `/api`. */
  apiUrl: string;
  apiKey: string;
  apiVersion: ApiVersion;
  network?: Partial<NetworkOptions>;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY; by default read from the environment. */
  proxies?: ProxySettings;
  onRetry?: (event: RetryEvent) => void;
  onWarning?: (message: string) => void;
  random?: () => number;
}

export interface OctomindClient {
  readonly apiUrl: string;
  /** Where Octomind's web app lives, e.g. `https://app.octomind.dev`. */
  readonly appOrigin: string;
  readonly executions: ExecutionsApi;
  readonly testReports: TestReportsApi;
  readonly testCases: TestCasesApi;
  readonly environments: EnvironmentsApi;
  /** Holds no API key: trace URLs point at another host. */
  readonly traces: TraceDownloader;
  /** The HTTP status a URL answers from here (no API key, through the proxy in effect). */
  reach(url: string): Promise<number>;
  close(): Promise<void>;
}

export function createOctomindClient(options: OctomindClientOptions): OctomindClient {
  const { apiUrl, appOrigin } = resolveApiBase(options.apiUrl);
  const proxies = options.proxies ?? proxySettings();
  const hooks = { network: options.network, proxies, ...(options.onRetry && { onRetry: options.onRetry }), ...(options.random && { random: options.random }) };
  const transport = new ApiTransport({ apiUrl, apiKey: options.apiKey, ...hooks });
  const unknownValues = new UnknownValueReporter(options.onWarning ?? ((message) => console.warn(message)));
  const traces = new TraceDownloader(hooks);
  return {
    apiUrl,
    appOrigin,
    executions: new ExecutionsApi(transport, options.apiVersion, unknownValues),
    testReports: new TestReportsApi(transport, options.apiVersion, unknownValues),
    testCases: new TestCasesApi(transport, options.apiVersion),
    environments: new EnvironmentsApi(transport),
    traces,
    reach: (url) => reach(url, proxies, options.network),
    close: async () => {
      await Promise.all([transport.close(), traces.close()]);
    },
  };
}
