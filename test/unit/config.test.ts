/**
 * Options + OCTOMIND_* env → validated settings: defaults, env precedence, and error messages that
 * name the option (or variable), the value and the fix, all problems at once, never the API key.
 */
import { describe, expect, it } from 'vitest';
import { OctomindConfigError } from '../../src/api/errors.js';
import { DEFAULTS } from '../../src/defaults.js';
import { DEFAULT_PROJECT_NAME, resolveSettings, settingsSchema, type OctomindOptions } from '../../src/options/options.js';
import { METADATA_KEY, isOctomindProject, settingsOf } from '../../src/options/project-metadata.js';

const TT = '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc';
const TT_ENV = '3435918b-3d29-4ebd-8c68-9a540532f45a';
const REPORT = '826c15af-644b-4b28-89b4-f50ff34e46b7';
const API_KEY = 'secret-key-xyz';

type Env = Record<string, string | undefined>;

/** The thrown error (asserting it is an OctomindConfigError), so its message can be checked. */
function configError(options: OctomindOptions, env: Env = {}, baseURL?: string, apiKeySet = false): OctomindConfigError {
  let thrown: unknown;
  try {
    resolveSettings(options, env, baseURL, apiKeySet);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(OctomindConfigError);
  const error = thrown as OctomindConfigError;
  expect(error.code).toBe('OCTOMIND_CONFIG');
  expect(error.message).toMatch(/^playwright-octomind: withOctomind\(config, options\) has invalid settings; nothing was sent to Octomind:\n/);
  return error;
}

/** The `✖` lines of a config error: one per problem. */
function problems(error: Error): string[] {
  return error.message.split('\n').filter((line) => line.startsWith('  ✖ '));
}

describe('resolveSettings: defaults', () => {
  it('fills every default when nothing is given', () => {
    expect(resolveSettings({}, {}, undefined, false)).toEqual({
      apiUrl: 'https://app.octomind.dev/api',
      privateLocation: false,
      environmentName: 'default',
      tags: [],
      apiVersion: 'v2',
      context: 'auto',
      pollIntervalMs: 5000,
      timeoutMs: 2 * 60 * 60 * 1000,
      screenshot: 'only-on-failure',
      projectName: 'octomind',
    });
  });

  it('exports the defaults it uses', () => {
    expect([DEFAULTS.pollIntervalMs, DEFAULTS.timeoutMs, DEFAULT_PROJECT_NAME]).toEqual([5000, 7_200_000, 'octomind']);
  });

  it('keeps every option it is given', () => {
    const options: OctomindOptions = {
      apiUrl: 'https://octomind.internal.example.com/api',
      testTargetId: TT,
      url: 'https://staging.example.com',
      privateLocation: true,
      environmentName: 'staging',
      tags: ['smoke', 'cart'],
      variablesToOverwrite: { SPACE_ID: ['64ee'] },
      apiVersion: 'v3',
      context: 'manual',
      testReportId: REPORT,
      pollIntervalMs: 250,
      timeoutMs: 1000,
      screenshot: 'off',
      projectName: 'remote',
    };
    expect(resolveSettings(options, {}, undefined, true)).toEqual(options);
  });

  it('accepts an execution context object', () => {
    const context = { source: 'github', repo: 'shop', owner: 'acme', sha: 'abc123' } as const;
    expect(resolveSettings({ context }, {}, undefined, false).context).toEqual(context);
  });

  it('falls back to use.baseURL for url', () => {
    expect(resolveSettings({}, {}, 'https://base.example.com', false).url).toBe('https://base.example.com');
  });

  it('prefers the url option over use.baseURL', () => {
    expect(resolveSettings({ url: 'https://option.example.com' }, {}, 'https://base.example.com', false).url).toBe('https://option.example.com');
  });

  it('leaves url unset without option, env or baseURL', () => {
    expect(resolveSettings({}, {}, undefined, false).url).toBeUndefined();
    expect(resolveSettings({}, {}, '', false).url).toBeUndefined();
  });
});

describe('resolveSettings: env overrides options', () => {
  it.each([
    ['OCTOMIND_TEST_TARGET_ID', 'testTargetId', { testTargetId: TT }, TT_ENV, TT_ENV],
    ['OCTOMIND_URL', 'url', { url: 'https://option.example.com' }, 'https://env.example.com', 'https://env.example.com'],
    ['OCTOMIND_ENVIRONMENT', 'environmentName', { environmentName: 'staging' }, 'production', 'production'],
    ['OCTOMIND_API_VERSION', 'apiVersion', { apiVersion: 'v2' }, 'v3', 'v3'],
    ['OCTOMIND_POLL_INTERVAL_MS', 'pollIntervalMs', { pollIntervalMs: 1000 }, '2500', 2500],
    ['OCTOMIND_TIMEOUT_MS', 'timeoutMs', { timeoutMs: 60_000 }, '90000', 90_000],
    ['OCTOMIND_TEST_REPORT_ID', 'testReportId', { testReportId: TT }, REPORT, REPORT],
    ['OCTOMIND_API_URL', 'apiUrl', { apiUrl: 'https://option.example.com/api' }, 'http://127.0.0.1:4010/api', 'http://127.0.0.1:4010/api'],
    ['OCTOMIND_TAGS', 'tags', { tags: ['option'] }, 'smoke,cart', ['smoke', 'cart']],
    ['OCTOMIND_SCREENSHOT', 'screenshot', { screenshot: 'on' }, 'off', 'off'],
  ] as const)('%s overrides %s', (variable, name, options, raw, expected) => {
    const settings = resolveSettings(options as OctomindOptions, { [variable]: raw }, undefined, false);
    expect(settings[name]).toEqual(expected);
  });

  it('OCTOMIND_URL also wins over use.baseURL', () => {
    expect(resolveSettings({}, { OCTOMIND_URL: 'https://env.example.com' }, 'https://base.example.com', false).url).toBe('https://env.example.com');
  });

  it('OCTOMIND_TAGS: a comma list, trimmed, without empty entries', () => {
    expect(resolveSettings({}, { OCTOMIND_TAGS: ' smoke , ,cart,, checkout ,' }, undefined, false).tags).toEqual(['smoke', 'cart', 'checkout']);
  });

  it('OCTOMIND_TAGS of only commas and spaces means no tag filter', () => {
    expect(resolveSettings({ tags: ['option'] }, { OCTOMIND_TAGS: ' , ' }, undefined, false).tags).toEqual([]);
  });

  it('trims string env values', () => {
    const settings = resolveSettings({}, { OCTOMIND_TEST_TARGET_ID: `  ${TT}\n`, OCTOMIND_ENVIRONMENT: ' staging ' }, undefined, false);
    expect(settings.testTargetId).toBe(TT);
    expect(settings.environmentName).toBe('staging');
  });

  it('an empty env string does not override the option', () => {
    const options: OctomindOptions = { testTargetId: TT, url: 'https://option.example.com', environmentName: 'staging', tags: ['smoke'], pollIntervalMs: 1000, apiVersion: 'v3' };
    const env = {
      OCTOMIND_TEST_TARGET_ID: '',
      OCTOMIND_URL: '',
      OCTOMIND_ENVIRONMENT: '',
      OCTOMIND_TAGS: '',
      OCTOMIND_POLL_INTERVAL_MS: '',
      OCTOMIND_API_VERSION: '',
      OCTOMIND_API_URL: '',
      OCTOMIND_TIMEOUT_MS: '',
      OCTOMIND_TEST_REPORT_ID: '',
    };
    const settings = resolveSettings(options, env, undefined, true);
    expect(settings).toMatchObject(options);
    expect(settings.apiUrl).toBe('https://app.octomind.dev/api');
    expect(settings.timeoutMs).toBe(DEFAULTS.timeoutMs);
    expect(settings.testReportId).toBeUndefined();
  });

  it('an empty OCTOMIND_URL does not hide use.baseURL', () => {
    expect(resolveSettings({}, { OCTOMIND_URL: '' }, 'https://base.example.com', false).url).toBe('https://base.example.com');
  });

  it('ignores variables that are not its own', () => {
    expect(resolveSettings({}, { OCTOMIND_PROJECT_NAME: 'x', OCTOMIND_CONTEXT: 'manual', HOME: '/root' }, undefined, false)).toEqual(resolveSettings({}, {}, undefined, false));
  });
});

describe('resolveSettings: bad values', () => {
  it.each([
    [{ testTargetId: 'abc' }, /testTargetId \(OCTOMIND_TEST_TARGET_ID\) = "abc": must be a uuid\n {4}→ fix: copy the test target id/],
    [{ url: 'ftp://files.example.com' }, /url \(OCTOMIND_URL\) = "ftp:\/\/files\.example\.com": must be an http\(s\) URL\n {4}→ fix: /],
    [{ url: 'staging.example.com' }, /url \(OCTOMIND_URL\) = "staging\.example\.com": must be an http\(s\) URL/],
    [{ environmentName: '' }, /environmentName \(OCTOMIND_ENVIRONMENT\) = "": must not be empty\n {4}→ fix: /],
    [{ tags: ['smoke', ''] }, /tags \(OCTOMIND_TAGS\): must not contain empty tags\n {4}→ fix: give a list of tag names/],
    [{ apiVersion: 'v4' }, /apiVersion \(OCTOMIND_API_VERSION\) = "v4": must be "v2" or "v3"\n {4}→ fix: use "v2" or "v3"/],
    [{ context: 'sometimes' }, /context = "sometimes": .*\n {4}→ fix: use "auto", "manual", or an Octomind execution context object/],
    [{ context: { source: 'scheduled' } }, /context: .*\n {4}→ fix: use "auto", "manual"/],
    [{ testReportId: 'latest' }, /testReportId \(OCTOMIND_TEST_REPORT_ID\) = "latest": must be a uuid\n {4}→ fix: give the id/],
    [{ pollIntervalMs: 100 }, /pollIntervalMs \(OCTOMIND_POLL_INTERVAL_MS\) = 100: must be at least 250\n {4}→ fix: give milliseconds between 250 and 600000/],
    [{ pollIntervalMs: 600_001 }, /pollIntervalMs \(OCTOMIND_POLL_INTERVAL_MS\) = 600001: must be at most 600000/],
    [{ pollIntervalMs: 1000.5 }, /pollIntervalMs \(OCTOMIND_POLL_INTERVAL_MS\) = 1000\.5: .*\n {4}→ fix: /],
    [{ timeoutMs: 999 }, /timeoutMs \(OCTOMIND_TIMEOUT_MS\) = 999: must be at least 1000\n {4}→ fix: give milliseconds, at least 1000/],
    [{ timeoutMs: '60000' }, /timeoutMs \(OCTOMIND_TIMEOUT_MS\) = "60000": must be a number of milliseconds/],
    [{ screenshot: 'always' }, /screenshot \(OCTOMIND_SCREENSHOT\) = "always": must be "off", "only-on-failure", "on"\n {4}→ fix: use one of off, only-on-failure, on/],
    [{ projectName: '' }, /projectName = "": must not be empty\n {4}→ fix: give a non-empty project name/],
    [{ variablesToOverwrite: { SPACE_ID: 'one' } }, /variablesToOverwrite: .*\n {4}→ fix: give an object of string arrays/],
  ] as Array<[Record<string, unknown>, RegExp]>)('%j is refused, naming the option, the value and the fix', (options, message) => {
    const error = configError(options as OctomindOptions);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('fix:');
    expect(problems(error)).toHaveLength(1);
  });

  it.each([
    ['OCTOMIND_TEST_TARGET_ID', 'not-a-uuid', /OCTOMIND_TEST_TARGET_ID="not-a-uuid": must be a uuid\n {4}→ fix: /],
    ['OCTOMIND_URL', 'staging', /OCTOMIND_URL="staging": must be an http\(s\) URL\n {4}→ fix: /],
    ['OCTOMIND_API_VERSION', 'V3', /OCTOMIND_API_VERSION="V3": must be "v2" or "v3"\n {4}→ fix: /],
    ['OCTOMIND_POLL_INTERVAL_MS', '5s', /OCTOMIND_POLL_INTERVAL_MS="5s": must be a number of milliseconds\n {4}→ fix: give milliseconds between 250 and 600000/],
    ['OCTOMIND_POLL_INTERVAL_MS', '   ', /OCTOMIND_POLL_INTERVAL_MS=" {3}": must be a number of milliseconds/],
    ['OCTOMIND_POLL_INTERVAL_MS', '10', /OCTOMIND_POLL_INTERVAL_MS="10": must be at least 250/],
    ['OCTOMIND_TIMEOUT_MS', '2h', /OCTOMIND_TIMEOUT_MS="2h": must be a number of milliseconds\n {4}→ fix: give milliseconds, at least 1000/],
    ['OCTOMIND_TEST_REPORT_ID', '42', /OCTOMIND_TEST_REPORT_ID="42": must be a uuid\n {4}→ fix: /],
    ['OCTOMIND_ENVIRONMENT', '  ', /OCTOMIND_ENVIRONMENT=" {2}": must not be empty\n {4}→ fix: /],
    ['OCTOMIND_SCREENSHOT', 'only-on-fail', /OCTOMIND_SCREENSHOT="only-on-fail": must be "off", "only-on-failure", "on"\n {4}→ fix: /],
  ])('%s=%j is refused, naming the variable and its value', (variable, raw, message) => {
    const error = configError({}, { [variable]: raw });
    expect(error.message).toMatch(message);
    expect(problems(error)).toHaveLength(1);
  });

  it('names the env variable, not the option, when the env value is the bad one', () => {
    const error = configError({ testTargetId: TT }, { OCTOMIND_TEST_TARGET_ID: 'bad' });
    expect(problems(error)).toEqual(['  ✖ OCTOMIND_TEST_TARGET_ID="bad": must be a uuid']);
  });

  it('says a bad url came from use.baseURL', () => {
    const error = configError({}, {}, 'localhost:3000');
    expect(error.message).toMatch(/url \(from use\.baseURL "localhost:3000"\): must be an http\(s\) URL\n {4}→ fix: .*or set use\.baseURL/);
  });

  it('reports several problems in ONE error', () => {
    const error = configError(
      { testTargetId: 'abc', pollIntervalMs: 1, apiVersion: 'v9' as 'v2', projectName: '' },
      { OCTOMIND_TIMEOUT_MS: 'soon', OCTOMIND_URL: 'nope' },
    );
    const lines = problems(error);
    expect(lines).toHaveLength(6);
    for (const name of ['testTargetId', 'pollIntervalMs', 'apiVersion', 'projectName', 'OCTOMIND_TIMEOUT_MS="soon"', 'OCTOMIND_URL="nope"']) {
      expect(lines.some((line) => line.includes(name)), name).toBe(true);
    }
    expect(error.message.match(/→ fix: /g)).toHaveLength(6);
  });

  it('reports an unknown option key with the list of options, together with other problems', () => {
    const error = configError({ testTargetID: TT, pollIntervalMs: 1 } as OctomindOptions);
    expect(error.message).toMatch(/✖ testTargetID: is not an option of withOctomind\n {4}→ fix: remove it; the options are apiUrl, testTargetId, url, /);
    expect(problems(error)).toHaveLength(2);
  });

  it('reports an unknown option key even when it is a name of Object.prototype', () => {
    const error = configError({ constructor: 'x', toString: 'y' } as unknown as OctomindOptions);
    expect(problems(error)).toEqual(['  ✖ constructor: is not an option of withOctomind', '  ✖ toString: is not an option of withOctomind']);
  });

  it('refuses the API key as an option: secrets stay in the environment', () => {
    const error = configError({ apiKey: API_KEY } as OctomindOptions);
    expect(error.message).toMatch(/✖ apiKey: is not an option of withOctomind/);
    expect(error.message).not.toContain(API_KEY);
  });
});

describe('resolveSettings: apiUrl', () => {
  it.each(['http://127.0.0.1:4010/api', 'http://localhost:4010', 'http://[::1]:4010/api', 'https://app.octomind.dev'])('accepts %s', (apiUrl) => {
    expect(resolveSettings({ apiUrl }, {}, undefined, false).apiUrl).toBe(apiUrl);
  });

  it('refuses plain http to a host that is not loopback, with the fix', () => {
    const error = configError({ apiUrl: 'http://octomind.example.com/api' });
    expect(problems(error)).toHaveLength(1);
    expect(error.message).toMatch(/apiUrl \(OCTOMIND_API_URL\).*"http:\/\/octomind\.example\.com\/api".* must use https: the API key would cross the network in clear text to octomind\.example\.com/);
    expect(error.message).toMatch(/→ fix: use the API base, e\.g\. https:\/\/app\.octomind\.dev\/api/);
  });

  it('refuses plain http from OCTOMIND_API_URL, naming the variable and its value', () => {
    const error = configError({}, { OCTOMIND_API_URL: 'http://10.0.0.5/api' });
    expect(error.message).toMatch(/✖ OCTOMIND_API_URL="http:\/\/10\.0\.0\.5\/api" must use https/);
    expect(error.message).toContain('fix:');
  });

  it.each(['not a url', 'ftp://app.octomind.dev/api', 'https://user:pw@app.octomind.dev/api'])('refuses %s', (apiUrl) => {
    const error = configError({ apiUrl });
    expect(error.message).toMatch(/apiUrl \(OCTOMIND_API_URL\)/);
    expect(error.message).toContain('fix:');
  });
});

describe('resolveSettings: required only with an API key', () => {
  it('needs neither testTargetId nor url without OCTOMIND_API_KEY (the run is skipped)', () => {
    const settings = resolveSettings({}, {}, undefined, false);
    expect(settings.testTargetId).toBeUndefined();
    expect(settings.url).toBeUndefined();
  });

  it('needs testTargetId and url with OCTOMIND_API_KEY, both in one error', () => {
    const error = configError({}, { OCTOMIND_API_KEY: API_KEY }, undefined, true);
    expect(problems(error)).toEqual([
      '  ✖ testTargetId (OCTOMIND_TEST_TARGET_ID): is required when OCTOMIND_API_KEY is set',
      '  ✖ url (OCTOMIND_URL): is required to start a run, and use.baseURL is not set',
    ]);
    expect(error.message.match(/→ fix: /g)).toHaveLength(2);
  });

  it('takes url from use.baseURL when the key is set', () => {
    expect(resolveSettings({ testTargetId: TT }, {}, 'https://base.example.com', true)).toMatchObject({ testTargetId: TT, url: 'https://base.example.com' });
  });

  it('needs no url when attaching to a report (testReportId)', () => {
    const settings = resolveSettings({ testTargetId: TT, testReportId: REPORT }, {}, undefined, true);
    expect(settings.url).toBeUndefined();
    expect(settings.testReportId).toBe(REPORT);
    expect(resolveSettings({}, { OCTOMIND_TEST_TARGET_ID: TT, OCTOMIND_TEST_REPORT_ID: REPORT }, undefined, true).testReportId).toBe(REPORT);
  });

  it('still needs testTargetId when attaching to a report', () => {
    const error = configError({ testReportId: REPORT }, {}, undefined, true);
    expect(problems(error)).toEqual(['  ✖ testTargetId (OCTOMIND_TEST_TARGET_ID): is required when OCTOMIND_API_KEY is set']);
  });
});

describe('resolveSettings: the API key never shows', () => {
  it('is in no message, whatever else is wrong', () => {
    const env = {
      OCTOMIND_API_KEY: API_KEY,
      OCTOMIND_TEST_TARGET_ID: 'x',
      OCTOMIND_URL: 'y',
      OCTOMIND_API_URL: 'http://example.com',
      OCTOMIND_POLL_INTERVAL_MS: 'z',
      OCTOMIND_TAGS: ',',
    };
    const error = configError({ bogus: true, pollIntervalMs: -1 } as OctomindOptions, env, 'nope', true);
    expect(problems(error).length).toBeGreaterThanOrEqual(4);
    expect(error.message).not.toContain(API_KEY);
    expect(error.stack ?? '').not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
  });

  it('is in no message when only the required settings are missing', () => {
    const error = configError({}, { OCTOMIND_API_KEY: API_KEY }, undefined, true);
    expect(error.message).not.toContain(API_KEY);
  });

  it('is not part of the settings', () => {
    const settings = resolveSettings({ testTargetId: TT, url: 'https://x.example.com' }, { OCTOMIND_API_KEY: API_KEY }, undefined, true);
    expect(JSON.stringify(settings)).not.toContain(API_KEY);
  });
});

describe('settingsSchema, settingsOf, isOctomindProject', () => {
  it('settingsSchema fills defaults and refuses bad values', () => {
    expect(settingsSchema.parse({})).toMatchObject({ apiVersion: 'v2', pollIntervalMs: 5000, projectName: 'octomind', tags: [] });
    expect(settingsSchema.safeParse({ pollIntervalMs: 10 }).success).toBe(false);
    expect(settingsSchema.safeParse({ testTargetId: 'abc' }).success).toBe(false);
  });

  it('settingsOf reads the settings back from the project metadata (round trip through JSON)', () => {
    const settings = resolveSettings({ testTargetId: TT, url: 'https://x.example.com', tags: ['smoke'], apiVersion: 'v3' }, {}, undefined, true);
    const project = JSON.parse(JSON.stringify({ name: 'octomind', metadata: { [METADATA_KEY]: settings, other: 1 } })) as { metadata: unknown };
    expect(settingsOf(project)).toEqual(settings);
  });

  it('settingsOf refuses metadata that is not valid settings', () => {
    expect(() => settingsOf({ metadata: { [METADATA_KEY]: { pollIntervalMs: 'fast' } } })).toThrow();
  });

  it('isOctomindProject knows the project by its metadata key only', () => {
    expect(isOctomindProject({ metadata: { [METADATA_KEY]: {} } })).toBe(true);
    expect(isOctomindProject({ metadata: { other: 1 } })).toBe(false);
    expect(isOctomindProject({ metadata: null })).toBe(false);
    expect(isOctomindProject({ metadata: 'playwright-octomind' })).toBe(false);
    expect(isOctomindProject({})).toBe(false);
    expect(METADATA_KEY).toBe('playwright-octomind');
  });
});

describe('resolveSettings: browser and breakpoint (v3 only)', () => {
  const V3 = { testTargetId: TT, url: 'https://x.example.com', apiVersion: 'v3' } as const;

  it('unset by default: Octomind chooses (CHROMIUM, DESKTOP)', () => {
    const settings = resolveSettings(V3, {}, undefined, true);
    expect(settings.browser).toBeUndefined();
    expect(settings.breakpoint).toBeUndefined();
  });

  it('from the options, and OCTOMIND_BROWSER / OCTOMIND_BREAKPOINT override them', () => {
    expect(resolveSettings({ ...V3, browser: 'SAFARI', breakpoint: 'TABLET' }, {}, undefined, true)).toMatchObject({ browser: 'SAFARI', breakpoint: 'TABLET' });
    const settings = resolveSettings({ ...V3, browser: 'SAFARI', breakpoint: 'TABLET' }, { OCTOMIND_BROWSER: 'FIREFOX', OCTOMIND_BREAKPOINT: ' MOBILE ' }, undefined, true);
    expect(settings).toMatchObject({ browser: 'FIREFOX', breakpoint: 'MOBILE' });
  });

  it("a value Octomind does not offer names the variable and Octomind's values", () => {
    const error = configError(V3, { OCTOMIND_BROWSER: 'webkit', OCTOMIND_BREAKPOINT: 'desktop' });
    expect(problems(error)).toEqual([
      '  ✖ OCTOMIND_BROWSER="webkit": must be CHROMIUM, FIREFOX, SAFARI',
      '  ✖ OCTOMIND_BREAKPOINT="desktop": must be MOBILE, TABLET, DESKTOP',
    ]);
    expect(error.message).toContain('→ fix: use one of CHROMIUM, FIREFOX, SAFARI');
    expect(error.message).toContain('→ fix: use one of MOBILE, TABLET, DESKTOP');
  });

  it('under apiVersion v2: one problem naming both options and the fix', () => {
    const error = configError({ testTargetId: TT, browser: 'FIREFOX' }, { OCTOMIND_BREAKPOINT: 'MOBILE' });
    expect(problems(error)).toEqual(['  ✖ browser (OCTOMIND_BROWSER) = "FIREFOX", OCTOMIND_BREAKPOINT="MOBILE": need Octomind\'s v3 API, and apiVersion is v2']);
    expect(error.message).toContain("→ fix: set apiVersion: 'v3' (OCTOMIND_API_VERSION=v3), or remove them");
  });

  it('under v2 from the environment alone, too: the default apiVersion is v2', () => {
    const error = configError({}, { OCTOMIND_BROWSER: 'SAFARI' });
    expect(problems(error)).toEqual(['  ✖ OCTOMIND_BROWSER="SAFARI": needs Octomind\'s v3 API, and apiVersion is v2']);
    expect(error.message).toContain('or remove it');
  });

  it('OCTOMIND_API_VERSION=v3 makes them valid', () => {
    expect(resolveSettings({ browser: 'FIREFOX' }, { OCTOMIND_API_VERSION: 'v3' }, undefined, false).browser).toBe('FIREFOX');
  });
});
