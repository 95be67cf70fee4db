/**
 * `playwright-octomind wait <testReportId>`: the plugin's poller without Playwright, for
 * pipelines that only want the remote result: progress per result, traces into a folder, and
 * the exit code of the run.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { OctomindClient } from '../api/client.js';
import type { OctomindSettings } from '../options/options.js';
import { formatMs, plural } from '../text/format.js';
import { goesOnRemotely, RemoteRun } from '../poll/remote-run.js';
import { resultPassed, statusLabel, type RemoteResult } from '../state/result.js';
import { StateDir } from '../state/state-dir.js';
import { type ManifestTest } from '../state/manifest.js';
import { EXIT } from './help.js';

export interface WaitIO {
  out: (line: string) => void;
  warn: (line: string) => void;
  /** Resolves when the user interrupts (Ctrl-C). */
  interrupted: Promise<void>;
}

export async function wait(client: OctomindClient, settings: OctomindSettings, tracesDir: string | undefined, io: WaitIO): Promise<number> {
  // No report shows a screenshot here: the frames are not extracted.
  const remote = await RemoteRun.start(client, { ...settings, screenshot: 'off' }, io.warn);
  const { run } = remote;
  io.out(`Waiting for ${plural(run.tests.length, 'remote test')}: ${run.reportUrl}`);
  if (tracesDir) mkdirSync(tracesDir, { recursive: true });
  const state = StateDir.create();
  let done = 0;
  let failed = 0;
  const onResult = (test: ManifestTest, result: RemoteResult) => {
    done++;
    const passed = resultPassed(result);
    if (!passed) failed++;
    const duration = result.durationMs === undefined ? '' : `, ${formatMs(Math.round(result.durationMs))}`;
    io.out(`[${done}/${run.tests.length}] ${passed ? '✓' : '✘'} ${test.title} (${statusLabel(result)}${duration})${passed || !result.errorMessage ? '' : `: ${result.errorMessage.split('\n')[0]}`}`);
    if (tracesDir && 'path' in result.trace) copyFileSync(result.trace.path, path.join(tracesDir, `${test.key}.zip`));
  };
  try {
    const interrupted = await Promise.race([remote.follow(state, { onResult }).then(() => false), io.interrupted.then(() => true)]);
    if (interrupted) {
      await remote.stop();
      io.warn(`Stopped waiting. ${goesOnRemotely(run.reportUrl)}`);
      return EXIT.interrupted;
    }
  } finally {
    rmSync(state.root, { recursive: true, force: true });
  }
  io.out(`${done - failed} passed, ${failed} failed of ${run.tests.length}: ${run.reportUrl}`);
  if (tracesDir) io.out(`Traces: ${tracesDir}`);
  return failed === 0 ? EXIT.ok : EXIT.remoteFailed;
}
