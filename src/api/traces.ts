/**
 * Trace zips live on a public storage host, not on the API host. This class never holds the API
 * key, so no request of it (nor a redirect it follows) can carry the key. Downloads stream to a
 * tmp file beside the destination and are renamed into place only when complete.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm, rename } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Agent, interceptors, type Dispatcher } from 'undici';
import { NETWORK_DEFAULTS, type NetworkOptions } from './defaults.js';
import { OctomindTraceDownloadError } from './errors.js';
import { createRetry, describeFailure, type RetryEvent } from './retry.js';

const ZIP_MAGIC = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];

export interface TraceDownloaderOptions {
  network?: Partial<NetworkOptions> | undefined;
  onRetry?: (event: RetryEvent) => void;
  random?: () => number;
}

export interface DownloadedTrace {
  path: string;
  bytes: number;
}

export class TraceDownloader {
  private readonly network: NetworkOptions;
  private readonly agent: Agent;
  private readonly dispatcher: Dispatcher;

  constructor(options: TraceDownloaderOptions = {}) {
    this.network = { ...NETWORK_DEFAULTS, ...options.network };
    this.agent = new Agent({
      connect: { timeout: this.network.connectTimeoutMs },
      headersTimeout: this.network.headersTimeoutMs,
      bodyTimeout: this.network.bodyTimeoutMs,
      connections: this.network.maxTraceConnections,
    });
    // Storage hosts serve ranges, so undici's RetryHandler resumes a broken download where it stopped.
    this.dispatcher = this.agent.compose(
      interceptors.retry({
        retry: createRetry(this.network, options.onRetry, options.random),
        maxRetries: this.network.maxRetries,
        methods: ['GET'],
        statusCodes: [429, 500, 502, 503, 504],
        errorCodes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT'],
      }),
      interceptors.redirect({ maxRedirections: this.network.maxTraceRedirects }),
    );
  }

  async download(traceUrl: string, destination: string, signal?: AbortSignal): Promise<DownloadedTrace> {
    const url = parseTraceUrl(traceUrl);
    const tmp = `${destination}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const response = await this.dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: 'GET',
        headers: { accept: 'application/zip, application/octet-stream, */*' },
        signal: signal ?? null,
      });
      if (response.statusCode !== 200) {
        await response.body.dump().catch(() => {});
        throw new OctomindTraceDownloadError(describeStatus(response.statusCode), { status: response.statusCode });
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > this.network.maxTraceBytes) {
        // Destroying the body emits an abort error that nobody else listens for.
        response.body.on('error', () => {}).destroy();
        throw new OctomindTraceDownloadError(tooLarge(declared, this.network.maxTraceBytes));
      }
      const guard = new ZipGuard(this.network.maxTraceBytes);
      await pipeline(response.body, guard, createWriteStream(tmp, { flags: 'wx' }), { signal: signal ?? new AbortController().signal });
      guard.assertComplete();
      await rename(tmp, destination);
      return { path: destination, bytes: guard.bytes };
    } catch (err) {
      await rm(tmp, { force: true });
      if (signal?.aborted) throw signal.reason;
      if (err instanceof OctomindTraceDownloadError) throw err;
      const error = err as Error & { code?: string; statusCode?: number };
      throw new OctomindTraceDownloadError(`${describeFailure(error)} from ${url.host}.`, { status: error.statusCode, cause: error });
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

function parseTraceUrl(traceUrl: string): URL {
  let url: URL;
  try {
    url = new URL(traceUrl);
  } catch {
    throw new OctomindTraceDownloadError(`Octomind sent a trace URL that is not a URL: ${JSON.stringify(traceUrl.slice(0, 200))}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OctomindTraceDownloadError(`only http(s) trace URLs are fetched, not ${url.protocol}.`);
  }
  return url;
}

function describeStatus(status: number): string {
  if (status === 404 || status === 410) return `HTTP ${status}: the trace no longer exists (Octomind keeps traces for 60 days).`;
  if (status === 403) return 'HTTP 403: the storage link was refused; traces expire after 60 days.';
  return `HTTP ${status} from the trace host.`;
}

function tooLarge(bytes: number, limit: number): string {
  return `it is larger than the ${limit}-byte limit (at least ${bytes} bytes).`;
}

/** Counts bytes against the limit and checks the zip signature as the bytes pass by. */
class ZipGuard extends Transform {
  bytes = 0;
  private head = Buffer.alloc(0);

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      callback(new OctomindTraceDownloadError(tooLarge(this.bytes, this.limit)));
      return;
    }
    if (this.head.length < 4) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, 4 - this.head.length)]);
      if (this.head.length === 4 && !ZIP_MAGIC.some((magic) => magic.equals(this.head))) {
        callback(new OctomindTraceDownloadError('the trace host did not send a zip file (corrupt or an error page).'));
        return;
      }
    }
    callback(null, chunk);
  }

  assertComplete(): void {
    if (this.head.length < 4) throw new OctomindTraceDownloadError('the trace host sent an empty or truncated file.');
  }
}
