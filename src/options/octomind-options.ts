/**
 * The public options type, written out so that each option's documentation reaches the user's
 * editor. JSDoc on the properties of `settingsSchema` does reach `z.input` in the source, but the
 * declaration emit prints the schema's inferred type without it, and users see dist/*.d.ts. The
 * schema stays the one source of truth: options.ts checks at compile time that this interface is
 * exactly `z.input<typeof settingsSchema>`, both ways.
 *
 * Rule for every option (test/unit/options-docs.test.ts enforces it): a description, its
 * environment variable (or "No environment variable"), and a `@default` tag: the schema's default
 * as a literal, or, for an option the schema gives none, what happens when it is unset.
 */
import type { ExecutionContext } from '../api/schemas.js';

/**
 * What `withOctomind(config, options)` accepts: which Octomind test target runs against which
 * deployment, and how the plugin waits for it. Every option may also be set by the `OCTOMIND_*`
 * environment variable named on it: the environment overrides the option, the option overrides
 * the default. A bad value stops the run before anything is sent to Octomind, naming the option
 * and the fix.
 *
 * The API key is not an option: secrets stay out of config files. Set `OCTOMIND_API_KEY` in the
 * environment. Without it the local tests run as always and the Octomind project holds one test
 * saying what to set: skipped locally, failed when `CI` is set.
 *
 * @example
 * export default withOctomind(defineConfig({ use: { baseURL: 'https://staging.example.com' } }), {
 *   testTargetId: '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc', // or OCTOMIND_TEST_TARGET_ID
 * });
 */
export interface OctomindOptions {
  /**
   * The Octomind API base. Set it only for an Octomind other than app.octomind.dev. Accepted with
   * or without the trailing `/api`; `https` only (plain `http` only for localhost), since the API
   * key is sent to this host.
   *
   * Environment variable: `OCTOMIND_API_URL`.
   *
   * @default 'https://app.octomind.dev/api'
   */
  apiUrl?: string | undefined;

  /**
   * The Octomind test target whose test cases run remotely: its id (a uuid), copied from the
   * Octomind app.
   *
   * Environment variable: `OCTOMIND_TEST_TARGET_ID`.
   *
   * @default none: required when `OCTOMIND_API_KEY` is set; without the key nothing is sent and it may be left out.
   */
  testTargetId?: string | undefined;

  /**
   * The http(s) URL of the deployment Octomind tests. Set it when Octomind should test another
   * deployment than the config's `use.baseURL`, e.g. a preview deployment. Not needed with
   * `testReportId`: that run has its URL already.
   *
   * Environment variable: `OCTOMIND_URL`.
   *
   * @default the config's `use.baseURL`; when that is unset too, required when `OCTOMIND_API_KEY` is set (unless `testReportId` is).
   * @example 'https://staging.example.com'
   */
  url?: string | undefined;

  /**
   * The Octomind environment reaches your network through an Octomind private location, so a
   * `url` on this machine (localhost, 127.0.0.1) or in a private network is sent as it is. Without
   * it a loopback `url` starts no run (Octomind's cloud cannot reach it): the remote project holds
   * one test saying so, skipped locally and failed in CI; a private address is sent with a warning.
   *
   * Environment variable: `OCTOMIND_PRIVATE_LOCATION` (`true` or `false`).
   *
   * @default false
   */
  privateLocation?: boolean | undefined;

  /**
   * The name of the Octomind environment the test cases run in.
   *
   * Environment variable: `OCTOMIND_ENVIRONMENT`.
   *
   * @default 'default'
   */
  environmentName?: string | undefined;

  /**
   * Run only the test cases that have one of these tags.
   *
   * Environment variable: `OCTOMIND_TAGS`, a comma-separated list (`OCTOMIND_TAGS=smoke,checkout`).
   *
   * @default [] (every test case of the test target)
   * @example ['smoke', 'checkout']
   */
  tags?: string[] | undefined;

  /**
   * Values of the test target's variables for this run, instead of those stored in Octomind:
   * variable name → values.
   *
   * No environment variable.
   *
   * @default none: the variables stored in Octomind are used.
   * @example { SPACE_ID: ['64ee32b4-7365-47a6-b5b0-2903b6ad849d'] }
   */
  variablesToOverwrite?: Record<string, string[]> | undefined;

  /**
   * Octomind's execute API: `'v2'` (the documented execute endpoint) or `'v3'`, which adds
   * `browser` and `breakpoint`.
   *
   * Environment variable: `OCTOMIND_API_VERSION`.
   *
   * @default 'v2'
   */
  apiVersion?: 'v2' | 'v3' | undefined;

  /**
   * The browser Octomind runs the test cases in. v3 only: set `apiVersion: 'v3'` too (with v2 it
   * is an error).
   *
   * Environment variable: `OCTOMIND_BROWSER`.
   *
   * @default none: Octomind's own default, `CHROMIUM`.
   */
  browser?: 'CHROMIUM' | 'FIREFOX' | 'SAFARI' | undefined;

  /**
   * The viewport Octomind runs the test cases in. v3 only, like `browser`: set `apiVersion: 'v3'`
   * too (with v2 it is an error).
   *
   * Environment variable: `OCTOMIND_BREAKPOINT`.
   *
   * @default none: Octomind's own default, `DESKTOP`.
   */
  breakpoint?: 'MOBILE' | 'TABLET' | 'DESKTOP' | undefined;

  /**
   * The execution context sent with the run: where it came from. `'auto'` picks the richest
   * context the CI allows: GitHub Actions, and Azure Pipelines with `SYSTEM_ACCESSTOKEN` mapped,
   * get their own, with which Octomind comments on the pull request; any other CI and a developer
   * machine get `'manual'`, with a description that leads back to the build. `'manual'` always
   * sends that; an execution context object is sent as it is.
   *
   * No environment variable.
   *
   * @default 'auto'
   */
  context?: 'auto' | 'manual' | ExecutionContext | undefined;

  /**
   * Attach to a run that was already triggered instead of starting one: the run's test report id
   * (a uuid), as printed by `npx playwright-octomind execute`. Set it in every shard of a sharded
   * run (a sharded run without it fails), so that one remote run serves all shards; `url` is then
   * not needed.
   *
   * Environment variable: `OCTOMIND_TEST_REPORT_ID`.
   *
   * @default none: each `npx playwright test` triggers a new run.
   */
  testReportId?: string | undefined;

  /**
   * How often, in milliseconds, the run's report is polled while the local tests still run. Once a
   * remote test runs, it is polled every second (or at this interval, if shorter). Between 250 and
   * 600000.
   *
   * Environment variable: `OCTOMIND_POLL_INTERVAL_MS`.
   *
   * @default 5000
   */
  pollIntervalMs?: number | undefined;

  /**
   * How long, in milliseconds, to wait for the remote run. Remote tests still waiting then fail,
   * naming the timeout and the report URL. At least 1000.
   *
   * Environment variable: `OCTOMIND_TIMEOUT_MS`.
   *
   * @default 7200000 (2 hours)
   */
  timeoutMs?: number | undefined;

  /**
   * Which remote tests get a `screenshot` attachment: the frame of their trace's screencast that
   * shows the page as the test failed (the last frame at or before the end of the failing action),
   * shown under the error in the HTML report and listed by the JUnit reporter. `'only-on-failure'`:
   * failed remote tests (FAILED, and ERROR where Octomind recorded a trace); `'on'`: every remote
   * test with a trace (a passed one shows the page as it ended); `'off'`: none. The same words as
   * Playwright's `use.screenshot`. A trace without frames, or one that cannot be read, gives none.
   *
   * Environment variable: `OCTOMIND_SCREENSHOT`.
   *
   * @default 'only-on-failure'
   */
  screenshot?: 'off' | 'only-on-failure' | 'on' | undefined;

  /**
   * The name of the Playwright project that holds the remote tests (`--project <name>` selects
   * them). Set it when one of your projects is already called `octomind`.
   *
   * No environment variable.
   *
   * @default 'octomind'
   */
  projectName?: string | undefined;
}
