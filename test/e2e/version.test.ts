/** The e2e suite runs on the Playwright release its vitest project names, not silently on 1.65. */
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { playwrightVersion, prepareProject, versionOf } from './harness.js';

test('the fixture projects run the expected @playwright/test', () => {
  const expected = versionOf(process.env.E2E_PLAYWRIGHT_TEST ?? 'node_modules/@playwright/test');
  if (process.env.E2E_PLAYWRIGHT_TEST) expect(expected).not.toBe(versionOf('node_modules/@playwright/test'));
  expect(playwrightVersion()).toBe(expected);
  const project = prepareProject('basic');
  try {
    expect(execFileSync('npx', ['playwright', '--version'], { cwd: project.dir, encoding: 'utf8' }).trim()).toBe(`Version ${expected}`);
  } finally {
    project.cleanup();
  }
});
