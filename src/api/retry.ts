/**
 * The retry decision plugged into undici's RetryHandler: capped exponential backoff with full
 * jitter (so a fleet of CI jobs does not retry in lockstep) and `Retry-After` honoured up to the cap.
 */
import type { Dispatcher, RetryHandler } from 'undici';
import { BODY_DEADLINE, type NetworkOptions } from '../defaults.js';


export interface RetryEvent {
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

/** Retry-After as milliseconds; seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full jitter: a random delay in [0, min(cap, min * factor^(attempt-1))]. */
export function backoffDelay(
  attempt: number,
  network: Pick<NetworkOptions, 'minRetryDelayMs' | 'maxRetryDelayMs' | 'retryDelayFactor'>,
  random: () => number = Math.random,
): number {
  const step = Math.min(network.maxRetryDelayMs, network.minRetryDelayMs * network.retryDelayFactor ** Math.max(0, attempt - 1));
  return Math.round(step * random());
}

export function describeFailure(err: { statusCode?: number; code?: string; message?: string }): string {
  if (err.statusCode && err.statusCode >= 300) return `HTTP ${err.statusCode}`;
  // The plugin's own failures say what happened in words; undici's and Node's are known by their code.
  if (err.code === BODY_DEADLINE && err.message) return err.message;
  return err.code ?? err.message ?? 'unknown error';
}

export function createRetry(
  network: Pick<NetworkOptions, 'maxRetries' | 'minRetryDelayMs' | 'maxRetryDelayMs' | 'retryDelayFactor'>,
  onRetry: (event: RetryEvent) => void = () => {},
  random: () => number = Math.random,
): RetryHandler.RetryCallback {
  return (err, { state, opts }, cb) => {
    const { statusCode, code, headers } = err as Error & {
      statusCode?: number;
      code?: string;
      headers?: Record<string, string | string[] | undefined>;
    };
    const { method, retryOptions, signal } = opts as typeof opts & { signal?: AbortSignal | null };
    const { statusCodes = [], errorCodes = [], methods = [] } = retryOptions ?? {};
    const retryable =
      methods.includes(method as Dispatcher.HttpMethod) &&
      (statusCode !== undefined && statusCode >= 300
        ? statusCodes.includes(statusCode)
        : code !== undefined && errorCodes.includes(code));
    if (!retryable || state.counter > network.maxRetries || signal?.aborted) {
      cb(err);
      return;
    }
    const retryAfter = statusCode !== undefined ? parseRetryAfter(headers?.['retry-after']) : undefined;
    const delayMs =
      retryAfter !== undefined ? Math.min(retryAfter, network.maxRetryDelayMs) : backoffDelay(state.counter, network, random);
    onRetry({ method, path: opts.path, attempt: state.counter, delayMs, reason: describeFailure(err as never) });
    // An abort during the pause must end the request now, not send one more attempt afterwards.
    const onAbort = () => {
      clearTimeout(timer);
      cb(err);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      cb(null);
    }, delayMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  };
}
