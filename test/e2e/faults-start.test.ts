/** Fault matrix, first half: faults while the run starts (execute, title lookups). */
import { describe, test } from 'vitest';
import { faultCases } from './fault-cases.js';
import { runFaultCase } from './fault-matrix.js';
import { useFixture } from './use-fixture.js';

const e2e = useFixture('basic');

describe.each(['execute', 'titles'] as const)('%s', (phase) => {
  test.each(faultCases([phase]))('$name → $outcome', (c) => runFaultCase(e2e.fake, e2e.project, c));
});
