/**
 * Starting (or attaching to) a remote run: what the plugin's setup and the CLI share. Execute is
 * sent once; titles are looked up with as few requests as the API allows.
 */
import type { OctomindClient } from '../api/client.js';
import type { TestReport } from '../api/schemas.js';
import type { OctomindSettings } from '../options/options.js';
import { demandOf } from '../poll/cadence.js';
import { runContext } from '../ci/context.js';
import { manifestTests, testCaseIdOf } from './manifest-tests.js';
import { Poller, type PollerOptions } from '../poll/poller.js';
import type { ManifestTest, StateDir } from '../state/state-dir.js';
import { lookupTitles } from './titles.js';

export interface TriggeredRun {
  reportId: string;
  reportUrl: string;
  report: TestReport;
}

export interface StartedRun {
  testTargetId: string;
  reportId: string;
  reportUrl: string;
  tests: ManifestTest[];
}

export async function triggerRun(client: Pick<OctomindClient, 'executions' | 'appOrigin'>, settings: OctomindSettings): Promise<TriggeredRun> {
  const { testReport, testReportUrl } = await client.executions.execute({
    testTargetId: settings.testTargetId!,
    url: settings.url!,
    context: runContext(settings.context),
    environmentName: settings.environmentName,
    tags: settings.tags,
    ...(settings.variablesToOverwrite && { variablesToOverwrite: settings.variablesToOverwrite }),
    ...(settings.browser && { browser: settings.browser }),
    ...(settings.breakpoint && { breakpoint: settings.breakpoint }),
  });
  const reportId = testReport.id!;
  return { reportId, reportUrl: testReportUrl ?? reportUrlOf(client, reportId), report: testReport };
}

/** Execute, or attach to `settings.testReportId`; then the titles of the run's test cases. */
export async function startRun(client: OctomindClient, settings: OctomindSettings, warn: (message: string) => void): Promise<StartedRun> {
  const testTargetId = settings.testTargetId!;
  const { reportId, reportUrl, report } = settings.testReportId
    ? { reportId: settings.testReportId, reportUrl: reportUrlOf(client, settings.testReportId), report: await client.testReports.get(testTargetId, settings.testReportId) }
    : await triggerRun(client, settings);
  const ids = [...new Set((report.testResults ?? []).flatMap((r) => testCaseIdOf(r) ?? []))];
  const titles = await lookupTitles(client, testTargetId, ids, warn);
  return { testTargetId, reportId, reportUrl, tests: manifestTests(report, titles) };
}

function reportUrlOf(client: Pick<OctomindClient, 'appOrigin'>, reportId: string): string {
  return `${client.appOrigin}/testreports/${encodeURIComponent(reportId)}`;
}

/**
 * Polls a started run into `state` until every result is final or `timeoutMs` after `startedAt`,
 * at the cadence the run's proxy tests ask for through `state` (cadence.ts).
 */
export function followRun(
  client: OctomindClient,
  state: StateDir,
  run: StartedRun,
  settings: Pick<OctomindSettings, 'pollIntervalMs' | 'timeoutMs'>,
  startedAt: number,
  options: Pick<PollerOptions, 'onResult' | 'awaitDemand'> = {},
): Poller {
  return new Poller({
    client,
    state,
    tests: run.tests,
    testTargetId: run.testTargetId,
    reportId: run.reportId,
    reportUrl: run.reportUrl,
    pollIntervalMs: settings.pollIntervalMs,
    timeoutMs: settings.timeoutMs,
    deadline: startedAt + settings.timeoutMs,
    demand: demandOf(state),
    ...options,
  }).start();
}

/** Said whenever the wait ends before the run: Octomind has no cancel endpoint. */
export function goesOnRemotely(reportUrl: string): string {
  return `The Octomind run goes on remotely (Octomind has no cancel endpoint): ${reportUrl}`;
}
