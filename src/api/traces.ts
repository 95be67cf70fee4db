/**
 * Trace zips live on a public storage host, not on the API host. This class never holds the API
 * key, so no request of it (nor a redirect it follows) can carry the key. Downloads stream to a
 * tmp file beside the destination and are renamed into place only when complete.
 *
 * Who retries what. undici's RetryHandler retries everything up to the response headers
 * (connection failures, 429/5xx with Retry-After). A body that breaks is resumed here, above it,
 * because undici 7's RetryHandler cannot do that safely for every storage host: it resumes with
 * `If-Match` instead of `If-Range` (a changed object becomes an error, not a fresh copy), resumes
 * without any validator when there is no strong ETag (bytes of two versions can be joined), and
 * once it has passed bytes on it can only fail when the host answers the resumed request with 200
 * and the whole body, a wrong Content-Range or 416, while starting again from byte 0 is what
 * saves the trace. So its retry decision declines every failure after the headers, and this loop
 * resumes with `Range` + `If-Range` where the host proves the answer is the rest of the same
 * version (see trace-resume.ts), and otherwise starts again from byte 0. Both share one budget of
 * `maxRetries` per download.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { interceptors, type Dispatcher, type RetryHandler } from 'undici';
import { DEFAULTS, type NetworkOptions } from '../defaults.js';
import { OctomindTraceDownloadError } from './errors.js';
import { backoffDelay, createRetry, describeFailure, type RetryEvent } from './retry.js';
import { cleanLine } from '../text/clean.js';
import { bodyDeadline, type Deadline } from './body-deadline.js';
import { networkFailure } from './network-failure.js';
import { createAgent, proxySettings, type ProxySettings } from './proxy.js';
import { sleep } from './sleep.js';
import { TraceFileWriter, tooLarge } from './trace-file.js';
import { FRESH, judge, numberOf, resumeHeaders, type Progress, type Verdict } from './trace-resume.js';

const BODY_FAILURES: ReadonlySet<string> = new Set(DEFAULTS.retryBodyErrorCodes);

export interface TraceDownloaderOptions {
  network?: Partial<NetworkOptions> | undefined;
  /** By default read from the environment, as undici's EnvHttpProxyAgent reads it. */
  proxies?: ProxySettings | undefined;
  onRetry?: (event: RetryEvent) => void;
  random?: () => number;
}

export interface DownloadedTrace {
  path: string;
  bytes: number;
}

/** One HTTP exchange of a download: whether its headers arrived, what they meant, what was written. */
interface Exchange {
  started: boolean;
  verdict?: Verdict;
  writer?: TraceFileWriter;
  /** No earlier exchange of this download wrote to its file. */
  fileEmpty: boolean;
}

export class TraceDownloader {
  private readonly network: NetworkOptions;
  private readonly agent: Dispatcher;
  private readonly proxies: ProxySettings;
  private readonly dispatcher: Dispatcher;
  private readonly retry: RetryHandler.RetryCallback;
  private readonly onRetry: (event: RetryEvent) => void;
  private readonly random: () => number;

  constructor(options: TraceDownloaderOptions = {}) {
    this.network = { ...DEFAULTS, ...options.network };
    this.onRetry = options.onRetry ?? (() => {});
    this.random = options.random ?? Math.random;
    this.retry = createRetry(this.network, this.onRetry, this.random);
    this.proxies = options.proxies ?? proxySettings();
    this.agent = createAgent(this.network, { connections: this.network.maxTraceConnections }, this.proxies);
    this.dispatcher = this.agent.compose(
      interceptors.retry({
        maxRetries: this.network.maxRetries,
        // The API's read policy: the same retries for the trace host (defaults.ts).
        methods: ['GET'],
        statusCodes: [...DEFAULTS.retryStatusCodes],
        errorCodes: [...DEFAULTS.retryErrorCodes],
      }),
      interceptors.redirect({ maxRedirections: this.network.maxTraceRedirects }),
    );
  }

  async download(traceUrl: string, destination: string, signal?: AbortSignal): Promise<DownloadedTrace> {
    const url = parseTraceUrl(traceUrl);
    const tmp = `${destination}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    let file: FileHandle | undefined;
    try {
      file = await open(tmp, 'wx');
      const bytes = await this.fetchInto(file, url, signal);
      await file.close();
      file = undefined;
      await rename(tmp, destination);
      return { path: destination, bytes };
    } catch (err) {
      await file?.close().catch(() => {});
      await rm(tmp, { force: true });
      if (signal?.aborted) throw signal.reason;
      if (err instanceof OctomindTraceDownloadError) throw err;
      const error = err as Error & { code?: string; statusCode?: number };
      const network = networkFailure(error, url.origin, this.proxies);
      if (network) throw new OctomindTraceDownloadError(network.message, { status: network.status, cause: network });
      throw new OctomindTraceDownloadError(`${describeFailure(error)} from ${url.host}.`, { status: error.statusCode, cause: error });
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  /** Exchanges until the whole object is on disk; returns its size. */
  private async fetchInto(file: FileHandle, url: URL, signal: AbortSignal | undefined): Promise<number> {
    const budget = { used: 0 };
    let progress = FRESH;
    let fileEmpty = true;
    for (;;) {
      const exchange: Exchange = { started: false, fileEmpty };
      try {
        return await this.exchange(file, url, progress, exchange, budget, signal);
      } catch (err) {
        if (exchange.writer) fileEmpty = false;
        if (signal?.aborted || err instanceof OctomindTraceDownloadError) throw err;
        if (exchange.verdict?.kind === 'fail') throw exchange.verdict.error;
        const error = err as Error & { code?: string };
        // Before the headers, undici's RetryHandler has already spent the budget on this failure.
        if (!exchange.started) throw err;
        let reason: string;
        if (exchange.verdict?.kind === 'restart') {
          reason = exchange.verdict.reason;
          progress = FRESH;
        } else if (exchange.verdict?.kind === 'write' && BODY_FAILURES.has(error.code ?? '')) {
          reason = `${describeFailure(error)} mid-body`;
          progress = { offset: exchange.writer?.position ?? 0, version: exchange.verdict.version };
        } else {
          throw err;
        }
        const attempt = ++budget.used;
        if (attempt > this.network.maxRetries) {
          throw new OctomindTraceDownloadError(`${reason} from ${url.host}, after ${attempt} attempts.`, { cause: error });
        }
        const delayMs = backoffDelay(attempt, this.network, this.random);
        this.onRetry({ method: 'GET', path: url.pathname, attempt, delayMs, reason });
        await sleep(delayMs, signal);
      }
    }
  }

  /** One request: resumed when `progress` allows it; the answer is judged before a byte is written. */
  private async exchange(file: FileHandle, url: URL, progress: Progress, exchange: Exchange, budget: { used: number }, signal: AbortSignal | undefined): Promise<number> {
    const resume = resumeHeaders(progress);
    const options: Dispatcher.RequestOptions & { retryOptions: RetryHandler.RetryOptions } = {
      origin: url.origin,
      path: url.pathname + url.search,
      method: 'GET',
      headers: { accept: 'application/zip, application/octet-stream, */*', ...resume },
      signal: signal ?? null,
      retryOptions: {
        retry: (err, context, callback) => {
          // After the headers the body is this class's to resume or restart (see the class comment).
          if (exchange.started) callback(err);
          else this.retry(err, { ...context, state: { counter: ++budget.used } }, callback);
        },
      },
    };
    // stream()'s factory runs while undici handles the headers, so `started` is set before any body failure can reach the retry decision.
    let deadline: Deadline | undefined;
    try {
      await this.dispatcher.stream(options, ({ statusCode, headers }) => {
        exchange.started = true;
        const verdict = judge(statusCode, headers, progress, resume.range !== undefined);
        exchange.verdict = verdict;
        if (verdict.kind === 'restart') return refused(new Error(verdict.reason));
        if (verdict.kind === 'fail') return refused(verdict.error);
        const declared = numberOf(headers['content-length']);
        if (declared !== undefined && verdict.from + declared > this.network.maxTraceBytes) {
          exchange.verdict = { kind: 'fail', error: new OctomindTraceDownloadError(tooLarge(verdict.from + declared, this.network.maxTraceBytes)) };
          return refused(exchange.verdict.error);
        }
        exchange.writer = new TraceFileWriter(file, verdict.from, this.network.maxTraceBytes, exchange.fileEmpty);
        deadline = bodyDeadline(exchange.writer, this.network.traceBodyDeadlineMs);
        return exchange.writer;
      });
    } finally {
      deadline?.clear();
    }
    const writer = exchange.writer!;
    writer.assertComplete();
    const size = exchange.verdict?.kind === 'write' ? exchange.verdict.version.size : undefined;
    if (size !== undefined && writer.position !== size) {
      const error = Object.assign(new Error(`the body ended at byte ${writer.position} of ${size}`), { code: 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' });
      throw error;
    }
    return writer.position;
  }
}

/** A sink that fails at once, so undici aborts the exchange instead of reading a body nobody wants. */
function refused(reason: Error): Writable {
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  sink.destroy(reason);
  return sink;
}

function parseTraceUrl(traceUrl: string): URL {
  let url: URL;
  try {
    url = new URL(traceUrl);
  } catch {
    throw new OctomindTraceDownloadError(`Octomind sent a trace URL that is not a URL: ${cleanLine(JSON.stringify(traceUrl.slice(0, 200)))}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OctomindTraceDownloadError(`only http(s) trace URLs are fetched, not ${url.protocol}.`);
  }
  return url;
}
