/**
 * The user's @playwright/test release and the features the plugin depends on, each with the first
 * release that has it. Every gap the plugin closes for older releases is named here, and nowhere
 * else compares versions (CONTRIBUTING.md: Compatibility internals).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type Version = readonly [major: number, minor: number, patch: number];

/** `globalSetup` / `globalTeardown` as arrays; before, the plugin's setup runs the user's itself. */
export const GLOBAL_SETUP_ARRAYS: Version = [1, 49, 0];
/** Project-level `workers`; before, the generated spec is one test group (one worker slot). */
export const PROJECT_WORKERS: Version = [1, 52, 0];
/** `FullConfig.filteredProjects`; before, `--project` is read from the command line. */
export const FILTERED_PROJECTS: Version = [1, 64, 0];

/** Each trace format and the first release that records it; a viewer opens formats up to its own. */
const TRACE_FORMATS: ReadonlyArray<readonly [format: number, firstRelease: Version]> = [
  [6, [1, 40, 0]],
  [7, [1, 45, 0]],
  [8, [1, 53, 0]],
  [9, [1, 63, 0]],
  [10, [1, 64, 0]],
];
/** The newest release whose trace format is known here; a newer one is assumed to open them all. */
const NEWEST_KNOWN_RELEASE: Version = [1, 65, 999];

/** The newest trace format the trace viewer of this release opens. */
export function viewerTraceFormat(version: Version): number {
  if (!atLeast(NEWEST_KNOWN_RELEASE, version)) return Number.POSITIVE_INFINITY;
  return TRACE_FORMATS.filter(([, first]) => atLeast(version, first)).at(-1)?.[0] ?? 0;
}

export function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(text);
  if (!match) throw new Error(`"${text}" is not a version`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function atLeast(version: Version, feature: Version): boolean {
  for (let i = 0; i < 3; i++) if (version[i] !== feature[i]) return version[i]! > feature[i]!;
  return true;
}

/**
 * For the config, before Playwright hands over a FullConfig (whose `version` the setup and the
 * tests read): the @playwright/test the user's project resolves (their pinned release), not the
 * one this package would find from its own folder, which a linked or hoisted install may make another.
 */
export function installedPlaywright(fromDir: string = process.cwd()): Version {
  // createRequire, not require.resolve's `paths`: Node ignores those when this file was itself
  // loaded through Playwright's ESM loader (a linked install under an ESM config).
  const manifest = (base: string) => createRequire(base).resolve('@playwright/test/package.json');
  let file: string;
  try {
    file = manifest(path.join(path.resolve(fromDir), 'playwright.config.js'));
  } catch {
    file = manifest(__filename);
  }
  return parseVersion((JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version);
}

export function formatVersion(version: Version): string {
  return version.join('.');
}
