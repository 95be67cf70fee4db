/** The HTML report of a project served by `npx playwright show-report`, and a Chromium page on it, for one describe block. */
import { chromium, type Browser, type Page } from '@playwright/test';
import { afterAll, beforeAll } from 'vitest';
import { launchOptions } from '../../fixtures/browser.js';
import { showReport, type ShownReport } from '../../fixtures/show-report.js';

export function useReportPage(projectDir: () => string): { readonly page: Page; readonly url: string } {
  let shown: ShownReport | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    shown = await showReport(projectDir());
    browser = await chromium.launch(launchOptions());
    page = await browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await shown?.close();
  });
  return {
    get page() {
      return page!;
    },
    get url() {
      return shown!.url;
    },
  };
}
