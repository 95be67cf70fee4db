import { describe, expect, it } from 'vitest';
import { backoffDelay, createRetry, parseRetryAfter } from '../../src/api/retry.js';
import { DEFAULTS } from '../../src/defaults.js';

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0')).toBe(0);
    const now = Date.parse('2026-11-28T12:00:00Z');
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const network = { minRetryDelayMs: 500, maxRetryDelayMs: 30_000, retryDelayFactor: 2 };

  it('doubles the step and caps it, with full jitter below the step', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, network, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(20, network, () => 1)).toBe(30_000);
    expect(backoffDelay(3, network, () => 0)).toBe(0);
    expect(backoffDelay(3, network, () => 0.5)).toBe(1000);
  });
});

describe('createRetry', () => {
  const network = { ...DEFAULTS, minRetryDelayMs: 1, maxRetryDelayMs: 40 };
  const opts = (method: string, retryOptions: object, signal?: AbortSignal) =>
    ({ method, path: '/x', origin: 'http://127.0.0.1', retryOptions, signal }) as never;
  const decide = (err: object, options: never, counter = 1) =>
    new Promise<{ retried: boolean; delayMs?: number }>((resolve) => {
      let delayMs: number | undefined;
      createRetry(network, (event) => (delayMs = event.delayMs), () => 1)(Object.assign(new Error('x'), err), { state: { counter }, opts: options }, (result) =>
        resolve({ retried: !result, ...(delayMs !== undefined && { delayMs }) }),
      );
    });
  const reads = { methods: ['GET'], statusCodes: [429, 503], errorCodes: ['ECONNRESET'] };

  it('retries listed statuses and error codes for listed methods', async () => {
    expect((await decide({ statusCode: 503 }, opts('GET', reads))).retried).toBe(true);
    expect((await decide({ code: 'ECONNRESET' }, opts('GET', reads))).retried).toBe(true);
    expect((await decide({ statusCode: 500 }, opts('GET', reads))).retried).toBe(false);
    expect((await decide({ code: 'ENOTFOUND' }, opts('GET', reads))).retried).toBe(false);
    expect((await decide({ statusCode: 503 }, opts('POST', reads))).retried).toBe(false);
  });

  it('stops after maxRetries', async () => {
    expect((await decide({ statusCode: 503 }, opts('GET', reads), network.maxRetries)).retried).toBe(true);
    expect((await decide({ statusCode: 503 }, opts('GET', reads), network.maxRetries + 1)).retried).toBe(false);
  });

  it('honours Retry-After up to the cap', async () => {
    expect((await decide({ statusCode: 429, headers: { 'retry-after': '0' } }, opts('GET', reads))).delayMs).toBe(0);
    expect((await decide({ statusCode: 429, headers: { 'retry-after': '3600' } }, opts('GET', reads))).delayMs).toBe(40);
  });

  it('does not retry once the caller aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect((await decide({ statusCode: 503 }, opts('GET', reads, controller.signal))).retried).toBe(false);
  });

  it('ends the pause at once when the caller aborts during it', async () => {
    const controller = new AbortController();
    // The pause (10 min) outlasts the test's timeout: the outcome can only arrive in time through the abort.
    const slow = { ...network, minRetryDelayMs: 600_000, maxRetryDelayMs: 600_000 };
    const outcome = new Promise<Error | null | undefined>((resolve) =>
      createRetry(slow, undefined, () => 1)(Object.assign(new Error('x'), { statusCode: 503 }), { state: { counter: 1 }, opts: opts('GET', reads, controller.signal) }, resolve),
    );
    controller.abort();
    expect(await outcome).toBeInstanceOf(Error);
  });
});
