import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createOctomindClient, type OctomindClientOptions } from '../../src/api/client.js';
import type { RetryEvent } from '../../src/api/retry.js';
import { startFakeOctomind, type FakeOctomind } from '../../fixtures/fake-octomind/server.js';

/** Fast backoff so fault tests take milliseconds; the policy itself is unit-tested. */
export const FAST_NETWORK = { minRetryDelayMs: 5, maxRetryDelayMs: 50, connectTimeoutMs: 2000, headersTimeoutMs: 2000, bodyTimeoutMs: 2000 };

/** Starts one fake Octomind for the file; faults and log are reset after each test. */
export function useFakeOctomind(): { readonly fake: FakeOctomind } {
  const holder = {} as { fake: FakeOctomind };
  beforeAll(async () => {
    holder.fake = await startFakeOctomind();
  });
  afterEach(() => {
    holder.fake.clearFaults();
    holder.fake.log.length = 0;
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

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'octomind-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const manualContext = { source: 'manual', description: 'playwright-octomind tests' } as const;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
