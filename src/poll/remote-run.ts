/**
 * A remote run from its start to its last result: execute it, or attach to `testReportId`, and
 * look up its titles (trigger/), then poll it into a state dir until every result is in or
 * `timeoutMs` has passed. The one piece the command line's setup, the UI mode / VS Code sessions
 * and the CLI's `wait` share.
 */
import { createOctomindClient, type OctomindClient } from '../api/client.js';
import { DEFAULTS } from '../defaults.js';
import type { OctomindSettings } from '../options/options.js';
import type { ManifestTest } from '../state/manifest.js';
import type { StateDir } from '../state/state-dir.js';
import { startRun, type StartedRun } from '../trigger/start.js';
import { demandOf } from './cadence.js';
import { Poller, type PollerOptions } from './poller.js';

export type Warn = (message: string) => void;

/** The client for these settings; the key comes from the environment, never from settings. */
export function connect(settings: Pick<OctomindSettings, 'apiUrl' | 'apiVersion'>, apiKey: string, warn: Warn): OctomindClient {
  return createOctomindClient({ apiUrl: settings.apiUrl, apiKey, apiVersion: settings.apiVersion, onWarning: warn });
}

export interface FollowOptions extends Pick<PollerOptions, 'onResult' | 'awaitDemand'> {
  /** The tests to follow; by default every test of the run. */
  tests?: readonly ManifestTest[];
}

export class RemoteRun {
  private poller: Poller | undefined;

  private constructor(
    private readonly client: OctomindClient,
    private readonly settings: Pick<OctomindSettings, 'pollIntervalMs' | 'timeoutMs' | 'screenshot'>,
    readonly run: StartedRun,
    /** The wait's deadline counts from before execute, as the user's `timeoutMs` promises. */
    private readonly startedAt: number,
  ) {}

  /**
   * Execute (or attach), then the titles, within `startDeadlineMs` and never more than half of
   * `timeoutMs`, which counts from here: the run itself keeps the other half at least. Throws the
   * client's typed errors; the caller owns the client.
   */
  static async start(client: OctomindClient, settings: OctomindSettings, warn: Warn, startDeadlineMs: number = DEFAULTS.startDeadlineMs): Promise<RemoteRun> {
    const startedAt = Date.now();
    const run = await startRun(client, settings, warn, Math.min(startDeadlineMs, Math.floor(settings.timeoutMs / 2)));
    return new RemoteRun(client, settings, run, startedAt);
  }

  get reportUrl(): string {
    return this.run.reportUrl;
  }

  get tests(): readonly ManifestTest[] {
    return this.run.tests;
  }

  /**
   * Polls into `state` at the cadence the run's proxy tests ask for through it (cadence.ts).
   * Resolves once every followed test has its result, the deadline passed, or `stop()` was called.
   */
  follow(state: StateDir, options: FollowOptions = {}): Promise<void> {
    const { tests = this.run.tests, ...hooks } = options;
    this.poller = new Poller({
      client: this.client,
      state,
      tests,
      testTargetId: this.run.testTargetId,
      reportId: this.run.reportId,
      reportUrl: this.run.reportUrl,
      pollIntervalMs: this.settings.pollIntervalMs,
      timeoutMs: this.settings.timeoutMs,
      deadline: this.startedAt + this.settings.timeoutMs,
      screenshot: this.settings.screenshot,
      demand: demandOf(state),
      ...hooks,
    }).start();
    return this.poller.finished().then(() => undefined);
  }

  /** Ends the wait now: no new request, downloads aborted. True when every followed test had its result. */
  async stop(): Promise<boolean> {
    return (await this.poller?.stop())?.complete ?? true;
  }
}

/** Said whenever the wait ends before the run: Octomind has no cancel endpoint. */
export function goesOnRemotely(reportUrl: string): string {
  return `The Octomind run goes on remotely (Octomind has no cancel endpoint): ${reportUrl}`;
}
