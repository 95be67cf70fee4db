/**
 * The user's options and OCTOMIND_* environment → validated settings. Env overrides options,
 * options override defaults; one zod schema checks the result, and every problem is reported
 * at once, naming the option (or variable), the value and the fix.
 */
import { z } from 'zod';
import { resolveApiBase } from '../api/base-url.js';
import { DEFAULT_API_URL, DEFAULTS } from '../defaults.js';
import { OctomindConfigError } from '../api/errors.js';
import { API_VERSIONS, breakpointSchema, browserSchema, executionContextSchema } from '../api/schemas.js';
import type { OctomindOptions } from './octomind-options.js';

export type { OctomindOptions };

export const DEFAULT_PROJECT_NAME = 'octomind';

const SOURCES = {
  apiUrl: 'OCTOMIND_API_URL',
  testTargetId: 'OCTOMIND_TEST_TARGET_ID',
  url: 'OCTOMIND_URL',
  privateLocation: 'OCTOMIND_PRIVATE_LOCATION',
  environmentName: 'OCTOMIND_ENVIRONMENT',
  tags: 'OCTOMIND_TAGS',
  variablesToOverwrite: undefined,
  apiVersion: 'OCTOMIND_API_VERSION',
  browser: 'OCTOMIND_BROWSER',
  breakpoint: 'OCTOMIND_BREAKPOINT',
  context: undefined,
  testReportId: 'OCTOMIND_TEST_REPORT_ID',
  pollIntervalMs: 'OCTOMIND_POLL_INTERVAL_MS',
  timeoutMs: 'OCTOMIND_TIMEOUT_MS',
  screenshot: 'OCTOMIND_SCREENSHOT',
  projectName: undefined,
} as const;

/** The words of Playwright's `use.screenshot`, for the frame a remote trace holds. */
export const SCREENSHOT_MODES = ['off', 'only-on-failure', 'on'] as const;
export type ScreenshotMode = (typeof SCREENSHOT_MODES)[number];

/** Each option and the environment variable that sets it (the CLI's help lists them). */
export const OPTION_ENV: Readonly<Record<OptionName, string | undefined>> = SOURCES;

export type OptionName = keyof typeof SOURCES;

const FIXES: Record<OptionName, string> = {
  apiUrl: 'use the API base, e.g. https://app.octomind.dev/api (https; plain http only for localhost)',
  testTargetId: 'copy the test target id (a uuid) from the Octomind app',
  url: 'give the http(s) URL of the deployment Octomind should test, or set use.baseURL',
  privateLocation: 'use true or false (OCTOMIND_PRIVATE_LOCATION=true)',
  environmentName: 'use the name of an Octomind environment, e.g. default',
  tags: 'give a list of tag names (OCTOMIND_TAGS=smoke,checkout)',
  variablesToOverwrite: 'give an object of string arrays, e.g. { SPACE_ID: ["64ee…"] }',
  apiVersion: 'use "v2" or "v3"',
  browser: `use one of ${browserSchema.options.join(', ')}`,
  breakpoint: `use one of ${breakpointSchema.options.join(', ')}`,
  context: 'use "auto", "manual", or an Octomind execution context object',
  testReportId: 'give the id (a uuid) printed by the run that triggered it',
  pollIntervalMs: `give milliseconds between ${DEFAULTS.minPollIntervalMs} and ${DEFAULTS.maxPollIntervalMs}`,
  timeoutMs: `give milliseconds, at least ${DEFAULTS.minTimeoutMs}`,
  screenshot: `use one of ${SCREENSHOT_MODES.join(', ')}`,
  projectName: 'give a non-empty project name that no other project uses',
};

const uuid = z.uuid({ error: 'must be a uuid' });
const int = (min: number, max?: number) => {
  const base = z.number({ error: 'must be a number of milliseconds' }).int().min(min, { error: `must be at least ${min}` });
  return max === undefined ? base : base.max(max, { error: `must be at most ${max}` });
};

/** Each option's meaning, environment variable and default are documented on `OctomindOptions` (octomind-options.ts). */
export const settingsSchema = z.object({
  apiUrl: z.string().default(DEFAULT_API_URL),
  testTargetId: uuid.optional(),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  privateLocation: z.boolean({ error: 'must be true or false' }).default(false),
  environmentName: z.string().min(1, { error: 'must not be empty' }).default('default'),
  tags: z.array(z.string().min(1, { error: 'must not contain empty tags' })).default([]),
  variablesToOverwrite: z.record(z.string(), z.array(z.string())).optional(),
  apiVersion: z.enum(API_VERSIONS, { error: 'must be "v2" or "v3"' }).default('v2'),
  browser: z.enum(browserSchema.options, { error: `must be ${browserSchema.options.join(', ')}` }).optional(),
  breakpoint: z.enum(breakpointSchema.options, { error: `must be ${breakpointSchema.options.join(', ')}` }).optional(),
  context: z.union([z.literal('auto'), z.literal('manual'), executionContextSchema]).default('auto'),
  testReportId: uuid.optional(),
  pollIntervalMs: int(DEFAULTS.minPollIntervalMs, DEFAULTS.maxPollIntervalMs).default(DEFAULTS.pollIntervalMs),
  timeoutMs: int(DEFAULTS.minTimeoutMs).default(DEFAULTS.timeoutMs),
  screenshot: z.enum(SCREENSHOT_MODES, { error: `must be ${SCREENSHOT_MODES.map((mode) => `"${mode}"`).join(', ')}` }).default(DEFAULTS.screenshot),
  projectName: z.string().min(1, { error: 'must not be empty' }).default(DEFAULT_PROJECT_NAME),
});

export type OctomindSettings = z.infer<typeof settingsSchema>;

/** Whether A and B are the same type: TypeScript's identity relation, stricter than assignability both ways. */
type Identical<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Holds<T extends true> = T;
/**
 * The documented `OctomindOptions` is exactly what the schema accepts: assignable both ways, and
 * identical (the same keys, types and optionality). An option added to, changed in or removed from
 * one of them and not the other fails the build here.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- a compile-time check only
type OptionsAreTheSchemasInput = Holds<
  [OctomindOptions] extends [z.input<typeof settingsSchema>]
    ? [z.input<typeof settingsSchema>] extends [OctomindOptions]
      ? Identical<OctomindOptions, z.input<typeof settingsSchema>>
      : false
    : false
>;

type Env = Record<string, string | undefined>;

/** Options only Octomind's v3 execute request has. */
const V3_ONLY = ['browser', 'breakpoint'] as const satisfies readonly OptionName[];

/**
 * An option given as text (an env var, a CLI flag). Text that is not a whole number stays text,
 * so the schema's message shows what was typed.
 */
export function optionFromText(name: OptionName, raw: string): unknown {
  switch (name) {
    case 'tags':
      return raw.split(',').map((tag) => tag.trim()).filter(Boolean);
    case 'pollIntervalMs':
    case 'timeoutMs':
      return /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    case 'privateLocation':
      return /^\s*(true|1)\s*$/i.test(raw) ? true : /^\s*(false|0)\s*$/i.test(raw) ? false : raw;
    default:
      return raw.trim();
  }
}

/** Who passed the options, for messages: the config file's withOctomind call, or the CLI's flags. */
export interface SettingsSource {
  subject: string;
  /** How an option given by this source is named, e.g. `--url` for the CLI. */
  optionLabel: (name: OptionName) => string;
}

const CONFIG_SOURCE: SettingsSource = {
  subject: 'withOctomind(config, options)',
  optionLabel: (name) => (SOURCES[name] ? `${name} (${SOURCES[name]})` : name),
};

/**
 * @param baseURL the config's `use.baseURL`, the default of `url`
 * @param apiKeySet whether OCTOMIND_API_KEY is set: only then are testTargetId and url required
 */
export function resolveSettings(options: OctomindOptions, env: Env, baseURL: string | undefined, apiKeySet: boolean, source: SettingsSource = CONFIG_SOURCE): OctomindSettings {
  const input: Record<string, unknown> = { ...options };
  const label: Record<string, string> = {};
  for (const [name, variable] of Object.entries(SOURCES) as Array<[OptionName, string | undefined]>) {
    label[name] = source.optionLabel(name);
    const given = (options as Record<string, unknown>)[name];
    if (typeof given === 'string' || typeof given === 'number' || typeof given === 'boolean') label[name] += ` = ${JSON.stringify(given)}`;
    const raw = variable ? env[variable] : undefined;
    if (raw !== undefined && raw !== '') {
      input[name] = optionFromText(name, raw);
      label[name] = `${variable}=${JSON.stringify(raw)}`;
    }
  }
  if (input.url === undefined && baseURL) {
    input.url = baseURL;
    label.url = `url (from use.baseURL ${JSON.stringify(baseURL)})`;
  }

  const problems: string[] = [];
  const unknown = Object.keys(options).filter((key) => !Object.hasOwn(SOURCES, key));
  for (const key of unknown) problems.push(`  ✖ ${key}: is not an option of withOctomind\n    → fix: remove it; the options are ${Object.keys(SOURCES).join(', ')}`);

  const apiUrl = input.apiUrl ?? DEFAULT_API_URL;
  if (typeof apiUrl === 'string') {
    try {
      resolveApiBase(apiUrl, label.apiUrl);
    } catch (err) {
      problems.push(`  ✖ ${(err as Error).message.replace(/^playwright-octomind: /, '')}\n    → fix: ${FIXES.apiUrl}`);
    }
  }
  const parsed = settingsSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]) as OptionName;
      problems.push(`  ✖ ${label[name] ?? name}: ${issue.message}\n    → fix: ${FIXES[name] ?? 'see the README'}`);
    }
  } else {
    if (apiKeySet && !parsed.data.testTargetId) {
      problems.push(`  ✖ ${source.optionLabel('testTargetId')}: is required when OCTOMIND_API_KEY is set\n    → fix: ${FIXES.testTargetId}`);
    }
    if (apiKeySet && !parsed.data.url && !parsed.data.testReportId) {
      problems.push(`  ✖ ${source.optionLabel('url')}: is required to start a run${source === CONFIG_SOURCE ? ', and use.baseURL is not set' : ''}\n    → fix: ${FIXES.url}`);
    }
    const v3Only = V3_ONLY.filter((name) => parsed.data[name] !== undefined);
    if (v3Only.length && parsed.data.apiVersion === 'v2') {
      const useV3 = source === CONFIG_SOURCE ? "apiVersion: 'v3'" : '--api-version v3';
      problems.push(
        `  ✖ ${v3Only.map((name) => label[name]).join(', ')}: ${v3Only.length > 1 ? 'need' : 'needs'} Octomind's v3 API, and apiVersion is v2\n` +
          `    → fix: set ${useV3} (OCTOMIND_API_VERSION=v3), or remove ${v3Only.length > 1 ? 'them' : 'it'}`,
      );
    }
  }
  if (problems.length) {
    throw new OctomindConfigError(source.subject, `has invalid settings; nothing was sent to Octomind:\n${problems.join('\n')}`);
  }
  return parsed.data!;
}
