/**
 * The remote project after every local one, where project dependencies split a run into phases.
 *
 * Playwright runs a run's projects in phases: a project starts once all of its dependencies have
 * ended, and a phase ends when its last test does. The remote project has no dependency of its
 * own, so it runs in the first phase, beside the setup projects, and its proxies wait there for
 * the whole remote run: the next phase (the tests needing a login) waits for them. A dependency
 * on the local projects would skip the remote tests whenever a local setup fails.
 *
 * So an empty project, the anchor, becomes a dependency of every local project that may have
 * one, and the remote project becomes the anchor's teardown. Playwright starts a teardown once
 * every project depending on its setup has ended, and runs it whatever their results. The
 * remote results keep downloading in the runner process meanwhile; the proxies only read them.
 *
 * The price is that Playwright filters (`-g`, file arguments, `--last-failed`, `--shard`, …)
 * apply to the projects a run names, not to a teardown it pulls in, and in UI mode and VS Code
 * every Run names its tests. The anchor is therefore added only where a command line runs the
 * whole suite (command-line/whole-suite.ts); elsewhere the config is what it was. A worker, whose
 * own command line runs no suite, loads the config without the anchor: Playwright finds a
 * worker's project by its name, which the anchor does not change.
 * test/e2e/setup-projects.test.ts fails the day any of this changes.
 */
import type { Project } from '@playwright/test';
import { runnerMode } from '../command-line/mode.js';
import { runsWholeSuite } from '../command-line/whole-suite.js';
import { OctomindConfigError } from '../api/errors.js';

/** The anchor's name: shown only in Playwright's list of projects (an unknown `--project`, a JSON report's config). */
export function anchorName(remoteProject: string): string {
  return `${remoteProject} (after local tests)`;
}

/**
 * The projects of a run: the user's, then the remote one, with the anchor between them where
 * the user's projects run in more than one phase and the command line runs the whole suite.
 */
export function orderProjects(userProjects: readonly Project[], remote: Project & { name: string; testDir: string }, argv: readonly string[] = process.argv): Project[] {
  if (!phased(userProjects) || runnerMode(argv) !== 'command-line' || !runsWholeSuite(argv, remote.name)) return [...userProjects, remote];
  const anchor = anchorName(remote.name);
  if (userProjects.some((project) => project.name?.toLocaleLowerCase() === anchor.toLocaleLowerCase())) {
    throw new OctomindConfigError('projectName', `"${anchor}" is the name of one of your projects, and the plugin needs it. Set projectName to another name.`);
  }
  const teardowns = new Set(userProjects.map((project) => project.teardown).filter(Boolean));
  return [
    // A teardown project must not have dependencies; it runs after its setup's dependents anyway.
    ...userProjects.map((project) => (teardowns.has(project.name) ? project : { ...project, dependencies: [...(project.dependencies ?? []), anchor] })),
    { name: anchor, testDir: remote.testDir, testMatch: [], teardown: remote.name },
    remote,
  ];
}

/** Whether the user's projects run in more than one phase: without that, the remote project is already queued last. */
function phased(userProjects: readonly Project[]): boolean {
  return userProjects.some((project) => Boolean(project.dependencies?.length || project.teardown));
}
