/**
 * `npx tsx bench/failure-frame.ts`: the CPU cost of finding a failed remote test's screenshot in
 * its trace, per trace, as the runner pays it once per failed result beside the download: the real
 * failed traces of 1.65 and 1.42, and a trace whose `.trace` entries are larger than the inflate
 * cap (the frames at the end, behind 24 MB of DOM snapshots), which costs the most any trace can.
 */
import { copyFileSync, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { failureFrame } from '../src/trace/failure-frame.js';
import { MAX_INFLATED_BYTES } from '../src/trace/trace-format.js';

const TRACES = path.resolve(__dirname, '../fixtures/traces');

async function cpuPerTrace(files: string[], read: (file: string) => Promise<unknown>): Promise<string> {
  for (const file of files.slice(0, Math.min(50, files.length / 2))) await read(file);
  const before = process.cpuUsage();
  const started = performance.now();
  for (const file of files) await read(file);
  const used = process.cpuUsage(before);
  const wall = (performance.now() - started) / files.length;
  return `${((used.user + used.system) / 1000 / files.length).toFixed(2)} ms CPU, ${wall.toFixed(2)} ms wall per trace`;
}

/** A trace of ~3× the cap: snapshot lines first, as a long test records them, then one frame past the cap. */
async function oversizeTrace(file: string): Promise<void> {
  const snapshot = JSON.stringify({ type: 'frame-snapshot', snapshot: { html: ['DIV', {}, 'x'.repeat(100_000)] } });
  const lines: string[] = [JSON.stringify({ version: 8, type: 'context-options' })];
  for (let size = 0; size < 3 * MAX_INFLATED_BYTES; size += snapshot.length) lines.push(snapshot);
  lines.push(JSON.stringify({ type: 'screencast-frame', sha1: 'frame.jpeg', timestamp: 1 }));
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${lines.join('\n')}\n`), '0-trace.trace');
  zip.addBuffer(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'resources/frame.jpeg');
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'failure-frame-bench-'));
  try {
    for (const [name, copies] of [
      ['failed.zip', 1000],
      ['v6/failed.zip', 1000],
    ] as const) {
      const files = Array.from({ length: copies }, (_, i) => path.join(dir, `${name.replace('/', '-')}-${i}.zip`));
      for (const file of files) copyFileSync(path.join(TRACES, name), file);
      process.stdout.write(`fixtures/traces/${name} × ${copies}: ${await cpuPerTrace(files, failureFrame)}\n`);
    }
    const big = Array.from({ length: 20 }, (_, i) => path.join(dir, `oversize-${i}.zip`));
    await oversizeTrace(big[0]!);
    for (const file of big.slice(1)) copyFileSync(big[0]!, file);
    process.stdout.write(`.trace entries of 3× the ${MAX_INFLATED_BYTES / 1024 / 1024} MB cap × ${big.length}: ${await cpuPerTrace(big, failureFrame)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
