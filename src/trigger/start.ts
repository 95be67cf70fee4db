/**
 * Starting (or attaching to) a remote run: execute is sent once, then the titles of its test cases
 * with as few requests as the API allows. poll/remote-run.ts follows what starts here.
 */
import type { OctomindClient } from '../api/client.js';
import { OctomindUnavailableError } from '../api/errors.js';
import type { ApiTestReport } from '../api/schemas.js';
import { runContext } from '../ci/context.js';
import { DEFAULTS } from '../defaults.js';
import type { OctomindSettings } from '../options/options.js';
import type { ManifestTest } from '../state/manifest.js';
import { cleanLine } from '../text/clean.js';
import { manifestTests, testCaseIdOf } from './manifest-tests.js';
import { lookupTitles } from './titles.js';

export interface TriggeredRun {
  reportId: string;
  reportUrl: string;
  report: ApiTestReport;
}

export interface StartedRun {
  testTargetId: string;
  reportId: string;
  reportUrl: string;
  tests: ManifestTest[];
}

export async function triggerRun(
  client: Pick<OctomindClient, 'executions' | 'appOrigin'>,
  settings: OctomindSettings,
  signal: AbortSignal = AbortSignal.timeout(DEFAULTS.startDeadlineMs),
): Promise<TriggeredRun> {
  const request = {
    testTargetId: settings.testTargetId!,
    url: settings.url!,
    context: runContext(settings.context),
    environmentName: settings.environmentName,
    tags: settings.tags,
    ...(settings.variablesToOverwrite && { variablesToOverwrite: settings.variablesToOverwrite }),
    ...(settings.browser && { browser: settings.browser }),
    ...(settings.breakpoint && { breakpoint: settings.breakpoint }),
  };
  const { testReport, testReportUrl } = await inTime(signal, 'POST execute', true, () => client.executions.execute(request, signal));
  const reportId = testReport.id!;
  return { reportId, reportUrl: testReportUrl ? cleanLine(testReportUrl) : reportUrlOf(client, reportId), report: testReport };
}

/**
 * Execute, or attach to `settings.testReportId`; then the titles of the run's test cases. All of it
 * within `deadlineMs`: the local tests wait for it.
 */
export async function startRun(
  client: OctomindClient,
  settings: OctomindSettings,
  warn: (message: string) => void,
  deadlineMs: number = DEFAULTS.startDeadlineMs,
): Promise<StartedRun> {
  const testTargetId = settings.testTargetId!;
  const signal = AbortSignal.timeout(deadlineMs);
  const { reportId, reportUrl, report } = settings.testReportId
    ? {
        reportId: settings.testReportId,
        reportUrl: reportUrlOf(client, settings.testReportId),
        report: await inTime(signal, 'GET test report', false, () => client.testReports.get(testTargetId, settings.testReportId!, signal)),
      }
    : await triggerRun(client, settings, signal);
  const ids = [...new Set((report.testResults ?? []).flatMap((r) => testCaseIdOf(r) ?? []))];
  const titles = await lookupTitles(client, testTargetId, ids, warn, signal);
  return { testTargetId, reportId, reportUrl, tests: manifestTests(report, titles) };
}

/** A request cut by the start's deadline fails as one Octomind did not answer. */
async function inTime<T>(signal: AbortSignal, what: string, mayHaveStarted: boolean, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (!signal.aborted) throw err;
    throw new OctomindUnavailableError(what, 1, 'no answer before the start of the run timed out', { mayHaveStarted });
  }
}

function reportUrlOf(client: Pick<OctomindClient, 'appOrigin'>, reportId: string): string {
  return `${client.appOrigin}/testreports/${encodeURIComponent(reportId)}`;
}
