import { copyFile, link, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { TestInfo } from '@playwright/test';

/** Dirs this worker has made sure of: one mkdir each, not one per test. */
const made = new Set<string>();

/**
 * The downloaded trace as `<the test's output dir>-trace.zip`, beside that dir in the project's
 * output dir, which outlives the run's state as an attachment must and which Playwright empties at
 * the start of a run. `testInfo.attach` would copy it: tens of MB written a second time. A hard
 * link costs no write; a copy where the state dir (os tmp) is on another file system. Beside the
 * output dir, not in it: creating that dir is a new inode per result, which on a busy disk costs
 * up to a millisecond each (BENCHMARKS.md), 1,000 times in a large suite.
 */
export function placeTrace(downloaded: string, testInfo: Pick<TestInfo, 'outputDir'>): Promise<string> {
  return placeBeside(downloaded, `${testInfo.outputDir}-trace.zip`);
}

/** The frame the runner extracted from the trace, the same way: `<the test's output dir>-screenshot.jpeg`. */
export function placeScreenshot(extracted: string, testInfo: Pick<TestInfo, 'outputDir'>): Promise<string> {
  return placeBeside(extracted, `${testInfo.outputDir}-screenshot${path.extname(extracted)}`);
}

async function placeBeside(downloaded: string, target: string): Promise<string> {
  const dir = path.dirname(target);
  if (!made.has(dir)) {
    await mkdir(dir, { recursive: true });
    made.add(dir);
  }
  await link(downloaded, target).catch(async (err: NodeJS.ErrnoException) => {
    // Left by an earlier Run of this test (UI mode and watch mode keep the output dir).
    if (err.code === 'EEXIST') await rm(target, { force: true });
    await link(downloaded, target).catch(() => copyFile(downloaded, target));
  });
  return target;
}
