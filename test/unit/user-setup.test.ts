/**
 * Before Playwright 1.49 the plugin's setup runs the user's: withOctomind hands the resolved file
 * over, the setup module loads it as Playwright would (CommonJS now, ESM when it runs) and keeps
 * Playwright's errors for a file that is not a setup. (ESM setups need a real Node import, which
 * vitest's module runner does not give: test/e2e/compat.test.ts runs one on every release.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { handOverUserSetup, loadUserSetup, resolveHookFile } from '../../src/compat/user-setup.js';

const dir = mkdtempSync(path.join(tmpdir(), 'octomind-user-setup-'));
const file = (name: string, text: string) => {
  writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
};
const config = { projects: [{ name: 'web' }] } as never;

afterEach(() => handOverUserSetup(undefined));

describe('resolveHookFile', () => {
  it('a path relative to the config folder, as Playwright resolves it', () => {
    const setup = file('relative-setup.js', 'module.exports = () => {};');
    expect(resolveHookFile('./relative-setup.js', dir)).toBe(setup);
    expect(resolveHookFile(setup, '/')).toBe(setup);
  });

  it('a module id through node resolution from the config folder; a missing file throws', () => {
    expect(resolveHookFile('node:path', dir)).toBe('node:path');
    expect(() => resolveHookFile('./missing-setup.ts', dir)).toThrow(/Cannot find module/);
  });
});

describe('loadUserSetup', () => {
  it('nothing handed over: no user setup', async () => {
    expect(await loadUserSetup()()).toBeUndefined();
  });

  it('a CommonJS file: required while the setup module loads, its default export called with the config', async () => {
    handOverUserSetup(file('cjs-setup.cjs', 'let loads = 0; loads++; exports.default = (config) => `ran with ${config.projects[0].name}, loaded ${loads}`;'));
    const load = loadUserSetup();
    const setup = await load();
    expect(await setup!(config)).toBe('ran with web, loaded 1');
  });

  it("a file that throws on load: the error comes when the setup runs, as Playwright's would", async () => {
    handOverUserSetup(file('broken-setup.cjs', "throw new Error('broken on purpose');"));
    const load = loadUserSetup();
    await expect(load()).rejects.toThrow('broken on purpose');
  });

  it("a file without a function: Playwright's message", async () => {
    const setup = file('no-function.cjs', 'module.exports = { setup: 1 };');
    handOverUserSetup(setup);
    await expect(loadUserSetup()()).rejects.toThrow(`${setup}: globalSetup file must export a single function.`);
  });
});
