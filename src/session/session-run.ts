/**
 * A Run in UI mode, VS Code or watch mode: there global setup runs once per session, so the
 * plugin's reporter starts one remote run per Run that selects remote tests
 * (trigger-reporter.ts). `SessionRun.begin` runs in the reporter's `onBegin`, before the Run's workers
 * start: it writes the Run's manifest (exactly the selected remote tests, as listed) and points
 * the workers at it through the environment they inherit. The remote run itself starts in the
 * background; each selected test waits for its result, keyed by test case id.
 */
import type { OctomindClient } from '../api/client.js';
import type { OctomindSettings } from '../options/options.js';
import { removeNow, removeOnExit, sweepStaleStateDirs } from '../state/cleanup.js';
import { writeJsonAtomic } from '../state/files.js';
import { plural } from '../text/format.js';
import { readKnownTests, writeKnownTests } from '../generated/known-tests.js';
import { noApiKey, startFailureMessage } from '../trigger/messages.js';
import { privateUrlWarning, unreachableUrl } from '../trigger/target-url.js';
import { connect, goesOnRemotely, RemoteRun } from '../poll/remote-run.js';
import type { StartedRun } from '../trigger/start.js';
import { resultPassed, type RemoteResult } from '../state/result.js';
import { STATE_ENV, StateDir } from '../state/state-dir.js';
import { resultKey, type ListedTest, type Manifest, type ManifestTest } from '../state/manifest.js';

export interface SessionRunOptions {
  settings: OctomindSettings;
  projectName: string;
  /** The generated folder: where the last known list lives. */
  generatedDir: string;
  selected: readonly ListedTest[];
  warn: (message: string) => void;
  env?: Record<string, string | undefined>;
  createClient?: (apiKey: string) => OctomindClient;
}

const AGGREGATE_KEY = 'all';
const active = new Set<SessionRun>();

/**
 * A new session (UI mode's Reload, a reloaded tab) or the server's stop: every Run of this process
 * still waiting ends its tests at once with `reason`, since nothing would show their results.
 */
export async function interruptSessionRuns(reason: string): Promise<void> {
  sessions++;
  lastInterruption = reason;
  await Promise.all([...active].map((run) => run.interrupt(reason)));
}

let sessions = 0;
let lastInterruption = '';

/**
 * Which session this is. A Run that was under way (loading its tests) when a new session began
 * belongs to the old one: `sessionEndedSince` tells it so when it reaches onBegin.
 */
export function currentSession(): number {
  return sessions;
}

export function sessionEndedSince(session: number): string | undefined {
  return session === sessions ? undefined : lastInterruption;
}

export class SessionRun {
  private readonly state: StateDir;
  private readonly manifest: Manifest;
  private readonly work: Promise<void>;
  private client: OctomindClient | undefined;
  /** Set once the remote run has started and is followed. */
  private remote: RemoteRun | undefined;
  private ended = false;
  private interrupted = false;
  /** Set once following stops: a remote run that starts after this is not followed. */
  private stopping = false;
  private stopped: Promise<void> | undefined;

  private constructor(private readonly options: SessionRunOptions) {
    sweepStaleStateDirs();
    this.state = StateDir.create();
    removeOnExit(this.state.root);
    this.manifest = { version: 1, projectName: options.projectName, timeoutMs: options.settings.timeoutMs, tests: options.selected.map(manifestTest) };
    writeJsonAtomic(this.state.manifest, this.manifest);
    (options.env ?? process.env)[STATE_ENV] = this.state.root;
    active.add(this);
    this.work = this.follow().catch((err: unknown) =>
      this.settleRemaining({ kind: 'failure', status: 'NOT RUN', errorMessage: `The Octomind run could not start: ${startFailureMessage(err)}`, trace: { missing: 'The remote run did not start.' } }),
    );
  }

  /** Synchronous up to the point where the Run's workers can start. */
  static begin(options: SessionRunOptions): SessionRun {
    return new SessionRun(options);
  }

  /**
   * Every test still waiting fails at once with `reason` and polling stops. The state stays for
   * the proxies to read their reason, until the Run ends (`end`) or the process exits.
   */
  async interrupt(reason: string): Promise<void> {
    if (this.ended || this.interrupted) return;
    this.interrupted = true;
    active.delete(this);
    this.settleRemaining({ kind: 'failure', status: 'UNKNOWN', errorMessage: this.withUrl(reason), trace: { missing: 'The result did not arrive.' } });
    await this.stopFollowing();
  }

  /** The Run is over (its reporter's onEnd): stop following it and remove its state. */
  async end(): Promise<void> {
    if (this.ended) return;
    active.delete(this);
    await this.stopFollowing();
    this.ended = true;
    const env = this.options.env ?? process.env;
    if (env[STATE_ENV] === this.state.root) delete env[STATE_ENV];
    removeNow(this.state.root);
  }

  private stopFollowing(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      if (this.remote && !(await this.remote.stop())) this.options.warn(goesOnRemotely(this.remote.reportUrl));
      await this.work;
      await this.client?.close();
    })();
    return this.stopped;
  }

  private async follow(): Promise<void> {
    const { settings, env = process.env, warn } = this.options;
    const apiKey = env.OCTOMIND_API_KEY;
    if (!apiKey) {
      const { message, outcome } = noApiKey(Boolean(env.CI));
      return this.settleRemaining({ kind: outcome === 'skip' ? 'skipped' : 'failure', status: 'NOT RUN', errorMessage: message, trace: { missing: message } });
    }
    const unreachable = unreachableUrl(settings, Boolean(env.CI));
    if (unreachable) {
      const { message, outcome } = unreachable;
      return this.settleRemaining({ kind: outcome === 'skip' ? 'skipped' : 'failure', status: 'NOT RUN', errorMessage: message, trace: { missing: message } });
    }
    const mayNotReach = privateUrlWarning(settings);
    if (mayNotReach) warn(mayNotReach);
    const known = readKnownTests(this.options.generatedDir);
    this.client = this.options.createClient?.(apiKey) ?? connect(settings, apiKey, warn);
    const remote = await RemoteRun.start(this.client, settings, warn);
    const { run } = remote;
    if (this.stopping) {
      warn(goesOnRemotely(run.reportUrl));
      return;
    }
    this.remote = remote;
    writeJsonAtomic(this.state.runInfo, { reportId: run.reportId, reportUrl: run.reportUrl });
    writeKnownTests(this.options.generatedDir, run.tests);
    warn(`Octomind run: ${run.reportUrl} (${plural(run.tests.length, 'test')})`);
    if (run.tests.length === 0) {
      return this.settleRemaining({ kind: 'skipped', status: 'NOT RUN', errorMessage: `The Octomind run has no test cases: ${run.reportUrl}`, trace: { missing: 'No test ran.' } });
    }
    const aggregate = this.manifest.tests.some((test) => test.aggregate);
    const tests = aggregate ? run.tests : this.matchSelected(run);
    const listed = new Set(known?.tests.map((test) => test.testCaseId));
    const added = run.tests.filter((test) => !listed.has(test.testCaseId)).length;
    if (known && added) warn(`${plural(added, 'remote test')} not listed yet: reload UI mode (or refresh VS Code's test list) to see them.`);
    const results = new Map<string, RemoteResult>();
    await remote.follow(this.state, { tests, onResult: (test, result) => results.set(test.key, result) });
    if (aggregate && !this.stopping) this.write(AGGREGATE_KEY, aggregateResult(run.tests, results, run.reportUrl));
  }

  /** The selected tests, matched by test case id; one the run does not hold ends at once. */
  private matchSelected(run: StartedRun): ManifestTest[] {
    const tests: ManifestTest[] = [];
    for (const selected of this.manifest.tests) {
      const remote = run.tests.find((test) => test.testCaseId === selected.testCaseId);
      if (remote) tests.push({ ...remote, key: selected.key, title: selected.title });
      else {
        this.write(selected.key, {
          kind: 'failure',
          status: 'NOT IN RUN',
          errorMessage: this.withUrl('This test case is not part of the remote run (deleted, or left out by its tags). The next listing no longer shows it.'),
          trace: { missing: 'The test case did not run.' },
        });
      }
    }
    return tests;
  }

  private settleRemaining(result: RemoteResult): void {
    if (this.ended || this.stopping) return;
    for (const test of this.manifest.tests) {
      try {
        this.write(test.key, result);
      } catch {
        // The state is being removed by end(): the proxy then reports the run as gone.
      }
    }
  }

  /** A test's first result is its result: later ones (the run ending) leave it as it is. */
  private write(key: string, result: RemoteResult): void {
    this.state.results.add(key, result);
  }

  private withUrl(message: string): string {
    return this.remote ? `${message}\nOctomind report: ${this.remote.reportUrl}` : message;
  }
}

function manifestTest(selected: ListedTest): ManifestTest {
  if (selected.aggregate) return { key: AGGREGATE_KEY, occurrence: 0, testCaseId: '', title: selected.title, aggregate: true };
  return { key: resultKey(selected.testCaseId), occurrence: 0, testCaseId: selected.testCaseId, title: selected.title };
}

/** The whole run as one result: passed when every test passed, else each failure's first line. */
function aggregateResult(tests: readonly ManifestTest[], results: ReadonlyMap<string, RemoteResult>, reportUrl: string): RemoteResult {
  const failed = tests.filter((test) => {
    const result = results.get(test.key);
    return !result || !resultPassed(result);
  });
  const lines = failed.map((test) => `✘ ${test.title}: ${(results.get(test.key)?.errorMessage ?? 'no result').split('\n')[0]}`);
  const listing = 'The next listing (reload UI mode, or refresh VS Code) shows each remote test with its own result and trace.';
  return {
    kind: 'final',
    status: failed.length ? 'FAILED' : 'PASSED',
    errorMessage: failed.length ? `${plural(failed.length, 'remote test')} of ${tests.length} failed:\n${lines.join('\n')}\nOctomind report: ${reportUrl}\n${listing}` : null,
    trace: { missing: listing },
  };
}
