/**
 * `playwright-octomind/reporter`, optional: the Octomind report URL as soon as the run starts, a
 * progress line while only remote results are awaited, a summary at the end, and Markdown for the
 * GitHub job summary. It reads the run's state dir (local disk) and makes no API call.
 */
import { appendFileSync, existsSync } from 'node:fs';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { DEFAULTS } from '../defaults.js';
import { isOctomindProject } from '../options/project-metadata.js';
import { cleanLine } from '../text/clean.js';
import { claimAnnouncements } from '../text/console.js';
import { readJson } from '../state/files.js';
import { plural } from '../text/format.js';
import { resultPassed } from '../state/result.js';
import { StateDir } from '../state/state-dir.js';
import { manifestSchema, type Manifest } from '../state/manifest.js';
import { categoryOf, consoleSummary, markdownSummary, progressLine, type RemoteOutcome } from './summary.js';

export interface OctomindReporterOptions {
  /** How often the progress line is printed while only remote results are awaited. @default 5000 */
  progressIntervalMs?: number;
}


export default class OctomindReporter implements Reporter {
  private readonly progressIntervalMs: number;
  private state: StateDir | undefined;
  private manifest: Manifest | undefined;
  private readonly localPending = new Set<string>();
  private remoteTotal = 0;
  /** Result files of the remote tests this run selected (`--grep` may leave some out). */
  private readonly selectedKeys = new Set<string>();
  private readonly outcomes: RemoteOutcome[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** A UI mode / VS Code Run learns its report URL after onBegin: its tests carry it. */
  private sessionReportUrl: string | undefined;

  constructor(options: OctomindReporterOptions = {}) {
    this.progressIntervalMs = options.progressIntervalMs ?? DEFAULTS.progressIntervalMs;
    claimAnnouncements();
  }

  /** Playwright still adds its default console reporter when this is the only one. */
  printsToStdio(): boolean {
    return false;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.state = StateDir.current();
    if (!this.state || !existsSync(this.state.manifest)) return;
    const manifest = readJson(this.state.manifest, manifestSchema);
    if (!suite.allTests().some(isRemote)) {
      // The setup cannot see --grep and friends: it started a run this Run shows none of. Its URL
      // is still said once; a Run that started nothing says nothing.
      if (manifest.reportUrl) this.say(`Octomind: this run shows none of the remote tests; the remote run goes on: ${manifest.reportUrl}`);
      return;
    }
    this.manifest = manifest;
    const keyOf = new Map(this.manifest.tests.map((test) => [test.title, test.key]));
    for (const test of suite.allTests()) {
      if (!isRemote(test)) {
        this.localPending.add(test.id);
        continue;
      }
      this.remoteTotal++;
      const key = keyOf.get(test.title);
      if (key) this.selectedKeys.add(key);
    }
    if (this.manifest.sentinel) this.say(`Octomind: ${this.manifest.sentinel.message}`);
    // In UI mode and VS Code the remote run starts after this; its URL is in the summary.
    else if (this.manifest.reportUrl) this.say(`Octomind: ${plural(this.manifest.tests.length, 'remote test')} running · ${this.manifest.reportUrl}`);
    this.maybeStartProgress();
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!this.manifest) return;
    if (!isRemote(test)) {
      const final = result.status === 'passed' || result.status === 'skipped' || result.status === 'interrupted' || result.retry >= test.retries;
      if (final) this.localPending.delete(test.id);
      this.maybeStartProgress();
      return;
    }
    const annotations = [...test.annotations, ...(result.annotations ?? [])];
    this.sessionReportUrl ??= annotations.find((a) => a.type === 'octomind.report')?.description;
    const status = annotations.findLast((a) => a.type === 'octomind.status')?.description;
    const category = categoryOf(status, result.status);
    this.outcomes.push({
      title: test.title,
      category,
      status: status ?? (result.status === 'skipped' ? 'SKIPPED' : result.status.toUpperCase()),
      duration: annotations.findLast((a) => a.type === 'octomind.duration')?.description,
      error: result.errors[0]?.message?.split('\n')[0],
    });
  }

  onEnd(_result: FullResult): void {
    this.stopProgress();
    if (!this.manifest) return;
    const reportUrl = this.manifest.reportUrl ?? this.sessionReportUrl;
    if (!this.manifest.sentinel || this.outcomes.length) {
      for (const line of consoleSummary(this.outcomes, reportUrl)) this.say(line);
    }
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) appendFileSync(summaryFile, markdownSummary(this.outcomes, reportUrl, this.manifest.sentinel?.message));
  }


  private maybeStartProgress(): void {
    if (this.timer || this.localPending.size > 0 || this.remoteTotal === 0 || this.manifest?.sentinel) return;
    this.printProgress();
    this.timer = setInterval(() => this.printProgress(), this.progressIntervalMs);
    this.timer.unref();
  }

  private printProgress(): void {
    const { done, failed } = this.resultsSoFar();
    if (done >= this.remoteTotal) return this.stopProgress();
    this.say(progressLine(done, this.remoteTotal, failed, this.manifest?.reportUrl));
  }

  /** Results the poller has written so far: local files, no API call. */
  private resultsSoFar(): { done: number; failed: number } {
    const results = this.state?.results;
    // Removed by the teardown: the proxies that ended are what is known.
    if (!results || !existsSync(results.file)) return { done: this.outcomes.length, failed: 0 };
    let done = 0;
    let failed = 0;
    for (const [key, result] of results.all()) {
      if (!this.selectedKeys.has(key)) continue;
      done++;
      if (!resultPassed(result)) failed++;
    }
    return { done, failed };
  }

  private stopProgress(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private say(line: string): void {
    process.stdout.write(`${cleanLine(line)}\n`);
  }
}

function isRemote(test: TestCase): boolean {
  return isOctomindProject(test.parent.project() ?? {});
}
