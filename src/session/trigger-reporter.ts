/**
 * The reporter withOctomind adds to every config. In UI mode, VS Code and watch mode it starts one
 * remote run per Run that selects remote tests: a reporter's onBegin is the one place the runner
 * process sees exactly the tests of a Run (project, grep, test ids, changed files), before the
 * Run's workers start. On the command line the global setup has done that already, and this
 * reporter does nothing. It prints nothing of its own, so it never changes what users see.
 */
import type { FullConfig, Reporter, Suite, TestCase } from '@playwright/test/reporter';
import { isOctomindProject, settingsOf } from '../options/project-metadata.js';
import { warn } from '../text/console.js';
import { runnerMode } from '../command-line/mode.js';
import type { ListedTest } from '../state/manifest.js';
import { currentSession, sessionEndedSince, SessionRun } from './session-run.js';
import { isAggregate, TEST_CASE_ANNOTATION } from '../proxy/remote-tests.js';

export default class OctomindTrigger implements Reporter {
  private run: SessionRun | undefined;
  /** Created as a Run starts: a new session between now and onBegin means the Run is an old one's. */
  private readonly session = currentSession();

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    if (runnerMode() !== 'session') return;
    const project = config.projects.find(isOctomindProject);
    if (!project) return;
    const selected = suite.allTests().filter((test) => test.parent.project()?.name === project.name);
    if (selected.length === 0) return;
    this.run = SessionRun.begin({
      settings: settingsOf(project),
      projectName: project.name,
      generatedDir: project.testDir,
      selected: selected.map(selectedRemote),
      warn,
    });
    const ended = sessionEndedSince(this.session);
    if (ended) void this.run.interrupt(ended);
  }

  async onEnd(): Promise<void> {
    await this.run?.end();
    this.run = undefined;
  }
}

function selectedRemote(test: TestCase): ListedTest {
  const testCaseId = isAggregate(test.annotations) ? undefined : test.annotations.find((a) => a.type === TEST_CASE_ANNOTATION)?.description;
  return testCaseId ? { testCaseId, title: test.title } : { testCaseId: '', title: test.title, aggregate: true };
}
