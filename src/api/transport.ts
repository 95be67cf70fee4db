/**
 * The one place that speaks HTTP to the Octomind API: undici with timeouts on every request,
 * retries through undici's RetryHandler, response size limit, and the mapping of statuses to the
 * typed errors. Resources above it only name a path, a schema and what a 404 means.
 */
import { interceptors, type Dispatcher, type RetryHandler } from 'undici';
import type { z } from 'zod';
import { DEFAULTS, type NetworkOptions } from '../defaults.js';
import {
  OctomindAuthError,
  OctomindBadRequestError,
  OctomindConfigError,
  OctomindInvalidResponseError,
  OctomindNotFoundError,
  OctomindUnavailableError,
  type BadRequestIssue,
} from './errors.js';
import { createRetry, backoffDelay, describeFailure, parseRetryAfter, type RetryEvent } from './retry.js';
import { zodIssuesResponseSchema } from './schemas.js';
import { cleanLine } from '../text/clean.js';
import { bodyDeadline } from './body-deadline.js';
import { networkFailure } from './network-failure.js';
import { createAgent, proxySettings, type ProxySettings } from './proxy.js';
import { redact } from './redact.js';
import { sleep } from './sleep.js';

/** Reads are idempotent: every transient failure is retried (the policy's lists are in defaults.ts). */
const READ_RETRY: RetryHandler.RetryOptions = {
  methods: ['GET'],
  statusCodes: [...DEFAULTS.retryStatusCodes],
  errorCodes: [...DEFAULTS.retryErrorCodes],
};

/** Execute only where the server cannot have acted on it (see `triggerRetryStatusCodes`). */
const TRIGGER_RETRY: RetryHandler.RetryOptions = {
  methods: ['POST'],
  statusCodes: [...DEFAULTS.triggerRetryStatusCodes],
  errorCodes: [...DEFAULTS.triggerRetryErrorCodes],
};

const BODY_FAILURES: ReadonlySet<string> = new Set(DEFAULTS.retryBodyErrorCodes);

interface TransportHooks {
  onRetry?: (event: RetryEvent) => void;
}

export interface TransportOptions extends TransportHooks {
  apiUrl: string;
  apiKey: string;
  network?: Partial<NetworkOptions> | undefined;
  /** By default read from the environment, as undici's EnvHttpProxyAgent reads it. */
  proxies?: ProxySettings | undefined;
  /** Injected for deterministic tests of the backoff. */
  random?: () => number;
}

export interface NotFoundMeaning {
  resource: string;
  id: string;
  hint: string;
}

export interface ApiCall<S extends z.ZodType> {
  method: 'GET' | 'POST';
  /** Relative to the API base, e.g. `/apiKey/v2/execute`. */
  path: string;
  body?: unknown;
  schema: S;
  notFound: NotFoundMeaning;
  signal?: AbortSignal | undefined;
}

type ErrorWithCode = Error & { code?: string; statusCode?: number; headers?: Record<string, string | string[] | undefined> };

export class ApiTransport {
  private readonly network: NetworkOptions;
  private readonly dispatcher: Dispatcher;
  private readonly agent: Dispatcher;
  private readonly proxies: ProxySettings;
  private readonly apiUrl: string;
  private readonly apiKey: string;
  private readonly random: () => number;
  private readonly hooks: TransportHooks;

  constructor(options: TransportOptions) {
    if (!options.apiKey) throw new OctomindConfigError('OCTOMIND_API_KEY', 'is empty. Set it to an API key from the Octomind app (Settings → API keys).');
    this.network = { ...DEFAULTS, ...options.network };
    this.apiUrl = options.apiUrl;
    this.apiKey = options.apiKey;
    this.random = options.random ?? Math.random;
    this.hooks = { onRetry: options.onRetry ?? (() => {}) };
    this.proxies = options.proxies ?? proxySettings();
    this.agent = createAgent(this.network, { maxResponseSize: this.network.maxJsonBytes, connections: this.network.maxApiConnections }, this.proxies);
    // No redirect interceptor on purpose: a redirect must never carry X-API-Key to another host.
    this.dispatcher = this.agent.compose(
      interceptors.retry({ retry: createRetry(this.network, this.hooks.onRetry, this.random), maxRetries: this.network.maxRetries }),
    );
  }

  async json<S extends z.ZodType>(call: ApiCall<S>): Promise<z.infer<S>> {
    const what = `${call.method} ${call.path}`;
    for (let attempt = 1; ; attempt++) {
      const response = await this.send(call, what);
      const deadline = bodyDeadline(response.body, this.network.bodyDeadlineMs);
      let text: string;
      try {
        text = await response.body.text();
      } catch (err) {
        const error = err as ErrorWithCode;
        if (call.signal?.aborted) throw call.signal.reason;
        if (error.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
          throw new OctomindInvalidResponseError(what, '', `the body exceeds ${this.network.maxJsonBytes} bytes`, { status: response.statusCode });
        }
        // undici resumes a broken body with a Range request; a JSON API answers that with a full
        // 200, which undici refuses. Asking again from scratch is safe for reads only.
        if (call.method === 'GET' && attempt <= this.network.maxRetries && BODY_FAILURES.has(error.code ?? '')) {
          const delayMs = backoffDelay(attempt, this.network, this.random);
          this.hooks.onRetry?.({ method: call.method, path: call.path, attempt, delayMs, reason: `${describeFailure(error)} while reading the body` });
          await sleep(delayMs, call.signal);
          continue;
        }
        throw new OctomindUnavailableError(what, attempt, `${describeFailure(error)} while reading the body`, {
          mayHaveStarted: call.method === 'POST',
          status: response.statusCode,
          cause: sanitize(error),
        });
      } finally {
        deadline.clear();
      }
      return this.interpret(call, what, response.statusCode, response.headers, text);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async send(call: ApiCall<z.ZodType>, what: string): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = { 'x-api-key': this.apiKey, accept: 'application/json' };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const policy = call.method === 'GET' ? READ_RETRY : TRIGGER_RETRY;
    const url = new URL(`${this.apiUrl}${call.path}`);
    // undici's retry interceptor reads per-request `retryOptions` from the dispatch options.
    const options: Dispatcher.RequestOptions & { retryOptions: RetryHandler.RetryOptions } = {
      origin: url.origin,
      path: url.pathname + url.search,
      method: call.method,
      headers,
      body: call.body === undefined ? null : JSON.stringify(call.body),
      signal: call.signal ?? null,
      retryOptions: policy,
    };
    try {
      return await this.dispatcher.request(options);
    } catch (err) {
      if (call.signal?.aborted) throw call.signal.reason;
      const error = err as ErrorWithCode;
      const network = networkFailure(error, url.origin, this.proxies);
      if (network) throw network;
      // undici gives up only after maxRetries on what the policy retries; anything else failed at once.
      const retried =
        error.code === 'UND_ERR_REQ_RETRY'
          ? policy.statusCodes?.includes(error.statusCode ?? 0)
          : policy.errorCodes?.includes(error.code ?? '');
      throw new OctomindUnavailableError(what, retried ? this.network.maxRetries + 1 : 1, describeFailure(error), {
        mayHaveStarted: call.method === 'POST' && !retried,
        status: error.statusCode,
        retryAfterMs: parseRetryAfter(error.headers?.['retry-after']),
        cause: sanitize(error),
      });
    }
  }

  private interpret<S extends z.ZodType>(
    call: ApiCall<S>,
    what: string,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    text: string,
  ): z.infer<S> {
    const body = redact(text, this.apiKey);
    if (status === 401 || status === 403) throw new OctomindAuthError(what, status);
    if (status === 404) throw new OctomindNotFoundError(call.notFound.resource, call.notFound.id, call.notFound.hint);
    if (status === 400) throw new OctomindBadRequestError(what, readIssues(body));
    if (status >= 300 && status < 400) {
      const location = cleanLine(redact(String(headers.location ?? '(no Location)'), this.apiKey));
      throw new OctomindConfigError(
        'apiUrl (OCTOMIND_API_URL)',
        `answered ${what} with HTTP ${status} to ${location}. The API key is never sent on a redirect: set OCTOMIND_API_URL to the final API base.`,
      );
    }
    if (status >= 500 || status === 429) {
      throw new OctomindUnavailableError(what, 1, `HTTP ${status}`, { status, mayHaveStarted: call.method === 'POST', retryAfterMs: parseRetryAfter(headers['retry-after']) });
    }
    if (status < 200 || status >= 300) {
      throw new OctomindInvalidResponseError(what, '', `unexpected HTTP ${status}`, { status });
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new OctomindInvalidResponseError(what, '', `the body is not JSON (starts with ${cleanLine(JSON.stringify(body.slice(0, 40)))})`, { status });
    }
    const parsed = call.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new OctomindInvalidResponseError(what, issue ? formatPath(issue.path) : '', cleanLine(issue?.message ?? 'does not match the API schema'), { status });
    }
    return parsed.data;
  }
}

function readIssues(body: string): BadRequestIssue[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body.trim() ? [{ path: '', message: cleanLine(body.trim().slice(0, 500)) }] : [];
  }
  const parsed = zodIssuesResponseSchema.safeParse(json);
  if (!parsed.success) return [{ path: '', message: cleanLine(JSON.stringify(json).slice(0, 500)) }];
  return parsed.data.map((issue) => ({ path: formatPath(issue.path ?? []), message: cleanLine(issue.message ?? issue.code ?? 'invalid') }));
}

/** A path of keys from a response, printable: a key may hold anything a server sends. */
function formatPath(path: readonly PropertyKey[]): string {
  return cleanLine(path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join(''));
}

/** Keeps what helps debugging (name, code, message) and drops undici's internals. */
function sanitize(error: ErrorWithCode): Error {
  const copy = new Error(error.message);
  copy.name = error.name;
  if (error.code) (copy as ErrorWithCode).code = error.code;
  return copy;
}
