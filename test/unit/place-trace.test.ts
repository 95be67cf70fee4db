import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { placeScreenshot, placeTrace } from '../../src/proxy/place-trace.js';

const SHM = '/dev/shm';
const made: string[] = [];
const dirIn = (base: string) => {
  const dir = mkdtempSync(path.join(base, 'place-trace-'));
  made.push(dir);
  return dir;
};

describe('placeTrace', () => {
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("links the download beside the test's output dir on the same file system: one file, not a copy, and no dir per test", async () => {
    const dir = dirIn(tmpdir());
    const downloaded = path.join(dir, 'state', 'r1.zip');
    mkdirSync(path.dirname(downloaded));
    writeFileSync(downloaded, 'PK zip bytes');
    const outputDir = path.join(dir, 'test-results', 'octomind-remote-check-octomind');
    const placed = await placeTrace(downloaded, { outputDir });
    expect(placed).toBe(`${outputDir}-trace.zip`);
    expect(existsSync(outputDir)).toBe(false);
    expect(statSync(placed).ino).toBe(statSync(downloaded).ino);
    rmSync(path.join(dir, 'state'), { recursive: true });
    expect(readFileSync(placed, 'utf8')).toBe('PK zip bytes');
  });

  it('links the extracted screenshot the same way, keeping its extension', async () => {
    const dir = dirIn(tmpdir());
    const extracted = path.join(dir, 'r1-screenshot.jpeg');
    writeFileSync(extracted, 'JPEG bytes');
    const outputDir = path.join(dir, 'test-results', 'octomind-remote-check-octomind');
    const placed = await placeScreenshot(extracted, { outputDir });
    expect(placed).toBe(`${outputDir}-screenshot.jpeg`);
    expect(statSync(placed).ino).toBe(statSync(extracted).ino);
  });

  it("replaces the trace an earlier Run left for the same test", async () => {
    const dir = dirIn(tmpdir());
    const downloaded = path.join(dir, 'r1.zip');
    writeFileSync(downloaded, 'new');
    const outputDir = path.join(dir, 'remote-check');
    writeFileSync(`${outputDir}-trace.zip`, 'old');
    const placed = await placeTrace(downloaded, { outputDir });
    expect(readFileSync(placed, 'utf8')).toBe('new');
    expect(statSync(placed).ino).toBe(statSync(downloaded).ino);
  });

  const otherDevice = existsSync(SHM) && statSync(SHM).dev !== statSync(tmpdir()).dev;
  it.skipIf(!otherDevice)('copies where the download is on another file system (os tmp on tmpfs)', async () => {
    const downloaded = path.join(dirIn(SHM), 'r1.zip');
    writeFileSync(downloaded, 'PK from tmpfs');
    const placed = await placeTrace(downloaded, { outputDir: path.join(dirIn(tmpdir()), 'remote-check') });
    expect(readFileSync(placed, 'utf8')).toBe('PK from tmpfs');
    expect(statSync(placed).dev).not.toBe(statSync(downloaded).dev);
  });
});
