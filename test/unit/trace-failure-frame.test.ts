/**
 * The frame of the page as a remote test failed, on real traces recorded by every installed
 * release (fixtures/traces/generate.ts) and on traces no release writes: without frames, corrupt,
 * a zip bomb, and the shapes of the oldest formats Playwright 1.42 still reads.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { writeZipBomb } from '../../fixtures/traces/bomb.js';
import { failureFrame, MAX_FRAME_BYTES } from '../../src/trace/failure-frame.js';
import { MAX_INFLATED_BYTES } from '../../src/trace/trace-format.js';
import { expectedFrame } from '../helpers/trace-frames.js';

const TRACES = path.resolve(__dirname, '../../fixtures/traces');
const dir = mkdtempSync(path.join(tmpdir(), 'failure-frame-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function zipOf(entries: Record<string, string | Buffer>): Promise<string> {
  const file = path.join(mkdtempSync(path.join(dir, 'zip-')), 'trace.zip');
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) zip.addBuffer(Buffer.from(data), name);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
  return file;
}

const lines = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';
const JPEG = (tag: string) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(tag)]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);

describe('failureFrame on traces recorded by each installed release', () => {
  it.each([
    ['failed.zip', '1.65 (v10)'],
    ['passed.zip', '1.65 (v10)'],
    ['v10/failed.zip', '1.64.1 (v10)'],
    ['v10/passed.zip', '1.64.1 (v10)'],
    ['v8/failed.zip', '1.56.1 (v8)'],
    ['v8/passed.zip', '1.56.1 (v8)'],
    ['v7/failed.zip', '1.49.1 (v7)'],
    ['v7/passed.zip', '1.49.1 (v7)'],
    ['v6/failed.zip', '1.42.1 (v6)'],
    ['v6/passed.zip', '1.42.1 (v6)'],
  ])('fixtures/traces/%s, recorded by %s: the JPEG of the last frame at or before the failed action ends', async (file) => {
    const trace = path.join(TRACES, file);
    const expected = await expectedFrame(trace);
    expect(expected.frames).toBeGreaterThan(1);
    if (file.includes('failed')) expect(expected.beforeError, 'the failing click is found').toBe(true);
    const frame = await failureFrame(trace);
    expect(frame?.contentType).toBe('image/jpeg');
    expect(frame!.data.equals(expected.image)).toBe(true);
  });
});

describe('failureFrame picks the frame', () => {
  it('at the end of the failed action, not the last one, not one after it (v7 – v9: sha1 → resources/)', async () => {
    const trace = await zipOf({
      'test.trace': lines(
        { version: 8, type: 'context-options' },
        { type: 'after', callId: 'step@1', endTime: 100 },
        { type: 'after', callId: 'step@2', endTime: 200, error: { message: 'Timeout' } },
        { type: 'after', callId: 'hook@3', endTime: 900 },
      ),
      '0-trace.trace': lines(
        { version: 8, type: 'context-options' },
        { type: 'screencast-frame', sha1: 'a.jpeg', timestamp: 50 },
        { type: 'screencast-frame', sha1: 'b.jpeg', timestamp: 199 },
        { type: 'frame-snapshot', snapshot: { html: ['BODY'] } },
        { type: 'screencast-frame', sha1: 'c.jpeg', timestamp: 450 },
      ),
      'resources/a.jpeg': JPEG('a'),
      'resources/b.jpeg': JPEG('b'),
      'resources/c.jpeg': JPEG('c'),
    });
    expect((await failureFrame(trace))?.data).toEqual(JPEG('b'));
  });

  it('the last frame when the test failed without a failed action, and when every frame is later than the failure (clocks apart)', async () => {
    const frames = { 'resources/a.jpeg': JPEG('a'), 'resources/b.jpeg': JPEG('b') };
    const noError = await zipOf({
      'trace.trace': lines({ type: 'after', endTime: 300 }, { type: 'screencast-frame', sha1: 'a.jpeg', timestamp: 100 }, { type: 'screencast-frame', sha1: 'b.jpeg', timestamp: 250 }),
      ...frames,
    });
    expect((await failureFrame(noError))?.data).toEqual(JPEG('b'));
    const later = await zipOf({
      'trace.trace': lines({ type: 'after', endTime: 10, error: {} }, { type: 'screencast-frame', sha1: 'a.jpeg', timestamp: 100 }, { type: 'screencast-frame', sha1: 'b.jpeg', timestamp: 250 }),
      ...frames,
    });
    expect((await failureFrame(later))?.data).toEqual(JPEG('b'));
  });

  it('v10 names the entry itself (`file`)', async () => {
    const trace = await zipOf({
      'test.trace': lines({ version: 10, type: 'context-options' }, { type: 'after', endTime: 200, error: { message: 'x' } }),
      '1-trace.trace': lines({ type: 'screencast-frame', file: 'screencast/p-1.jpeg', timestamp: 150 }, { type: 'screencast-frame', file: 'screencast/p-2.jpeg', timestamp: 300 }),
      'screencast/p-1.jpeg': JPEG('1'),
      'screencast/p-2.jpeg': JPEG('2'),
    });
    expect((await failureFrame(trace))?.data).toEqual(JPEG('1'));
  });

  it('the oldest formats 1.42 reads: `action` events, with their fields under `metadata` (v3) or not (v4)', async () => {
    const frames = { 'resources/a.jpeg': JPEG('a'), 'resources/b.jpeg': JPEG('b'), 'resources/c.jpeg': JPEG('c') };
    const screencast = [
      { type: 'screencast-frame', sha1: 'a.jpeg', timestamp: 100 },
      { type: 'screencast-frame', sha1: 'b.jpeg', timestamp: 200 },
      { type: 'screencast-frame', sha1: 'c.jpeg', timestamp: 300 },
    ];
    const v3 = await zipOf({
      'trace.trace': lines({ version: 3, type: 'context-options' }, { type: 'action', metadata: { endTime: 250, error: { error: { message: 'x' } } } }, { type: 'action', metadata: { endTime: 400 } }, ...screencast),
      ...frames,
    });
    expect((await failureFrame(v3))?.data).toEqual(JPEG('b'));
    const v4 = await zipOf({
      'trace.trace': lines({ version: 4, type: 'context-options' }, { type: 'action', endTime: 120, error: { message: 'x' } }, { type: 'action', endTime: 400 }, ...screencast),
      ...frames,
    });
    expect((await failureFrame(v4))?.data).toEqual(JPEG('a'));
  });

  it('a PNG frame is image/png: the type comes from the bytes', async () => {
    const trace = await zipOf({ 'trace.trace': lines({ type: 'screencast-frame', sha1: 'a.jpeg', timestamp: 1 }), 'resources/a.jpeg': PNG });
    expect(await failureFrame(trace)).toEqual({ data: PNG, contentType: 'image/png' });
  });
});

describe('failureFrame finds none, and never throws', () => {
  it('a trace without frames (screencast off, or an API-only test)', async () => {
    const trace = await zipOf({ 'test.trace': lines({ version: 10, type: 'context-options' }, { type: 'after', endTime: 5, error: { message: 'x' } }) });
    expect(await failureFrame(trace)).toBeUndefined();
  });

  it('a frame whose image is missing, or is no image', async () => {
    expect(await failureFrame(await zipOf({ 'trace.trace': lines({ type: 'screencast-frame', sha1: 'gone.jpeg', timestamp: 1 }) }))).toBeUndefined();
    expect(await failureFrame(await zipOf({ 'trace.trace': lines({ type: 'screencast-frame', sha1: 'a.jpeg', timestamp: 1 }), 'resources/a.jpeg': '<html>' }))).toBeUndefined();
  });

  it('a corrupt trace: not a zip, a zip cut short, broken lines', async () => {
    const notZip = path.join(dir, 'not-a-zip.zip');
    writeFileSync(notZip, 'PK\x03\x04 but nothing after');
    expect(await failureFrame(notZip)).toBeUndefined();
    const cut = path.join(dir, 'cut.zip');
    copyFileSync(path.join(TRACES, 'failed.zip'), cut);
    truncateSync(cut, Math.floor(readFileSync(cut).length / 2));
    expect(await failureFrame(cut)).toBeUndefined();
    expect(await failureFrame(path.join(dir, 'absent.zip'))).toBeUndefined();
    const broken = await zipOf({ 'trace.trace': '{"type":"screencast-fr\nnull\n[1]\n{"type":"screencast-frame","sha1":"a.jpeg","timestamp":"soon"}\n', 'resources/a.jpeg': JPEG('a') });
    expect(await failureFrame(broken)).toBeUndefined();
  });

  it('a frame over its cap is refused; a trace cut by the inflate cap before its frames has none', async () => {
    const trace = path.join(TRACES, 'failed.zip');
    expect(await failureFrame(trace, { inflatedBytes: MAX_INFLATED_BYTES, frameBytes: 1000 })).toBeUndefined();
    expect(await failureFrame(trace, { inflatedBytes: 3000, frameBytes: MAX_FRAME_BYTES })).toBeUndefined();
  });

  it('a zip bomb: inflates at most MAX_INFLATED_BYTES (and one stream chunk), grows the RSS by less than 64 MB, finds nothing', async () => {
    // 16 entries of 16 MiB of zeros: 256 MiB inflated from ~260 KB of zip.
    const bomb = path.join(dir, 'bomb.zip');
    await writeZipBomb(bomb, { entries: 16, bytesPerEntry: 16 * 1024 * 1024 });
    const probe = path.resolve(__dirname, '../helpers/failure-frame-probe.mts');
    const out = execFileSync(process.execPath, ['--import', 'tsx', probe, bomb], { encoding: 'utf8', timeout: 60_000 });
    const { found, inflated, rssGrowthBytes } = JSON.parse(out) as { found: boolean; inflated: number; rssGrowthBytes: number };
    expect(found).toBe(false);
    expect(inflated).toBeGreaterThan(0);
    expect(inflated).toBeLessThanOrEqual(MAX_INFLATED_BYTES + 64 * 1024);
    expect(rssGrowthBytes).toBeLessThan(64 * 1024 * 1024);
  }, 90_000);
});
