import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createOctomindClient, type OctomindClientOptions } from '../../src/api/client.js';
import type { RetryEvent } from '../../src/api/retry.js';
import { ManualClock } from '../../fixtures/fake-octomind/clock.js';
import { startFakeOctomind, type FakeOctomind } from '../../fixtures/fake-octomind/server.js';

/** Fast backoff so fault tests take milliseconds; the policy itself is unit-tested. */
export const FAST_NETWORK = { minRetryDelayMs: 5, maxRetryDelayMs: 50, connectTimeoutMs: 2000, headersTimeoutMs: 2000, bodyTimeoutMs: 2000 };

/**
 * Starts one fake Octomind for the file; faults, log and clock pace are reset after each test.
 * Its clock moves only when a test moves it (`clock.advance`, `clock.msPerPoll`), so no result
 * turns final earlier or later because the machine is loaded.
 */
export function useFakeOctomind(): { readonly fake: FakeOctomind; readonly clock: ManualClock } {
  const holder = { clock: new ManualClock() } as { fake: FakeOctomind; clock: ManualClock };
  beforeAll(async () => {
    holder.fake = await startFakeOctomind({ clock: holder.clock });
  });
  afterEach(() => {
    holder.fake.clearFaults();
    holder.fake.log.length = 0;
    holder.clock.msPerPoll = 0;
  });
  afterAll(() => holder.fake.close());
  return holder;
}

export function clientFor(fake: FakeOctomind, overrides: Partial<OctomindClientOptions> = {}) {
  const retries: RetryEvent[] = [];
  const warnings: string[] = [];
  const client = createOctomindClient({
    apiUrl: fake.apiUrl,
    apiKey: fake.apiKey,
    apiVersion: 'v2',
    network: FAST_NETWORK,
    onRetry: (event) => retries.push(event),
    onWarning: (message) => warnings.push(message),
    ...overrides,
  });
  return { client, retries, warnings };
}

/** A delay longer than any test's timeout: what it delays can only end by a timeout, an abort or a stop. */
export const NEVER = 10 * 60_000;

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'octomind-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const manualContext = { source: 'manual', description: 'playwright-octomind tests' } as const;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Waits for a state, however long a loaded machine takes to reach it. The bound only turns a state
 * that never comes into a named failure before the test's own timeout (30 s).
 */
export async function waitFor(condition: () => boolean, what: string, boundMs = 20_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
