/**
 * The older @playwright/test releases the e2e matrix runs on (CONTRIBUTING.md: Compatibility
 * internals), each installed side by side into the git-ignored .playwright-versions/<version>/.
 * The newest supported release is the repo's own devDependency. `npm run playwright:versions`;
 * .ci/run calls it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const OLDER_VERSIONS = ['1.42.1', '1.49.1', '1.56.1', '1.64.1'];
export const VERSIONS_DIR = '.playwright-versions';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function installed(version) {
  const pkg = path.join(root, VERSIONS_DIR, version, 'node_modules/@playwright/test/package.json');
  return existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === version;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const version of OLDER_VERSIONS) {
    if (installed(version)) continue;
    process.stdout.write(`@playwright/test ${version} → ${VERSIONS_DIR}/${version}\n`);
    execFileSync(
      'npm',
      ['install', '--prefix', path.join(VERSIONS_DIR, version), '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefer-offline', `@playwright/test@${version}`],
      { cwd: root, stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } },
    );
  }
}
