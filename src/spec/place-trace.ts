import { copyFile, link } from 'node:fs/promises';
import type { TestInfo } from '@playwright/test';

/**
 * The downloaded trace as the test's own `trace.zip`, where Playwright keeps a local test's trace.
 * `testInfo.attach` would copy it: tens of MB per trace written a second time, and a new file per
 * result in a large suite. A hard link costs neither; a copy where the state dir (os tmp) is on
 * another file system. The output dir outlives the run's state, as an attachment must.
 */
export async function placeTrace(downloaded: string, testInfo: Pick<TestInfo, 'outputPath'>): Promise<string> {
  const target = testInfo.outputPath('trace.zip');
  // Also where a file of that name is there already (a rerun into the same output dir): copyFile replaces it.
  await link(downloaded, target).catch(() => copyFile(downloaded, target));
  return target;
}
