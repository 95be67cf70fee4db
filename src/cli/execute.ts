/** `playwright-octomind execute`: start one remote run, for every shard to attach to. */
import { appendFileSync } from 'node:fs';
import type { OctomindClient } from '../api/client.js';
import { OctomindConfigError } from '../api/errors.js';
import type { OctomindSettings } from '../options/options.js';
import { triggerRun } from '../trigger/start.js';
import { privateUrlWarning, unreachableUrl } from '../trigger/target-url.js';
import { EXIT } from './help.js';

export interface ExecuteIO {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

export async function execute(client: Pick<OctomindClient, 'executions' | 'appOrigin'>, settings: OctomindSettings, githubOutput: boolean, io: ExecuteIO): Promise<number> {
  const outputFile = io.env.GITHUB_OUTPUT;
  if (githubOutput && !outputFile) {
    throw new OctomindConfigError('--github-output', 'needs $GITHUB_OUTPUT, which GitHub Actions sets in every step. Outside Actions, read the id from the output instead.');
  }
  if (unreachableUrl(settings, true)) {
    throw new OctomindConfigError(
      '--url',
      `${settings.url} is this machine: Octomind runs its tests in its cloud and cannot reach it, so no run was started. ` +
        "Give the URL of a deployment Octomind can reach, such as the pull request's preview URL; or, if your Octomind environment reaches this machine through an Octomind private location, add --private-location true.",
    );
  }
  const mayNotReach = privateUrlWarning(settings);
  if (mayNotReach) io.err(mayNotReach);
  const run = await triggerRun(client, settings);
  io.out(`Octomind run started: ${run.reportUrl}`);
  io.out(`testReportId: ${run.reportId}`);
  io.out(`Attach Playwright (and every shard) with OCTOMIND_TEST_REPORT_ID=${run.reportId}`);
  if (githubOutput) appendFileSync(outputFile!, `testReportId=${run.reportId}\ntestReportUrl=${run.reportUrl}\n`);
  return EXIT.ok;
}
