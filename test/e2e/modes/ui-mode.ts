/**
 * Real UI mode (`npx playwright test --ui-host=127.0.0.1 --ui-port=0`) opened in Chromium and driven
 * by what it shows: tree items, the project filter, the Run / Reload buttons, the Errors and
 * Actions tabs. What the page receives over its WebSocket (report and stdio events) is recorded
 * too: a Run's end is the `onEnd` it receives, attachments and annotations are read from the
 * events the UI renders from, and the runner's output (intercepted by UI mode) from `stdio`.
 */
import { chromium, type Browser, type Locator, type Page } from '@playwright/test';
import { launchOptions } from '../../../fixtures/browser.js';
import type { Project } from '../harness.js';
import { PlaywrightProcess, within } from './process.js';
import { TeleReport, type TeleMessage } from './tele-report.js';

/** Generous bounds on states: they only turn a hang into a failure with a message. */
export const UI_WAIT_MS = 90_000;

/** The tree's status icon per test status (Playwright's testStatusIcon). */
const ICONS: Record<string, string> = {
  'icon-check': 'passed',
  'icon-error': 'failed',
  'icon-circle-slash': 'skipped',
  'icon-clock': 'scheduled',
  'icon-loading': 'running',
  'icon-circle-outline': 'none',
};

export class UiMode {
  /** Every report event the page received, across reloads. */
  report = new TeleReport();
  /** The runner's output as UI mode shows it in its Output pane. */
  stdio = '';
  /** Each listing the page received (a `listTests` answer), in order: the first is the first tree. */
  readonly listings: TeleReport[] = [];
  private browser: Browser | undefined;
  page!: Page;

  private constructor(
    readonly process: PlaywrightProcess,
    readonly url: string,
  ) {}

  static async open(project: Project, env: Record<string, string | undefined>, args: string[] = []): Promise<UiMode> {
    // BROWSER=true: the bundled xdg-open "opens" the URL with /bin/true; this test opens it itself.
    const process = PlaywrightProcess.start(project, ['test', '--ui-host=127.0.0.1', '--ui-port=0', ...args], { BROWSER: 'true', ...env });
    let ui: UiMode | undefined;
    try {
      const [, url] = await process.waitForOutput(/Listening on (http\S+)/, UI_WAIT_MS, 'UI mode did not print its URL');
      ui = new UiMode(process, url!);
      ui.browser = await chromium.launch(launchOptions());
      ui.page = await ui.browser.newPage();
      ui.page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => ui!.onFrame(String(payload))));
      await ui.page.goto(ui.url);
      return ui;
    } catch (err) {
      await ui?.dispose();
      await process.kill();
      throw err;
    }
  }

  /** Process output and the UI's Output pane together: everything the user could read. */
  get output(): string {
    return `${this.process.output}${this.stdio}`;
  }

  private onFrame(payload: string): void {
    const message = JSON.parse(payload) as { method?: string; params?: any; result?: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (message.method === 'report') this.report.dispatch(message.params as TeleMessage);
    const answer = message.result?.report as TeleMessage[] | undefined;
    if (Array.isArray(answer) && answer.some((m) => m.method === 'onBegin')) {
      const listing = new TeleReport(answer);
      if (listing.all().length) this.listings.push(listing);
    }
    if (message.method === 'stdio') this.stdio += message.params.buffer ? Buffer.from(message.params.buffer, 'base64').toString() : (message.params.text ?? '');
  }

  treeItem(title: string): Locator {
    return this.page.getByRole('tree').getByRole('treeitem', { name: new RegExp(`\\] ${escapeRegex(title)}( |$)`) });
  }

  /** The tree has loaded (setup, listing) and shows these tests; files start collapsed, so it expands them. */
  async waitForTests(titles: string[], why = 'the test tree did not show the tests'): Promise<void> {
    const deadline = Date.now() + UI_WAIT_MS;
    const missing = async () => {
      for (const title of titles) if (!(await this.treeItem(title).first().isVisible())) return title;
      return undefined;
    };
    let title = await missing();
    while (title !== undefined) {
      if (Date.now() > deadline) throw new Error(`${why}: "${title}" is not in the tree\nOutput:\n${this.output}`);
      const expand = this.page.getByRole('button', { name: 'Expand all' });
      if (await expand.isEnabled().catch(() => false)) await expand.click().catch(() => undefined);
      await this.page.waitForTimeout(250);
      title = await missing();
    }
  }

  private async withFilter<T>(action: () => Promise<T>): Promise<T> {
    const toggle = this.page.getByRole('button', { name: /^Status: / });
    await toggle.click();
    try {
      return await action();
    } finally {
      await toggle.click();
    }
  }

  /** Ticks or unticks a project in the filter (UI mode ticks only the first project at start). */
  async setProject(name: string, ticked: boolean): Promise<void> {
    await this.withFilter(() => this.page.getByRole('checkbox', { name, exact: true }).setChecked(ticked));
  }

  /** Starts "Run all" and resolves when the Run's end has reached the page. */
  async runAll(): Promise<void> {
    await this.run(() => this.page.getByRole('button', { name: /^Run all/ }).click());
  }

  /** Runs one test from its tree item's own Run button. */
  async runTest(title: string): Promise<void> {
    const item = this.treeItem(title).first();
    await item.hover();
    await this.run(() => item.getByRole('button', { name: 'Run', exact: true }).click());
  }

  /** Clicks Run all and returns without waiting (to act while it runs); `ended` resolves at its end. */
  async startRunAll(): Promise<{ ended: Promise<void> }> {
    const ends = this.report.ends.length;
    await this.page.getByRole('button', { name: /^Run all/ }).click();
    return { ended: this.untilEnds(ends + 1) };
  }

  private async run(click: () => Promise<void>): Promise<void> {
    const ends = this.report.ends.length;
    await click();
    await within(this.untilEnds(ends + 1), UI_WAIT_MS, `the Run did not end. Output:\n${this.output}`);
  }

  private untilEnds(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.report.ends.length >= count ? resolve() : setTimeout(check, 50));
      check();
    });
  }

  /** The status the tree shows for a test: passed, failed, skipped, scheduled, running, none. */
  async status(title: string): Promise<string> {
    // The item's accessible name starts with its status icon's label, e.g. "[icon-check] title 12ms".
    const snapshot = await this.treeItem(title).first().ariaSnapshot({ timeout: UI_WAIT_MS });
    const icon = /\[(icon-[a-z-]+)\]/.exec(snapshot)?.[1] ?? '';
    return ICONS[icon] ?? `unknown (${snapshot.split('\n')[0]})`;
  }

  /** Waits until the tree shows `status` for the test. */
  async waitForStatus(title: string, status: string, why: string): Promise<void> {
    const deadline = Date.now() + UI_WAIT_MS;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.status(title);
      if (last === status) return;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`${why}: "${title}" is ${last}, not ${status}. Output:\n${this.output}`);
  }

  private async select(title: string, tab: string): Promise<Locator> {
    await this.treeItem(title).first().click();
    await this.page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    return this.page.getByRole('tabpanel', { name: tab });
  }

  /** The Errors tab's text for a test. */
  async errorText(title: string): Promise<string> {
    return (await (await this.select(title, 'Errors')).textContent()) ?? '';
  }

  /** The actions of the trace UI mode shows for a test. */
  async traceActions(title: string): Promise<string[]> {
    await this.treeItem(title).first().click();
    await this.page.getByRole('tab', { name: 'Actions' }).click();
    const actions = this.page.getByRole('tabpanel', { name: 'Actions' }).getByRole('treeitem');
    await actions.first().waitFor({ timeout: UI_WAIT_MS });
    return actions.allTextContents();
  }

  /** The Attachments tab's entries for a test. */
  async attachments(title: string): Promise<string[]> {
    const panel = await this.select(title, 'Attachments');
    return panel.getByRole('button').allTextContents();
  }

  /** Reloads the browser tab (a new connection: UI mode runs global setup again). */
  async reloadTab(): Promise<void> {
    await this.page.reload();
  }

  /** The toolbar's Reload button. */
  async pressReload(): Promise<void> {
    await this.page.getByRole('button', { name: 'Reload', exact: true }).click();
  }

  /** Closes the browser and sends the signal; resolves when the process has exited. */
  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
    await this.browser?.close();
    this.browser = undefined;
    this.process.signal(signal);
    await within(this.process.exited, UI_WAIT_MS, `UI mode did not exit after ${signal}. Output:\n${this.output}`);
  }

  async dispose(): Promise<void> {
    await this.browser?.close().catch(() => undefined);
    await this.process.kill();
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
