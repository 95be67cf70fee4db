/**
 * `npm run screenshot`: pictures of the merged HTML report of the last demo run for the README
 * (run `npm run demo` first). Opens the report as a user does, with `npx playwright show-report`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { launchOptions } from '../fixtures/browser.js';
import { showReport } from '../fixtures/show-report.js';

const root = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  if (!existsSync(path.join(root, 'playwright-report/index.html'))) throw new Error('No playwright-report/: run `npm run demo` first.');
  const shown = await showReport(root);
  const browser = await chromium.launch(launchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 820 }, deviceScaleFactor: 1 });
    await page.goto(shown.url);
    await page.getByText('checkout as guest').first().waitFor();
    await page.screenshot({ path: path.join(root, 'docs/merged-report.png') });

    await page.getByText('checkout as guest').first().click();
    await page.getByText('locator.click: Timeout 5000ms exceeded.').first().waitFor();
    // The remote screenshot under the error, loaded: the report's copy is in data/, the trace's preview inline.
    await page.locator('img.screenshot[src*="data/"]').evaluate((img: { decode(): Promise<void> }) => img.decode());
    await page.screenshot({ path: path.join(root, 'docs/remote-failure.png'), fullPage: true });

    await page.getByRole('link', { name: 'View Trace' }).first().click();
    await page.getByText("getByRole('button', { name: 'Checkout' })").first().waitFor();
    await page.screenshot({ path: path.join(root, 'docs/remote-trace.png') });
  } finally {
    await browser.close();
    await shown.close();
  }
  process.stdout.write('Wrote docs/merged-report.png, docs/remote-failure.png, docs/remote-trace.png\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
