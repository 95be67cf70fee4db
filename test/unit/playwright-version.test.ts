/** The version table: feature gates, the trace formats each viewer opens, and the note on a too-new trace. */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { atLeast, FILTERED_PROJECTS, GLOBAL_SETUP_ARRAYS, installedPlaywright, parseVersion, PROJECT_WORKERS, viewerTraceFormat } from '../../src/compat/playwright-version.js';
import { traceFormat } from '../../src/trace/trace-format.js';
import { TAIL_BYTES } from '../../src/trace/zip-reader.js';
import { traceNote } from '../../src/proxy/trace-note.js';

const v = parseVersion;

describe('features', () => {
  it.each([
    ['1.42.1', false, false, false],
    ['1.48.2', false, false, false],
    ['1.49.0', true, false, false],
    ['1.51.1', true, false, false],
    ['1.52.0', true, true, false],
    ['1.63.9', true, true, false],
    ['1.64.0-beta-1', true, true, true],
    ['1.65.1', true, true, true],
    ['2.0.0', true, true, true],
  ])('%s: setup arrays %s, project workers %s, filteredProjects %s', (text, arrays, workers, filtered) => {
    expect([atLeast(v(text), GLOBAL_SETUP_ARRAYS), atLeast(v(text), PROJECT_WORKERS), atLeast(v(text), FILTERED_PROJECTS)]).toEqual([arrays, workers, filtered]);
  });

  it('rejects text that is no version', () => {
    expect(() => parseVersion('latest')).toThrow('"latest" is not a version');
  });

  it("reads the user's project's @playwright/test, not this package's", () => {
    const own = v((JSON.parse(readFileSync(path.resolve(__dirname, '../../node_modules/@playwright/test/package.json'), 'utf8')) as { version: string }).version);
    expect(installedPlaywright(path.resolve(__dirname, '../..'))).toEqual(own);
    expect(installedPlaywright(path.resolve(__dirname, '../../.playwright-versions/1.42.1'))).toEqual(existsSync(path.resolve(__dirname, '../../.playwright-versions/1.42.1/node_modules')) ? [1, 42, 1] : own);
    // A folder outside any project falls back to the normal resolution.
    expect(installedPlaywright('/')).toEqual(own);
  });
});

describe('viewerTraceFormat', () => {
  it.each([
    ['1.42.1', 6],
    ['1.44.1', 6],
    ['1.45.0', 7],
    ['1.52.0', 7],
    ['1.53.0', 8],
    ['1.56.1', 8],
    ['1.62.1', 8],
    ['1.63.0', 9],
    ['1.64.1', 10],
    ['1.65.1', 10],
    ['1.66.0', Number.POSITIVE_INFINITY],
  ])('%s opens up to v%s', (text, format) => {
    expect(viewerTraceFormat(v(text))).toBe(format);
  });
});

describe('traceFormat', () => {
  it.each([
    ['passed.zip', 10],
    ['failed.zip', 10],
    ['v6/passed.zip', 6],
    ['v7/failed.zip', 7],
    ['v8/failed.zip', 8],
    ['v10/failed.zip', 10],
  ])('fixtures/traces/%s is format v%s', async (file, format) => {
    expect(await traceFormat(path.resolve(__dirname, '../../fixtures/traces', file))).toBe(format);
  });

  it('a trace larger than the cached tail: entries before it are read from the file', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'trace-format-')), 'big.zip');
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from('{"type":"context-options","version":8}\n{"type":"before"}\n'), 'test.trace');
    zip.addBuffer(randomBytes(TAIL_BYTES * 2), 'resources/snapshot.bin', { compress: false });
    zip.addBuffer(Buffer.from('{"type":"context-options","version":7}\n'), '0-trace.trace');
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(file));
    expect(statSync(file).size).toBeGreaterThan(TAIL_BYTES * 2);
    expect(await traceFormat(file)).toBe(8);
  });

  async function zipOf(entries: Array<{ name: string; text: string; compress: boolean }>): Promise<string> {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'trace-format-')), 'trace.zip');
    const zip = new yazl.ZipFile();
    for (const { name, text, compress } of entries) zip.addBuffer(Buffer.from(text), name, { compress });
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(file));
    return file;
  }

  it('a first line that ends beyond the first inflated piece', async () => {
    // Random text barely compresses: the line's end lies far past the first 16 KB of deflate data.
    const long = JSON.stringify({ type: 'context-options', version: 9, title: randomBytes(96 * 1024).toString('base64') });
    const file = await zipOf([
      { name: 'test.trace', text: `${long}\n{"type":"before"}\n`, compress: true },
      { name: '0-trace.trace', text: '{"type":"context-options","version":7}\n', compress: true },
    ]);
    expect(await traceFormat(file)).toBe(9);
  });

  it('a stored (uncompressed) entry', async () => {
    expect(await traceFormat(await zipOf([{ name: 'test.trace', text: '{"type":"context-options","version":11}\n{"type":"before"}\n', compress: false }]))).toBe(11);
  });

  it('rejects a file that is not a zip', async () => {
    await expect(traceFormat(__filename)).rejects.toThrow();
  });
});

describe('traceNote', () => {
  const trace = { format: 10, attachmentPath: '/r/test-results/x/attachments/trace-1.zip', url: 'https://storage.example/t/a b.zip?sig=1&x=2' };

  it('a trace too new for the viewer: what opens it, with the encoded URL for the online viewer', () => {
    expect(traceNote(trace, v('1.56.1'))).toEqual({
      type: 'octomind.trace',
      description:
        'The remote trace has format v10; the trace viewer of Playwright 1.56.1 opens up to v8. ' +
        'Open it with `npx playwright@latest show-trace /r/test-results/x/attachments/trace-1.zip`, or online until the trace expires (60 days after the run): ' +
        'https://trace.playwright.dev/?trace=https%3A%2F%2Fstorage.example%2Ft%2Fa%20b.zip%3Fsig%3D1%26x%3D2.',
    });
  });

  it('no URL: only the local command', () => {
    expect(traceNote({ ...trace, url: undefined }, v('1.42.1'))?.description).toMatch(/opens up to v6\. Open it with `npx playwright@latest show-trace \S+`\.$/);
  });

  it.each([
    [10, '1.64.1'],
    [6, '1.42.1'],
    [6, '1.65.1'],
    [11, '1.66.0'],
    [undefined, '1.42.1'],
  ])('format v%s on %s: no note', (format, version) => {
    expect(traceNote({ ...trace, format }, v(version))).toBeUndefined();
  });
});
