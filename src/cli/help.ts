import { OPTION_ENV } from '../options/options.js';
import { SETTING_FLAGS } from './flags.js';

export const EXIT = {
  ok: 0,
  /** Remote tests failed, errored or did not finish in time. */
  remoteFailed: 1,
  /** A wrong flag, option or missing key: nothing was sent. */
  usage: 2,
  /** Octomind answered with an error (auth, unknown id) or was unavailable. */
  octomind: 3,
  /** A bug in playwright-octomind: please report it with the output. */
  internal: 4,
  interrupted: 130,
} as const;

export function helpText(): string {
  const width = Math.max(...SETTING_FLAGS.map((f) => `--${f.flag} ${f.value}`.length));
  const flags = SETTING_FLAGS.map((f) => {
    const env = OPTION_ENV[f.option];
    return `  ${`--${f.flag} ${f.value}`.padEnd(width)}  ${f.description}${env ? ` [${env}]` : ''}`;
  });
  return [
    'playwright-octomind: trigger and follow Octomind runs from CI, with the settings of the Playwright plugin.',
    '',
    'Usage:',
    '  npx playwright-octomind execute [options] [--github-output]',
    '      Start one remote run; print its report URL and id. --github-output also writes',
    '      testReportId and testReportUrl to $GITHUB_OUTPUT, for shards to attach with',
    '      OCTOMIND_TEST_REPORT_ID.',
    '  npx playwright-octomind wait <testReportId> [options] [--traces <dir>]',
    '      Follow a run until every result is final: progress per result, traces into <dir>.',
    '  npx playwright-octomind doctor [options]',
    '      Check what a first run needs, each with ✓ or ✘ and the fix; starts no run.',
    '',
    'Options (a flag beats its environment variable):',
    ...flags,
    `  ${'--help'.padEnd(width)}  this text`,
    '',
    'Environment:',
    '  OCTOMIND_API_KEY (required)  API key, sent as X-API-Key to the API host only',
    '',
    'Exit codes:',
    `  ${EXIT.ok}    execute: the run started; wait: every remote test passed; doctor: every check passed`,
    `  ${EXIT.remoteFailed}    wait: a remote test failed, errored or did not finish within the timeout; doctor: a check failed`,
    `  ${EXIT.usage}    a wrong flag or setting, or OCTOMIND_API_KEY missing: nothing was sent`,
    `  ${EXIT.octomind}    Octomind refused (key, unknown id) or was unavailable`,
    `  ${EXIT.internal}    an unexpected error in playwright-octomind (please report it)`,
    `  ${EXIT.interrupted}  interrupted (the remote run goes on; Octomind has no cancel)`,
    '',
  ].join('\n');
}
