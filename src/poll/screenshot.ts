/**
 * The `screenshot` attachment of a remote result: its trace's frame of the page as the test failed
 * (trace/failure-frame.ts), written into the state dir by the runner process beside the download,
 * so a proxy only links a small file that is already there.
 */
import { writeFile } from 'node:fs/promises';
import type { ScreenshotMode } from '../options/options.js';
import type { Screenshot } from '../state/result.js';
import type { StateDir } from '../state/state-dir.js';
import { failureFrame } from '../trace/failure-frame.js';

const EXTENSIONS = { 'image/jpeg': 'jpeg', 'image/png': 'png' } as const;

/** Whether a final result with this status gets one (Playwright's words: a failure is anything but passed). */
export function wantsScreenshot(mode: ScreenshotMode, status: string | undefined): boolean {
  return mode === 'on' || (mode === 'only-on-failure' && status !== 'PASSED');
}

/** Undefined where the trace holds no readable frame: the result is then as it would be without. */
export async function extractScreenshot(tracePath: string, state: StateDir, key: string): Promise<Screenshot | undefined> {
  const frame = await failureFrame(tracePath);
  if (!frame) return undefined;
  const path = state.screenshot(key, EXTENSIONS[frame.contentType]);
  try {
    await writeFile(path, frame.data);
  } catch {
    return undefined;
  }
  return { path, contentType: frame.contentType };
}
