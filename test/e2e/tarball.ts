/** The package as users install it: `npm pack` of its dist and package.json, at any version. */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './harness.js';

export const run = promisify(execFile);
export const npmEnv = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
/** The @playwright/test release the repo pins, which the installed suites use. */
export const PLAYWRIGHT = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['@playwright/test']!;

/** The tarball's path in `work`; `version` repacks it as another release (the same code). */
export async function packTarball(work: string, version = '0.1.0'): Promise<string> {
  const source = path.join(work, `package-${version}`);
  mkdirSync(source);
  cpSync(path.join(ROOT, 'dist'), path.join(source, 'dist'), { recursive: true });
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(source, 'package.json'), JSON.stringify({ ...pkg, version, scripts: {}, devDependencies: {} }, null, 2));
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: source, env: npmEnv });
  return path.join(work, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);
}
