/**
 * When the poller asks Octomind, on a fake clock: no test here depends on how busy the machine is.
 * The client is a scripted stand-in whose report turns final at a given (fake) time; the real client
 * against the fake Octomind is test/http/poller.test.ts.
 */
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OctomindUnavailableError } from '../../src/api/errors.js';
import type { ApiTestReport } from '../../src/api/schemas.js';
import { DEFAULTS } from '../../src/defaults.js';
import { POLL_BOUND_SLACK, demandOf, pollBound, type Demand } from '../../src/poll/cadence.js';

const { briskPollMs: BRISK_POLL_MS, signalCheckMs: SIGNAL_CHECK_MS } = DEFAULTS;
import { Poller, type PollerOptions } from '../../src/poll/poller.js';
import { StateDir } from '../../src/state/state-dir.js';

const REPORT_ID = '826c15af-644b-4b28-89b4-f50ff34e46b7';
const INTERVAL = 5000;

interface Script {
  /** Fake time (ms after start) at which the one result turns PASSED. */
  finalAt: number;
  /** Thrown by the poll at this index (0-based) instead of answering. */
  failures?: Map<number, Error>;
}

class Signals implements Demand {
  startedAt = Infinity;
  started = () => Date.now() >= this.startedAt;
}

describe('poll cadence (fake clock)', () => {
  let state: StateDir;
  let polls: number[];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: 0 });
    state = StateDir.create();
    polls = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(state.root, { recursive: true, force: true });
  });

  function start(script: Script, signals: Demand, options: Partial<PollerOptions> = {}): Poller {
    const client: PollerOptions['client'] = {
      testReports: {
        get: async (): Promise<ApiTestReport> => {
          const index = polls.push(Date.now()) - 1;
          const failure = script.failures?.get(index);
          if (failure) throw failure;
          const done = Date.now() >= script.finalAt;
          return { id: REPORT_ID, status: done ? 'PASSED' : 'WAITING', testResults: [{ id: 'r1', testCaseId: 'tc1', status: done ? 'PASSED' : 'WAITING' }] };
        },
      } as unknown as PollerOptions['client']['testReports'],
      traces: {} as PollerOptions['client']['traces'],
    };
    return new Poller({
      client,
      state,
      tests: [{ key: 'r1', occurrence: 0, testCaseId: 'tc1', title: 'remote' }],
      testTargetId: 'tt',
      reportId: REPORT_ID,
      pollIntervalMs: INTERVAL,
      deadline: 600_000,
      timeoutMs: 600_000,
      reportUrl: 'https://app.octomind.dev/testreports/x',
      demand: signals,
      ...options,
    }).start();
  }

  async function finish(poller: Poller, withinMs = 120_000) {
    let done = false;
    const summary = poller.finished().then((s) => ((done = true), s));
    for (let t = 0; t < withinMs && !done; t += 50) await vi.advanceTimersByTimeAsync(50);
    expect(done).toBe(true);
    return { ...(await summary), endedAt: Date.now() };
  }

  const gaps = () => polls.slice(1).map((t, i) => t - polls[i]!);

  it('polls at the slow interval while no proxy test runs (the local tests still do)', async () => {
    const { polls: count, endedAt } = await finish(start({ finalAt: 12_000 }, new Signals()));
    expect(polls).toEqual([0, 5000, 10_000, 15_000]);
    expect(count).toBe(4);
    expect(endedAt).toBe(15_000);
  });

  it('polls every BRISK_POLL_MS once a proxy test runs, so the run ends within a second of the last result', async () => {
    const signals = new Signals();
    signals.startedAt = 5500;
    const { polls: count, endedAt } = await finish(start({ finalAt: 20_000 }, signals));
    expect(BRISK_POLL_MS).toBe(1000);
    expect(polls.slice(0, 3)).toEqual([0, 5000, 6000]);
    expect(gaps().slice(2).every((gap) => gap === BRISK_POLL_MS)).toBe(true);
    expect(endedAt - 20_000).toBeLessThanOrEqual(BRISK_POLL_MS);
    // 20 s of remote run, of which 14.5 s with a proxy test running.
    expect(count).toBeLessThanOrEqual(pollBound(20_000, INTERVAL, 20_000 - 5500));
  });

  it('a proxy test that starts in the middle of a slow pause is noticed within SIGNAL_CHECK_MS', async () => {
    const signals = new Signals();
    signals.startedAt = 3100;
    await finish(start({ finalAt: 8000 }, signals));
    // Due 1 s after the first poll, so at once: at the next look at the markers.
    expect(polls[1]).toBeGreaterThanOrEqual(3100);
    expect(polls[1]).toBeLessThanOrEqual(3100 + SIGNAL_CHECK_MS);
  });

  it('never polls faster than the user asked: the brisk interval is at most pollIntervalMs', async () => {
    const signals = new Signals();
    signals.startedAt = 0;
    await finish(start({ finalAt: 2000 }, signals, { pollIntervalMs: 400 }));
    expect(gaps().every((gap) => gap === 400)).toBe(true);
  });

  it('keeps within remote / interval + tail / 1 s + POLL_BOUND_SLACK for any moment the proxy tests start', async () => {
    expect(POLL_BOUND_SLACK).toBe(3);
    for (const finalAt of [0, 900, 4999, 5000, 12_000, 20_000, 31_234]) {
      for (const startedAt of [0, 1, 2500, 5000, 7777, 19_999, Infinity]) {
        vi.setSystemTime(0);
        polls = [];
        const signals = new Signals();
        signals.startedAt = startedAt;
        const { polls: count, endedAt } = await finish(start({ finalAt }, signals));
        const tail = Math.max(0, endedAt - startedAt);
        expect(count, `final at ${finalAt}, proxies from ${startedAt}`).toBeLessThanOrEqual(pollBound(finalAt, INTERVAL, tail));
        expect(endedAt - finalAt, 'ends within one interval of the result').toBeLessThanOrEqual(startedAt <= finalAt ? BRISK_POLL_MS : INTERVAL);
        // A fresh run state for the next case: this one holds r1's result.
        rmSync(state.root, { recursive: true, force: true });
        state = StateDir.create();
      }
    }
  });

  it('with awaitDemand sends nothing until a proxy test starts, then polls at once', async () => {
    const signals = new Signals();
    signals.startedAt = 30_000;
    const poller = start({ finalAt: 10_000 }, signals, { awaitDemand: true });
    await vi.advanceTimersByTimeAsync(29_900);
    expect(polls).toEqual([]);
    const { polls: count } = await finish(poller);
    expect(polls[0]).toBeGreaterThanOrEqual(30_000);
    expect(polls[0]).toBeLessThanOrEqual(30_000 + SIGNAL_CHECK_MS);
    expect(count).toBe(1);
  });

  it('with awaitDemand and no proxy ever starting, stop() ends it without a single request', async () => {
    const poller = start({ finalAt: 0 }, new Signals(), { awaitDemand: true });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await poller.stop()).toEqual({ polls: 0, complete: false });
    expect(polls).toEqual([]);
  });

  describe('a failed poll', () => {
    const unavailable = (retryAfterMs?: number) =>
      new OctomindUnavailableError('GET /report', 6, 'HTTP 429', { status: 429, ...(retryAfterMs !== undefined && { retryAfterMs }) });

    it('waits its Retry-After even when a proxy test runs (429 wins over the brisk interval)', async () => {
      const signals = new Signals();
      signals.startedAt = 0;
      await finish(start({ finalAt: 0, failures: new Map([[0, unavailable(12_000)]]) }, signals));
      expect(polls).toEqual([0, 12_000]);
    });

    it('without Retry-After falls back to the slow interval, then goes brisk again', async () => {
      const signals = new Signals();
      signals.startedAt = 0;
      await finish(start({ finalAt: 7000, failures: new Map([[1, unavailable()]]) }, signals));
      expect(polls).toEqual([0, 1000, 6000, 7000]);
    });

    it('a Retry-After shorter than the slow interval does not make it poll sooner', async () => {
      await finish(start({ finalAt: 0, failures: new Map([[0, unavailable(2000)]]) }, new Signals()));
      expect(polls).toEqual([0, INTERVAL]);
    });
  });
});

describe('demandOf: the proxies\u2019 marker in the state dir', () => {
  it('reads the marker from disk until it is there, then remembers it', async () => {
    const state = StateDir.create();
    try {
      const demand = demandOf(state);
      expect(demand.started()).toBe(false);
      const { writeFileSync } = await import('node:fs');
      writeFileSync(state.startedMarker, '');
      expect(demand.started()).toBe(true);
      rmSync(state.root, { recursive: true, force: true });
      expect(demand.started()).toBe(true);
    } finally {
      rmSync(state.root, { recursive: true, force: true });
    }
  });
});
