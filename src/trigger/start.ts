/**
 * Starting (or attaching to) a remote run: execute is sent once, then the titles of its test cases
 * with as few requests as the API allows. poll/remote-run.ts follows what starts here.
 */
import type { OctomindClient } from '../api/client.js';
import type { ApiTestReport } from '../api/schemas.js';
import type { OctomindSettings } from '../options/options.js';
import { runContext } from '../ci/context.js';
import { manifestTests, testCaseIdOf } from './manifest-tests.js';
import type { ManifestTest } from '../state/manifest.js';
import { cleanLine } from '../text/clean.js';
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
  return { reportId, reportUrl: testReportUrl ? cleanLine(testReportUrl) : reportUrlOf(client, reportId), report: testReport };
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
