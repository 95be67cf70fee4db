/**
 * The layering of src/, as in Playwright's DEPS.list files: what eslint.config.mjs enforces and
 * test/unit/layers.test.ts checks. Each folder of src/ has a DEPS.list, and src/DEPS.list covers the
 * root files. In one, a line starting with `#` is a comment and blank lines are skipped; every other
 * line is a folder that the files next to the DEPS.list may import, written the way they import it
 * (`../api/` in a folder, `./api/` in src/DEPS.list); `[file.ts]` starts a section whose folders only
 * that file may import, on top of those listed before any section. Its own files and
 * src/defaults.ts every file may import. A folder without a DEPS.list, or a line naming nothing that
 * exists, throws: the rule must never be silently absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The folders of `src`. */
export function srcFolders(src) {
  return readdirSync(src, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

/**
 * One folder's DEPS.list ('' for src/ itself): its lines by section ('' before any section).
 * @returns {Map<string, string[]>}
 */
export function readDepsList(src, folder, folders = srcFolders(src)) {
  const where = folder ? `src/${folder}/` : 'src/';
  const list = `${where}DEPS.list`;
  const prefix = folder ? '../' : './';
  const file = path.join(src, folder, 'DEPS.list');
  if (!existsSync(file)) throw new Error(`${list} is missing: every folder of src/ lists the folders it may import (format: scripts/deps-list.mjs).`);
  const sections = new Map([['', []]]);
  let section = '';
  for (const line of readFileSync(file, 'utf8').split('\n').map((text) => text.trim())) {
    if (!line || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1];
      if (!existsSync(path.join(src, folder, section))) throw new Error(`${list}: section [${section}] names no file of ${where}.`);
      sections.set(section, []);
      continue;
    }
    const name = line.startsWith(prefix) && line.endsWith('/') ? line.slice(prefix.length, -1) : '';
    if (!folders.includes(name)) throw new Error(`${list}: "${line}" is not a folder of src/ written as ${prefix}<folder>/ (folders: ${folders.join(', ')}).`);
    sections.get(section).push(line);
  }
  return sections;
}
