/**
 * The layering of src/ (CONTRIBUTING.md, Layout) holds only if lint really fails on an import a
 * DEPS.list does not allow: gitignore-style negation and flat config's rule replacement are easy to
 * get silently wrong, so this checks the real config rather than trusting its patterns.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { readDepsList, srcFolders } from '../../scripts/deps-list.mjs';

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src');
const FOLDERS = srcFolders(SRC);
const depsList = (folder: string) => readDepsList(SRC, folder, FOLDERS);

let eslint: ESLint | undefined;
/** The no-restricted-imports messages lint gives `code` as the file `file` (relative to the repo root). */
async function restricted(file: string, code: string): Promise<string[]> {
  eslint ??= new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

const importing = (specifier: string) => `import * as other from '${specifier}';\nexport const planted = other;\n`;

describe('src/ layering', () => {
  it('every folder of src/ has a DEPS.list, and every DEPS.list names only existing folders', () => {
    const problems: string[] = [];
    for (const folder of ['', ...FOLDERS]) {
      try {
        depsList(folder);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    expect(problems, 'each folder of src/ needs a DEPS.list naming the folders it may import (CONTRIBUTING.md, Layout)').toEqual([]);
    expect(() => readDepsList(SRC, 'no-such-folder', FOLDERS)).toThrow(/src\/no-such-folder\/DEPS.list is missing/);
  });

  it('npm run lint fails on an upward import, naming the file, the rule and the DEPS.list', () => {
    // Planted in a copy of what lint reads, so no other process (a build, another lint) sees it.
    const copy = mkdtempSync(path.join(tmpdir(), 'layers-'));
    try {
      for (const entry of ['src', 'scripts', 'eslint.config.mjs', 'package.json']) cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
      const planted = path.join(copy, 'src', 'api', 'zz-planted-upward.ts');
      writeFileSync(planted, "import { Poller } from '../poll/poller.js';\nexport const planted = Poller;\n");
      const lint = spawnSync('npm', ['run', 'lint'], { cwd: copy, encoding: 'utf8', timeout: 120_000 });
      const output = `${lint.stdout}\n${lint.stderr}`;
      expect(lint.status, output).not.toBe(0);
      // The stylish formatter prints each file's path, then its problems, then a blank line.
      const blocks = output.split(/\n\s*\n/).filter((chunk) => /^\s*\//.test(chunk));
      expect(blocks, output).toHaveLength(1);
      expect(blocks[0]!.trimStart().startsWith(planted), output).toBe(true);
      expect(blocks[0]).toContain("'../poll/poller.js' import is restricted");
      expect(blocks[0]).toContain('no-restricted-imports');
      expect(blocks[0]).toContain('src/api/DEPS.list');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 180_000);

  it('an allowed downward import passes', async () => {
    expect(await restricted('src/poll/zz-planted-downward.ts', importing('../api/errors.js'))).toEqual([]);
  });

  it('each file may import exactly the folders its DEPS.list names, its own folder and defaults.ts', async () => {
    const wrong: string[] = [];
    for (const folder of ['', ...FOLDERS]) {
      const sections = depsList(folder);
      const files: [string, string[]][] = folder
        ? [['zz-probe.ts', sections.get('')!]]
        : [...sections].filter(([file]) => file).map(([file, own]) => [file, [...sections.get('')!, ...own]]);
      const prefix = folder ? '../' : './';
      for (const [file, allowed] of files) {
        const source = path.posix.join('src', folder, file);
        for (const target of FOLDERS) {
          const may = target === folder || allowed.includes(`${prefix}${target}/`);
          const messages = await restricted(source, importing(`${prefix}${target}/x.js`));
          if (may === (messages.length > 0)) wrong.push(`${source} → ${target}/: ${may ? `refused: ${messages.join(' | ')}` : 'let through'}`);
        }
        if ((await restricted(source, importing(`${prefix}defaults.js`))).length) wrong.push(`${source} → defaults.ts: refused`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the refusal names the folder, what it may import and where the rule lives', async () => {
    const [message] = await restricted('src/trigger/zz-probe.ts', importing('../setup/setup.js'));
    expect(message).toContain('src/trigger/ may import ../api/, ../ci/, ../options/, ../state/, ../text/');
    expect(message).toContain('src/trigger/DEPS.list');
    expect(message).toContain('CONTRIBUTING.md');
    expect(await restricted('src/text/zz-probe.ts', importing('../poll/poller.js'))).toEqual([expect.stringContaining('src/text/ may import no other folder')]);
  });

  it('no src file imports from outside src/ (test/, fixtures/, bench/, demo/, scripts/)', async () => {
    for (const dir of ['test', 'fixtures', 'bench', 'demo', 'scripts']) {
      expect(await restricted('src/api/zz-probe.ts', importing(`../../${dir}/x.js`))).toEqual([expect.stringContaining('imports nothing outside src/')]);
      expect(await restricted('src/index.ts', importing(`../${dir}/x.js`))).toEqual([expect.stringContaining('imports nothing outside src/')]);
    }
  });

  it('the per-folder rules keep the ban on private Playwright API', async () => {
    for (const file of ['src/api/zz-probe.ts', 'src/index.ts', 'test/unit/zz-probe.ts']) {
      expect(await restricted(file, importing('playwright/lib/transform/transform'))).toEqual([expect.stringContaining('Private Playwright API breaks on the next release')]);
    }
  });
});
