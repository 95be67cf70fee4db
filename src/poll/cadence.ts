/**
 * When the poller asks Octomind again (its intervals are in defaults.ts).
 *
 * Slow (pollIntervalMs) while no proxy test runs: the local tests still hold the workers, so a
 * result is not needed before they are done, and a trace download started on an earlier poll still
 * overlaps them. Brisk once a proxy test runs: from then on the remote project's worker consumes
 * results as they land, so each second between a result landing and the next poll can be a second
 * added to the run (and a large remote suite is fed a second's worth of results at a time instead
 * of one batch at the end). A failed poll falls back to the slow interval, and a `Retry-After`
 * longer than that wins.
 */
import { existsSync } from 'node:fs';
import { DEFAULTS } from '../defaults.js';
import type { StateDir } from '../state/state-dir.js';

/** Polls a run may take beyond its two phases: the first poll, one per phase change, the deadline's cut. */
export const POLL_BOUND_SLACK = 3;

/** The brisk interval, never slower than what the user asked for. */
export function briskInterval(pollIntervalMs: number): number {
  return Math.min(DEFAULTS.briskPollMs, pollIntervalMs);
}

/**
 * The most polls a run may take: `remote / interval + tail / briskPollMs + POLL_BOUND_SLACK`,
 * where remote is how long the remote run took and tail how long proxy tests ran before its end.
 */
export function pollBound(remoteMs: number, pollIntervalMs: number, tailMs: number): number {
  return Math.floor(remoteMs / pollIntervalMs + Math.max(0, tailMs) / briskInterval(pollIntervalMs) + POLL_BOUND_SLACK);
}

/** What the proxy tests of this run signal through the state dir. */
export interface Demand {
  /** A proxy test runs: its results are wanted now, in this process tree (this shard). */
  started(): boolean;
}

/** A follower without proxy tests (the CLI's `wait`): the slow cadence throughout. */
export const NO_PROXIES: Demand = { started: () => false };

/** The proxies' marker in a run's state dir; once seen it stays (proxies never remove it). */
export function demandOf(state: Pick<StateDir, 'startedMarker'>): Demand {
  let found = false;
  return { started: () => (found ||= existsSync(state.startedMarker)) };
}
