/**
 * When the poller asks Octomind again: every constant of the poll cadence, in one place.
 *
 * Slow (pollIntervalMs) while no proxy test waits: the local tests still hold the workers, so a
 * result is not needed before they are done, and a trace download started on an earlier poll still
 * overlaps them. Brisk once a proxy waits for its result: the run is then blocked on Octomind alone,
 * and each second between a result landing and the next poll is a second added to the run. A failed
 * poll falls back to the slow interval, and a `Retry-After` longer than that wins.
 */
import { existsSync } from 'node:fs';
import type { StateDir } from './state.js';

/** The poll interval once a proxy test waits: as often as a result can change the run's end. */
export const BRISK_POLL_MS = 1000;
/** How often the poller looks for the proxies' markers in the state dir (local disk, no request). */
export const SIGNAL_CHECK_MS = 250;
/** Polls a run may take beyond its two phases: the first poll, one per phase change, the deadline's cut. */
export const POLL_BOUND_SLACK = 3;

/** The brisk interval, never slower than what the user asked for. */
export function briskInterval(pollIntervalMs: number): number {
  return Math.min(BRISK_POLL_MS, pollIntervalMs);
}

/**
 * The most polls a run may take: `remote / interval + tail / BRISK_POLL_MS + POLL_BOUND_SLACK`,
 * where remote is how long the remote run took and tail how long proxy tests waited for it.
 */
export function pollBound(remoteMs: number, pollIntervalMs: number, tailMs: number): number {
  return Math.floor(remoteMs / pollIntervalMs + Math.max(0, tailMs) / briskInterval(pollIntervalMs) + POLL_BOUND_SLACK);
}

/** What the proxy tests of this run signal through the state dir. */
export interface Demand {
  /** A proxy test has started: its results will be shown in this process tree (this shard). */
  started(): boolean;
  /** A proxy test is waiting for a result that is not there yet. */
  waiting(): boolean;
}

/** The CLI's `wait` and any follower without proxy tests: results are always wanted, never awaited by a test. */
export const ALWAYS_WANTED: Demand = { started: () => true, waiting: () => false };

/** The proxies' markers in a run's state dir; a marker once seen stays (proxies never remove it). */
export function demandOf(state: Pick<StateDir, 'startedMarker' | 'waitingMarker'>): Demand {
  const seen = (file: string) => {
    let found = false;
    return () => (found ||= existsSync(file));
  };
  return { started: seen(state.startedMarker), waiting: seen(state.waitingMarker) };
}
