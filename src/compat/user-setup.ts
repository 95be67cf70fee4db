/**
 * Before 1.49 `globalSetup` is one file, so withOctomind points it at the plugin's setup, which runs
 * the user's own setup first (CONTRIBUTING.md: Compatibility internals). Playwright's TypeScript transform for
 * CommonJS is a require hook that is only active while it loads a global setup module, so the
 * user's file is required while the plugin's setup module loads; ESM files are imported when the
 * setup runs, through Playwright's ESM loader, exactly as Playwright would import them itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FullConfig } from '@playwright/test';

export type GlobalHook = (config: FullConfig) => unknown;

/**
 * A real `import()`: Playwright's TypeScript transform rewrites `import()` into `require()` in files
 * outside node_modules, which this package is when linked (npm link, workspaces).
 */
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;

/** From the config (withOctomind) to the setup module, both in Playwright's runner process. */
const HANDOVER = Symbol.for('playwright-octomind.user-global-setup');
type Handover = { [HANDOVER]?: string | undefined };

/** Where Playwright would find `globalSetup: id` of a config in `configDir` (its resolveScript). */
export function resolveHookFile(id: string, configDir: string): string {
  const local = path.resolve(configDir, id);
  return existsSync(local) ? local : require.resolve(id, { paths: [configDir] });
}

export function handOverUserSetup(file: string | undefined): void {
  (globalThis as Handover)[HANDOVER] = file;
}

/**
 * Called while Playwright loads the plugin's setup module. Returns how to get the user's setup
 * function when the setup runs; a load error is thrown then, as Playwright would have thrown it.
 */
export function loadUserSetup(): () => Promise<GlobalHook | undefined> {
  const file = (globalThis as Handover)[HANDOVER];
  if (!file) return async () => undefined;
  if (isModule(file)) return async () => defaultFunction(file, await importModule(pathToFileURL(file).href));
  let loaded: { module: unknown } | { error: unknown };
  try {
    // The require is the point: it is what Playwright's transform hook sees.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = { module: require(file) as unknown };
  } catch (error) {
    loaded = { error };
  }
  return async () => {
    if ('error' in loaded) throw loaded.error;
    return defaultFunction(file, loaded.module);
  };
}

function defaultFunction(file: string, module: unknown): GlobalHook {
  const fn = module && typeof module === 'object' && 'default' in module ? module.default : module;
  if (typeof fn !== 'function') throw new Error(`${file}: globalSetup file must export a single function.`);
  return fn as GlobalHook;
}

/** Playwright's rule: .mjs/.mts are ESM, .cjs/.cts are not, anything else follows the package's type. */
function isModule(file: string): boolean {
  if (/\.m[jt]s$/.test(file)) return true;
  if (/\.c[jt]s$/.test(file)) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type === 'module';
    if (path.dirname(dir) === dir) return false;
  }
}
