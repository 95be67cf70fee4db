import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { placeTrace } from '../../src/spec/place-trace.js';

const SHM = '/dev/shm';
const made: string[] = [];
const dirIn = (base: string) => {
  const dir = mkdtempSync(path.join(base, 'place-trace-'));
  made.push(dir);
  return dir;
};
const outputDir = (dir: string) => ({ outputPath: (...segments: string[]) => (mkdirSync(dir, { recursive: true }), path.join(dir, ...segments)) });

describe('placeTrace', () => {
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("links the download as the test's trace.zip on the same file system: one file, not a copy", async () => {
    const dir = dirIn(tmpdir());
    const downloaded = path.join(dir, 'state', 'r1.zip');
    mkdirSync(path.dirname(downloaded));
    writeFileSync(downloaded, 'PK zip bytes');
    const placed = await placeTrace(downloaded, outputDir(path.join(dir, 'test-results', 'remote-check')));
    expect(placed).toBe(path.join(dir, 'test-results', 'remote-check', 'trace.zip'));
    expect(statSync(placed).ino).toBe(statSync(downloaded).ino);
    rmSync(path.join(dir, 'state'), { recursive: true });
    expect(readFileSync(placed, 'utf8')).toBe('PK zip bytes');
  });

  it('replaces a trace.zip left in the output dir', async () => {
    const dir = dirIn(tmpdir());
    const downloaded = path.join(dir, 'r1.zip');
    writeFileSync(downloaded, 'new');
    writeFileSync(path.join(dir, 'trace.zip'), 'old');
    expect(readFileSync(await placeTrace(downloaded, outputDir(dir)), 'utf8')).toBe('new');
  });

  const otherDevice = existsSync(SHM) && statSync(SHM).dev !== statSync(tmpdir()).dev;
  it.skipIf(!otherDevice)('copies where the download is on another file system (os tmp on tmpfs)', async () => {
    const downloaded = path.join(dirIn(SHM), 'r1.zip');
    writeFileSync(downloaded, 'PK from tmpfs');
    const placed = await placeTrace(downloaded, outputDir(dirIn(tmpdir())));
    expect(readFileSync(placed, 'utf8')).toBe('PK from tmpfs');
    expect(statSync(placed).dev).not.toBe(statSync(downloaded).dev);
  });
});
