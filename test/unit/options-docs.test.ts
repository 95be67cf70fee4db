/**
 * Hovering an option of `withOctomind(config, { … })` in an editor shows what it does, its
 * environment variable and its default. Checked the way an editor gets it, through TypeScript's
 * language service, on a config that imports the package from source and one that imports it as
 * users do ('playwright-octomind' → dist/index.d.ts, built by the global setup): users see the
 * .d.ts, and a declaration emit can drop what the source shows.
 *
 * The rule, for every key of settingsSchema's shape (a new option without docs fails here):
 * - non-empty documentation naming its environment variable, or saying "No environment variable";
 * - a `@default` tag: the schema's default as a literal (`'v2'`, `5000`, `[]`, …, checked against
 *   the schema so the docs cannot drift from the code), or, for an option the schema gives no
 *   default, what happens when it is unset, in words (`none: …`, `the config's use.baseURL …`).
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/defaults.js';
import { OPTION_ENV, settingsSchema, type OctomindOptions, type OptionName } from '../../src/options/options.js';

const ROOT = path.resolve(__dirname, '../..');
const KEYS = Object.keys(settingsSchema.shape) as OptionName[];

/** A value for every option; the config below must type-check with each of them. */
const SAMPLE = {
  apiUrl: 'https://app.octomind.dev/api',
  testTargetId: '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc',
  url: 'https://staging.example.com',
  privateLocation: false,
  environmentName: 'default',
  tags: ['smoke'],
  variablesToOverwrite: { SPACE_ID: ['64ee32b4-7365-47a6-b5b0-2903b6ad849d'] },
  apiVersion: 'v3',
  browser: 'CHROMIUM',
  breakpoint: 'DESKTOP',
  context: 'auto',
  testReportId: '826c15af-644b-4b28-89b4-f50ff34e46b7',
  pollIntervalMs: 5000,
  timeoutMs: 60_000,
  screenshot: 'only-on-failure',
  projectName: 'octomind',
} satisfies Required<OctomindOptions>;

/** A user's playwright.config.ts: every option (its key first on its own line), then a use of the type. */
function userConfig(from: string): string {
  const options = Object.entries(SAMPLE).map(([key, value]) => `  ${key}: ${JSON.stringify(value)},\n`);
  return [
    `import { withOctomind, type OctomindOptions } from '${from}';\n`,
    `export default withOctomind({}, {\n${options.join('')}});\n`,
    `export type Options = OctomindOptions;\n`,
  ].join('');
}

const FILES = {
  source: path.join(ROOT, 'test/unit/__options-docs-source.ts'),
  dist: path.join(ROOT, 'test/unit/__options-docs-dist.ts'),
};
const TEXT: Record<string, string> = {
  [FILES.source]: userConfig('../../src/index.js'),
  [FILES.dist]: userConfig('playwright-octomind'),
};

const { options: compilerOptions } = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  },
})!;
const readFile = (file: string) => TEXT[file] ?? ts.sys.readFile(file);
const service = ts.createLanguageService({
  getScriptFileNames: () => Object.values(FILES),
  getScriptVersion: () => '1',
  getScriptSnapshot: (file) => {
    const text = readFile(file);
    return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
  },
  getCurrentDirectory: () => ROOT,
  getCompilationSettings: () => compilerOptions,
  getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
  fileExists: (file) => file in TEXT || ts.sys.fileExists(file),
  readFile,
  readDirectory: ts.sys.readDirectory,
  directoryExists: ts.sys.directoryExists,
  getDirectories: ts.sys.getDirectories,
  realpath: ts.sys.realpath!,
});

interface Hover {
  signature: string;
  documentation: string;
  tags: Record<string, string[]>;
}

/** The quick info an editor shows when hovering `needle` in `file` (its first occurrence, `skip` characters in). */
function hover(file: string, needle: string, skip = 0): Hover | undefined {
  const position = TEXT[file]!.indexOf(needle);
  if (position < 0) throw new Error(`${JSON.stringify(needle)} is not in the config: add the option to SAMPLE`);
  const info = service.getQuickInfoAtPosition(file, position + skip);
  if (!info) return undefined;
  const tags: Record<string, string[]> = {};
  for (const tag of info.tags ?? []) (tags[tag.name] ??= []).push(ts.displayPartsToString(tag.text).trim());
  return { signature: ts.displayPartsToString(info.displayParts), documentation: ts.displayPartsToString(info.documentation).trim(), tags };
}

/** Hovering an option's key in the object literal passed to withOctomind. */
const hoverOption = (file: string, key: string) => hover(file, `\n  ${key}:`, 3);
const hoverType = (file: string) => hover(file, 'OctomindOptions;');

/** Documentation keeps the comment's line breaks. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A default as the docs write it: `'v2'`, `5000`, `[]`. */
function literal(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

describe('hovering an option of withOctomind(config, { … }) shows its docs', () => {
  const defaults: Record<string, unknown> = settingsSchema.parse({});

  it('the user config type-checks against the source and against dist/index.d.ts', () => {
    const resolved = ts.resolveModuleName('playwright-octomind', FILES.dist, compilerOptions, ts.sys).resolvedModule;
    expect(resolved?.resolvedFileName).toBe(path.join(ROOT, 'dist/index.d.ts'));
    for (const file of Object.values(FILES)) {
      expect(service.getSemanticDiagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), file).toEqual([]);
    }
  });

  it.each(KEYS)('%s: a description, its environment variable and @default', (key) => {
    const info = hoverOption(FILES.source, key);
    expect(info?.signature, key).toMatch(new RegExp(`^\\(property\\) OctomindOptions\\.${key}\\?: `));
    expect(info!.documentation.length, `${key} has no documentation`).toBeGreaterThan(20);

    const variable = OPTION_ENV[key];
    expect(oneLine(info!.documentation), `${key}: its environment variable`).toContain(variable ? `Environment variable: \`${variable}\`` : 'No environment variable');

    expect(info!.tags.default, `${key} has no @default tag`).toHaveLength(1);
    const tag = info!.tags.default![0]!;
    if (key in defaults) {
      expect(tag, `${key}: @default must start with the schema's default`).toMatch(new RegExp(`^${escape(literal(defaults[key]))}(?:$|\\s)`));
    } else {
      // No default in the schema: the tag says, in words, what happens when the option is unset.
      expect(tag, `${key}: @default must say what happens when unset`).not.toMatch(/^(?:undefined|null|'|"|\d|\[|\{)/);
      expect(tag.split(/\s+/).length, `${key}: @default must say what happens when unset`).toBeGreaterThanOrEqual(3);
    }
  });

  it('the bounds in the docs are the schema’s', () => {
    const text = (key: string) => oneLine(hoverOption(FILES.source, key)!.documentation);
    expect(text('pollIntervalMs')).toContain(`Between ${DEFAULTS.minPollIntervalMs} and ${DEFAULTS.maxPollIntervalMs}.`);
    expect(text('timeoutMs')).toContain(`At least ${DEFAULTS.minTimeoutMs}.`);
  });

  it('the options type says the API key is not an option, only OCTOMIND_API_KEY', () => {
    const info = hoverType(FILES.source);
    expect(oneLine(info!.documentation)).toContain('The API key is not an option');
    expect(info!.documentation).toContain('`OCTOMIND_API_KEY`');
  });

  it('users importing playwright-octomind (dist/*.d.ts) see exactly what the source shows', () => {
    for (const key of KEYS) expect(hoverOption(FILES.dist, key), key).toEqual(hoverOption(FILES.source, key));
    expect(hoverType(FILES.dist)).toEqual(hoverType(FILES.source));
  });
});
