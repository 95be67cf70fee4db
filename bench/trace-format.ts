/**
 * `npx tsx bench/trace-format.ts`: the CPU cost of reading a trace's format, per trace, as the
 * runner pays it once per downloaded trace. The plugin's reader (one read of the file's tail, the
 * start of each `.trace` entry inflated at once) against yauzl reading the file itself (one read
 * per directory record and local header, an inflate stream per entry).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { traceFile } from '../fixtures/fake-octomind/trace-host.js';
import { traceFormat } from '../src/trace/trace-format.js';

const COPIES = 1000;

/** yauzl on its own: the same work (every entry, the first piece of each `.trace`) without the cached tail. */
async function plainYauzl(file: string): Promise<void> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  try {
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith('.trace')) continue;
      const stream = await zip.openReadStreamPromise(entry);
      for await (const chunk of stream) if (chunk) break;
      stream.destroy();
    }
  } finally {
    zip.close();
  }
}

async function cpuPerTrace(files: string[], read: (file: string) => Promise<unknown>): Promise<string> {
  for (const file of files.slice(0, 50)) await read(file);
  const before = process.cpuUsage();
  for (const file of files) await read(file);
  const used = process.cpuUsage(before);
  return `${((used.user + used.system) / 1000 / files.length).toFixed(2)} ms CPU per trace`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'trace-format-bench-'));
  try {
    const files = Array.from({ length: COPIES }, (_, i) => path.join(dir, `${i}.zip`));
    for (const file of files) copyFileSync(traceFile('passed'), file);
    process.stdout.write(`fixtures/traces/passed.zip × ${COPIES}\n`);
    process.stdout.write(`  traceFormat (cached tail): ${await cpuPerTrace(files, traceFormat)}\n`);
    process.stdout.write(`  yauzl reading the file:    ${await cpuPerTrace(files, plainYauzl)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
