/**
 * Polls the report until every result is final or the deadline passes, at the cadence of
 * cadence.ts: slowly while no proxy test runs, briskly once one does. A trace download starts the
 * moment its result is final (bounded by the downloader's connection limit) while polling goes on;
 * each result is appended to the run's results log once its trace is settled, so proxies finish
 * as their results land. With `awaitDemand` nothing is sent before a proxy test of this run has started: a
 * shard that does not hold the remote tests polls and downloads nothing.
 * `stop()` ends everything at once: no new request, downloads aborted, no partial file.
 */
import { rm } from 'node:fs/promises';
import type { OctomindClient } from '../api/client.js';
import { OctomindTraceDownloadError, OctomindUnavailableError, type OctomindError } from '../api/errors.js';
import { KNOWN_RESULT_STATUSES, type ApiTestReport, type ApiTestResult } from '../api/schemas.js';
import { sleep } from '../api/sleep.js';
import { DEFAULTS } from '../defaults.js';
import { briskInterval, NO_PROXIES, type Demand } from './cadence.js';
import { cleanLine, cleanMessage } from '../text/clean.js';
import { formatMs } from '../text/format.js';
import { testCaseIdOf } from '../trigger/manifest-tests.js';
import type { ScreenshotMode } from '../options/options.js';
import type { RemoteResult, Screenshot } from '../state/result.js';
import type { StateDir } from '../state/state-dir.js';
import type { ManifestTest } from '../state/manifest.js';
import { traceFormat } from '../trace/trace-format.js';
import { extractScreenshot, wantsScreenshot } from './screenshot.js';

const PERMANENT = new Set(['OCTOMIND_AUTH', 'OCTOMIND_NOT_FOUND', 'OCTOMIND_BAD_REQUEST', 'OCTOMIND_CONFIG', 'OCTOMIND_PROXY', 'OCTOMIND_CERTIFICATE']);

export interface PollerOptions {
  client: Pick<OctomindClient, 'testReports' | 'traces'>;
  state: StateDir;
  tests: readonly ManifestTest[];
  testTargetId: string;
  reportId: string;
  pollIntervalMs: number;
  /** Absolute time (ms) after which unfinished results are written as timed out. */
  deadline: number;
  timeoutMs: number;
  reportUrl: string;
  now?: () => number;
  /** What the proxy tests signal; by default results are wanted and no test waits (the CLI). */
  demand?: Demand;
  /** Send nothing until a proxy test has started (sharded runs: only one shard shows the results). */
  awaitDemand?: boolean;
  /** Which results get their trace's frame as a `screenshot` attachment; by default none. */
  screenshot?: ScreenshotMode;
  /** Called once per test, after its result is written. */
  onResult?: (test: ManifestTest, result: RemoteResult) => void;
}

export interface PollerSummary {
  polls: number;
  /** Every test has its result. */
  complete: boolean;
}

export class Poller {
  private readonly controller = new AbortController();
  /** Aborted at the deadline: a poll or a trace download under way then ends at once. */
  private readonly expired = new AbortController();
  /** What every request of this poller listens to: stop() or the deadline. */
  private readonly requests = AbortSignal.any([this.controller.signal, this.expired.signal]);
  private readonly settled = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private polls = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly options: PollerOptions) {}

  start(): this {
    // A request a server holds (a drip-fed body) must not carry a test past timeoutMs.
    const timer = setTimeout(() => this.expired.abort(new Error('playwright-octomind: timeoutMs passed')), Math.max(0, this.options.deadline - this.now()));
    timer.unref();
    this.running = this.loop()
      .catch((err: unknown) => {
        if (!this.controller.signal.aborted) this.failRemaining(`playwright-octomind stopped polling: ${(err as Error).message}`);
      })
      .finally(() => clearTimeout(timer));
    return this;
  }

  /** Resolves once every result is written (or the poller was stopped). */
  async finished(): Promise<PollerSummary> {
    await this.running;
    return { polls: this.polls, complete: this.settled.size === this.options.tests.length };
  }

  async stop(): Promise<PollerSummary> {
    this.controller.abort(new Error('playwright-octomind: the run ended'));
    return this.finished();
  }

  private async loop(): Promise<void> {
    const { client, testTargetId, reportId, pollIntervalMs, deadline } = this.options;
    const demand = this.options.demand ?? NO_PROXIES;
    const signal = this.controller.signal;
    let failures = 0;
    if (this.options.awaitDemand) {
      if (!(await this.pause(() => (demand.started() ? 0 : Infinity)))) return;
      if (!demand.started()) return this.timeOutRemaining();
    }
    while (!signal.aborted && this.settled.size < this.options.tests.length) {
      let failedWait: number | undefined;
      try {
        this.polls++;
        const report = await client.testReports.get(testTargetId, reportId, this.requests);
        failures = 0;
        this.take(report);
      } catch (err) {
        if (signal.aborted) break;
        if (this.expired.signal.aborted) {
          this.timeOutRemaining();
          break;
        }
        const error = err as OctomindError;
        failures++;
        if (PERMANENT.has(error.code) || failures >= DEFAULTS.maxConsecutivePollFailures) {
          this.failRemaining(`Polling the Octomind report failed, so this result is unknown: ${cleanMessage(error.message)}\nOctomind report: ${this.options.reportUrl}`);
          break;
        }
        // A failing API is not asked briskly, and never before it said it would answer again.
        failedWait = Math.max(pollIntervalMs, retryAfterOf(error) ?? 0);
      }
      if (this.settled.size === this.options.tests.length) break;
      const polledAt = this.now();
      if (polledAt >= deadline) {
        this.timeOutRemaining();
        break;
      }
      const interval = () => failedWait ?? (demand.started() ? briskInterval(pollIntervalMs) : pollIntervalMs);
      if (!(await this.pause(() => polledAt + interval() - this.now()))) break;
    }
    await Promise.all(this.pending);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * Waits until `left()` is no longer positive or the deadline comes, looking again every
   * `signalCheckMs` (a proxy test may start meanwhile). False once the poller was stopped.
   */
  private async pause(left: () => number): Promise<boolean> {
    const signal = this.controller.signal;
    for (;;) {
      if (signal.aborted) return false;
      const wait = Math.min(left(), this.options.deadline - this.now());
      if (wait <= 0) return true;
      await sleep(Math.min(wait, DEFAULTS.signalCheckMs), signal).catch(() => {});
    }
  }

  private take(report: ApiTestReport): void {
    // Looked up, not searched: a report of 1,000 results is read every second once proxies wait.
    // By test case id, not result id (see manifestTestSchema).
    const byTestCaseId = new Map<string, ApiTestResult[]>();
    for (const r of report.testResults ?? []) {
      const testCaseId = testCaseIdOf(r);
      if (testCaseId) byTestCaseId.set(testCaseId, [...(byTestCaseId.get(testCaseId) ?? []), r]);
    }
    for (const test of this.options.tests) {
      if (this.settled.has(test.key)) continue;
      const result = byTestCaseId.get(test.testCaseId)?.[test.occurrence];
      if (!result || !isFinal(result, report)) continue;
      this.settled.add(test.key);
      const work = this.finish(test, result).finally(() => this.pending.delete(work));
      this.pending.add(work);
    }
  }

  private async finish(test: ManifestTest, result: ApiTestResult): Promise<void> {
    let trace: RemoteResult['trace'];
    let screenshot: Screenshot | undefined;
    if (!result.traceUrl) {
      trace = { missing: `Octomind recorded no trace for this ${cleanLine(result.status ?? '')} result.`.replace('  ', ' ') };
    } else {
      try {
        const { path } = await this.options.client.traces.download(result.traceUrl, this.options.state.trace(test.key), this.requests);
        // Read here, beside the download, not by the proxy: a large remote suite's proxies run one after another.
        const format = await readableFormat(path);
        trace = { path, url: result.traceUrl, ...(format !== undefined && { format }) };
        if (wantsScreenshot(this.options.screenshot ?? 'off', result.status)) screenshot = await extractScreenshot(path, this.options.state, test.key);
      } catch (err) {
        if (this.controller.signal.aborted) return;
        // The status is known: past the deadline only the trace is given up.
        trace = {
          missing: this.expired.signal.aborted
            ? `The remote trace was still downloading when timeoutMs (${formatMs(this.options.timeoutMs)}) passed.`
            : cleanLine((err as Error).message),
        };
      }
    }
    if (this.controller.signal.aborted) return;
    const durationMs = duration(result);
    this.write(test, {
      kind: 'final',
      status: result.status === undefined ? 'UNKNOWN' : cleanLine(result.status),
      errorMessage: result.errorMessage == null ? null : cleanMessage(result.errorMessage),
      ...(durationMs !== undefined && { durationMs }),
      ...(result.browser && { browser: cleanLine(result.browser) }),
      ...(result.breakpoint && { breakpoint: cleanLine(result.breakpoint) }),
      trace,
      ...(screenshot && { screenshot }),
    });
  }

  private timeOutRemaining(): void {
    const { timeoutMs, reportUrl } = this.options;
    this.writeRemaining({
      kind: 'timeout',
      status: 'WAITING',
      errorMessage: `Octomind did not finish this test within timeoutMs (${formatMs(timeoutMs)}). It may still be running: ${reportUrl}`,
      trace: { missing: 'The remote test had not finished.' },
    });
  }

  private failRemaining(message: string): void {
    this.writeRemaining({ kind: 'failure', status: 'UNKNOWN', errorMessage: message, trace: { missing: 'The result could not be read.' } });
  }

  private writeRemaining(file: RemoteResult): void {
    for (const test of this.options.tests) {
      if (this.settled.has(test.key)) continue;
      this.settled.add(test.key);
      this.write(test, file);
    }
  }

  private write(test: ManifestTest, file: RemoteResult): void {
    this.options.state.results.add(test.key, file);
    this.options.onResult?.(test, file);
  }
}

/**
 * WAITING is the only running status Octomind documents. A status this version does not know
 * counts as final only once the report itself is no longer WAITING.
 */
function isFinal(result: ApiTestResult, report: ApiTestReport): boolean {
  if (result.status === undefined || result.status === 'WAITING') return false;
  return (KNOWN_RESULT_STATUSES as readonly string[]).includes(result.status) || report.status !== 'WAITING';
}

/**
 * The trace's format version, where its first line says; a file that is no readable zip (a zip
 * signature, then garbage) is removed and becomes the note a body that is not a zip gets.
 */
async function readableFormat(path: string): Promise<number | undefined> {
  try {
    return await traceFormat(path);
  } catch {
    await rm(path, { force: true });
    throw new OctomindTraceDownloadError('the trace host sent a file that is not a readable zip (corrupt or cut short).');
  }
}

/** How long the server asked to be left alone, when a poll failed on 429 / 503 with Retry-After. */
function retryAfterOf(error: OctomindError): number | undefined {
  return error instanceof OctomindUnavailableError ? error.retryAfterMs : undefined;
}

function duration(result: ApiTestResult): number | undefined {
  const ms = Date.parse(result.updatedAt ?? '') - Date.parse(result.createdAt ?? '');
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
