/**
 * The results of one run: one file the runner process appends a JSON line to per result, which
 * proxies (in workers), the progress line and sessions read as it grows. One file, not one per
 * result: creating a file costs up to a millisecond of kernel time on a busy ext4 (measured in
 * BENCHMARKS.md), paid 1,000 times in a large suite while Playwright starts a worker on the same
 * cores, and an append is a single write. Readers take whole lines only, so a line being written
 * is read on the next look.
 */
import { appendFileSync, closeSync, openSync, readSync, statSync } from 'node:fs';
import { z } from 'zod';
import { remoteResultSchema, type RemoteResult } from './result.js';

const lineSchema = z.object({ key: z.string(), result: remoteResultSchema });

const NEWLINE = 0x0a;

export class ResultsLog {
  private results = new Map<string, RemoteResult>();
  /** Bytes of the file read so far: up to and including the last whole line. */
  private offset = 0;

  constructor(readonly file: string) {}

  /**
   * Appends a result unless the key has one already: the first result of a test is its result.
   * One writer per run (the runner process's StateDir), so what it wrote is known without reading
   * the file back.
   */
  add(key: string, result: RemoteResult): boolean {
    if (this.results.has(key)) return false;
    appendFileSync(this.file, `${JSON.stringify({ key, result })}\n`);
    this.results.set(key, result);
    return true;
  }

  get(key: string): RemoteResult | undefined {
    this.refresh();
    return this.results.get(key);
  }

  all(): ReadonlyMap<string, RemoteResult> {
    this.refresh();
    return this.results;
  }

  /** Lines this reader has not read yet; a key it knows keeps its first result. */
  private refresh(): void {
    let size: number;
    try {
      size = statSync(this.file).size;
    } catch {
      size = 0;
    }
    // Removed (the run's state went away) or replaced: what was read no longer holds.
    if (size < this.offset) this.reset();
    if (size === this.offset) return;
    const bytes = Buffer.alloc(size - this.offset);
    const fd = openSync(this.file, 'r');
    let read: number;
    try {
      read = readSync(fd, bytes, 0, bytes.length, this.offset);
    } finally {
      closeSync(fd);
    }
    const end = bytes.subarray(0, read).lastIndexOf(NEWLINE) + 1;
    if (end === 0) return;
    for (const line of bytes.toString('utf8', 0, end).split('\n')) {
      if (!line) continue;
      const { key, result } = lineSchema.parse(JSON.parse(line));
      if (!this.results.has(key)) this.results.set(key, result);
    }
    this.offset += end;
  }

  private reset(): void {
    this.results = new Map();
    this.offset = 0;
  }
}
