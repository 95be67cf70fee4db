/**
 * The global setup appended by withOctomind. Runs in the runner process before test files load:
 * triggers the remote run (or attaches to one), writes the manifest once, starts the poller and
 * returns the teardown. It never throws: an outage, a bad key or an unknown target becomes one
 * failed sentinel test, so local tests always run.
 */
import { rmSync } from 'node:fs';
import type { FullConfig, FullProject } from '@playwright/test';
import { createOctomindClient, type OctomindClient } from '../api/client.js';
import { isOctomindProject, settingsOf, type OctomindSettings } from '../config.js';
import { writeSpecFile } from './generated-spec.js';
import { announce, warn } from './console.js';
import { runContext } from './context.js';
import { writeJsonAtomic } from './files.js';
import { manifestTests, testCaseIdOf } from './manifest.js';
import { Poller } from './poller.js';
import { STATE_ENV, StateDir, type Manifest, type Sentinel } from './state.js';
import { lookupTitles } from './titles.js';

export default async function globalSetup(config: FullConfig): Promise<(() => Promise<void>) | undefined> {
  const project = config.projects.find(isOctomindProject);
  if (!project) return undefined;
  const selected = (config.filteredProjects ?? config.projects).some((p) => p.name === project.name);
  if (!selected) return undefined;

  const settings = settingsOf(project);
  const state = StateDir.create();
  process.env[STATE_ENV] = state.root;
  writeSpecFile(project.testDir);
  const base: Manifest = { version: 1, projectName: project.name, timeoutMs: settings.timeoutMs, tests: [] };
  const removeState = async () => rmSync(state.root, { recursive: true, force: true });

  const apiKey = process.env.OCTOMIND_API_KEY;
  if (!apiKey) {
    const inCI = Boolean(process.env.CI);
    writeManifest(state, {
      ...base,
      sentinel: {
        title: 'Octomind: OCTOMIND_API_KEY is not set',
        outcome: inCI ? 'fail' : 'skip',
        message: inCI
          ? 'OCTOMIND_API_KEY is not set, so the Octomind tests did not run. Add it as a secret of this CI job (Octomind app → Settings → API keys).'
          : 'Set OCTOMIND_API_KEY to run the Octomind tests of this suite too.',
      },
    });
    return removeState;
  }

  const client = createOctomindClient({ apiUrl: settings.apiUrl, apiKey, apiVersion: settings.apiVersion, onWarning: warn });
  const started = Date.now();
  let manifest: Manifest;
  try {
    manifest = await startRun(client, settings, project, base);
  } catch (err) {
    await client.close();
    writeManifest(state, { ...base, sentinel: failure(err) });
    return removeState;
  }
  writeManifest(state, manifest);
  announce(`Octomind run: ${manifest.reportUrl} (${manifest.tests.length} test${manifest.tests.length === 1 ? '' : 's'})`);

  const poller = new Poller({
    client,
    state,
    tests: manifest.tests,
    testTargetId: manifest.testTargetId!,
    reportId: manifest.reportId!,
    reportUrl: manifest.reportUrl!,
    pollIntervalMs: settings.pollIntervalMs,
    timeoutMs: settings.timeoutMs,
    deadline: started + settings.timeoutMs,
  }).start();

  return async () => {
    const { complete } = await poller.stop();
    if (!complete) warn(`The Octomind run goes on remotely (Octomind has no cancel endpoint): ${manifest.reportUrl}`);
    await client.close();
    await removeState();
  };
}

async function startRun(client: OctomindClient, settings: OctomindSettings, project: FullProject, base: Manifest): Promise<Manifest> {
  const testTargetId = settings.testTargetId!;
  let reportId: string;
  let reportUrl: string | undefined;
  let report;
  if (settings.testReportId) {
    reportId = settings.testReportId;
    report = await client.testReports.get(testTargetId, reportId);
  } else {
    const executed = await client.executions.execute({
      testTargetId,
      url: settings.url!,
      context: runContext(settings.context),
      environmentName: settings.environmentName,
      tags: settings.tags,
      ...(settings.variablesToOverwrite && { variablesToOverwrite: settings.variablesToOverwrite }),
    });
    report = executed.testReport;
    reportId = report.id!;
    reportUrl = executed.testReportUrl;
  }
  reportUrl ??= `${client.appOrigin}/testreports/${reportId}`;
  const ids = [...new Set((report.testResults ?? []).flatMap((r) => testCaseIdOf(r) ?? []))];
  const titles = await lookupTitles(client, testTargetId, ids, warn);
  return { ...base, testTargetId, reportId, reportUrl, tests: manifestTests(report, titles) };
}

function failure(err: unknown): Sentinel {
  const message = err instanceof Error ? err.message : String(err);
  return { title: 'Octomind: the remote run could not start', outcome: 'fail', message: `${message}\nLocal tests ran as usual.` };
}

function writeManifest(state: StateDir, manifest: Manifest): void {
  writeJsonAtomic(state.manifest, manifest);
}

