/**
 * `npx tsx bench/opening-list.ts`: what opening UI mode waits for (and VS Code does in the
 * background): the list of test cases read from the fake Octomind over loopback, checked, titled
 * and written into `tests.json` and the generated spec. The plugin's own cost, per list size; a
 * real Octomind adds its answer time and the network's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { settingsSchema } from '../src/options/options.js';
import { readListOnOpening } from '../src/session/open-list.js';
import { testCase } from '../fixtures/fake-octomind/scenario.js';
import { startFakeOctomind } from '../fixtures/fake-octomind/server.js';

const ROUNDS = 7;

async function main(): Promise<void> {
  const fake = await startFakeOctomind({});
  const dir = mkdtempSync(path.join(tmpdir(), 'opening-list-bench-'));
  try {
    const settings = settingsSchema.parse({ apiUrl: fake.apiUrl, testTargetId: fake.testTargetId, url: 'https://staging.example.com' });
    for (const size of [10, 1_000, 5_000]) {
      const testCases = Array.from({ length: size }, (_, i) => testCase(`checks flow number ${i} of the shop`, { status: 'PASSED', afterMs: 10 }));
      fake.setScenario({ testTargets: [{ id: fake.testTargetId, testCases }] });
      const walls: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const generatedDir = path.join(dir, `${size}-${round}`, '.playwright-octomind');
        const started = performance.now();
        await readListOnOpening({ settings, generatedDir, warn: (message) => process.stderr.write(`${message}\n`), env: { OCTOMIND_API_KEY: fake.apiKey } });
        walls.push(performance.now() - started);
      }
      walls.sort((a, b) => a - b);
      const median = walls[Math.floor(ROUNDS / 2)]!;
      process.stdout.write(`${size} test cases: ${median.toFixed(1)} ms median of ${ROUNDS} (${walls[0]!.toFixed(1)}–${walls.at(-1)!.toFixed(1)} ms)\n`);
    }
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
