/**
 * `npx tsx bench/file-create.ts`: what creating one small file costs on this machine, in the OS
 * temp folder (where the plugin's run state lives) and beside the repo: wall and kernel CPU per
 * file, over 1,000 files created and written once each. A result file per remote result, or a
 * dir per test, pays this once per result.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const FILES = 1000;

function perFile(base: string): string {
  const dir = mkdtempSync(path.join(base, 'file-create-'));
  try {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (let i = 0; i < FILES; i++) {
      const fd = openSync(path.join(dir, `r${i}.json`), 'wx');
      writeSync(fd, '{"kind":"final","status":"PASSED"}\n');
      closeSync(fd);
    }
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const { system } = process.cpuUsage(cpu);
    return `${(wallMs / FILES).toFixed(3)} ms wall, ${(system / 1000 / FILES).toFixed(3)} ms kernel CPU per file`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const base of [tmpdir(), path.resolve(__dirname, '..')]) process.stdout.write(`${base}: ${perFile(base)}\n`);
