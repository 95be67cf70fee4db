/**
 * Vitest global setup: the end-to-end fixtures load the package the way users do
 * (`import 'playwright-octomind'` → dist/), so dist must be built from the current source.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function buildDist(): void {
  const root = path.resolve(__dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
