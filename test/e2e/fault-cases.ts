/**
 * The fault matrix: every fault the fake Octomind can inject, in every phase of a run, and the
 * outcome a user must get. Transient faults happen once; refusals (401, 404) persist.
 */
import type { Fault, FaultRoute } from '../../fixtures/fake-octomind/faults.js';

export type Phase = 'execute' | 'titles' | 'polling' | 'download';
export type Outcome =
  /** retried or harmless: every remote result with its trace */
  | 'complete'
  /** every remote status as Octomind reported it; this many traces missing, each saying why */
  | { tracesMissing: number }
  /** the run could not start: one failed test with the reason */
  | 'sentinel'
  /** the run started but its results could not be read: every remote test failed, saying why */
  | 'resultsFailed';

export interface FaultCase {
  phase: Phase;
  name: string;
  route: FaultRoute;
  fault: Fault;
  times: number;
  outcome: Outcome;
  /** What the failure message must say, where there is one. */
  says?: RegExp;
}

const ROUTES: Record<Phase, FaultRoute> = { execute: 'execute', titles: 'testCases', polling: 'report', download: 'trace' };

const FAULTS: Array<{ name: string; fault: Fault; times: number }> = [
  { name: '429 with Retry-After', fault: { kind: 'status', status: 429, retryAfter: '0' }, times: 1 },
  { name: '503', fault: { kind: 'status', status: 503, retryAfter: '0' }, times: 1 },
  { name: 'connection reset mid-body', fault: { kind: 'reset' }, times: 1 },
  { name: 'malformed JSON', fault: { kind: 'malformed' }, times: 1 },
  { name: 'slow answer', fault: { kind: 'slow', delayMs: 800 }, times: 1 },
  { name: '401', fault: { kind: 'status', status: 401 }, times: 50 },
  { name: '404', fault: { kind: 'status', status: 404 }, times: 50 },
];

/** The outcome per phase and fault; anything not listed is 'complete'. */
const EXPECTED: Partial<Record<Phase, Record<string, { outcome: Outcome; says?: RegExp }>>> = {
  execute: {
    // After a reset Octomind may have started the run: not retried, so no second run.
    'connection reset mid-body': { outcome: 'sentinel', says: /may have started the run anyway: look in the Octomind app/ },
    'malformed JSON': { outcome: 'sentinel', says: /response/i },
    '401': { outcome: 'sentinel', says: /Check OCTOMIND_API_KEY/ },
    '404': { outcome: 'sentinel', says: /has no test target/ },
  },
  polling: {
    '401': { outcome: 'resultsFailed', says: /Polling the Octomind report failed.*OCTOMIND_API_KEY/s },
    '404': { outcome: 'resultsFailed', says: /Polling the Octomind report failed/ },
  },
  download: {
    // The trace host serves a body that is not a zip: that trace is refused, the status kept.
    'malformed JSON': { outcome: { tracesMissing: 1 }, says: /zip/i },
    '401': { outcome: { tracesMissing: 2 }, says: /401/ },
    '404': { outcome: { tracesMissing: 2 }, says: /60 days/ },
  },
};

export function faultCases(phases: readonly Phase[]): FaultCase[] {
  return phases.flatMap((phase) =>
    FAULTS.map(({ name, fault, times }) => {
      const expected = EXPECTED[phase]?.[name] ?? { outcome: 'complete' as const };
      return { phase, name, route: ROUTES[phase], fault, times, outcome: expected.outcome, ...(expected.says && { says: expected.says }) };
    }),
  );
}
