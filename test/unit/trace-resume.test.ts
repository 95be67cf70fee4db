/** When an answer of the trace host may continue a broken download, and when it starts it again. */
import { describe, expect, it } from 'vitest';
import { FRESH, judge, resumeHeaders, type Progress } from '../../src/api/trace-resume.js';

const ETAG = '"abc"';
const DATE = 'Wed, 15 Jan 2026 09:30:00 GMT';
const onDisk: Progress = { offset: 100, version: { etag: ETAG, lastModified: DATE, size: 300 } };
const partial = (range: string, extra: Record<string, string> = {}) => ({ etag: ETAG, 'last-modified': DATE, 'content-range': range, ...extra });

describe('resumeHeaders', () => {
  it('asks for the rest of the version on disk, named by its strong ETag', () => {
    expect(resumeHeaders(onDisk)).toEqual({ range: 'bytes=100-', 'if-range': ETAG });
  });

  it('names it by Last-Modified when there is no strong ETag', () => {
    expect(resumeHeaders({ offset: 100, version: { lastModified: DATE } })).toEqual({ range: 'bytes=100-', 'if-range': DATE });
  });

  it('does not resume without a validator (a weak ETag is none) or without bytes', () => {
    const weak = judge(200, { etag: 'W/"abc"', 'content-length': '300' }, FRESH, false);
    expect(weak).toEqual({ kind: 'write', from: 0, version: { etag: undefined, lastModified: undefined, size: 300 } });
    expect(resumeHeaders({ offset: 100, version: weak.kind === 'write' ? weak.version : undefined })).toEqual({});
    expect(resumeHeaders({ ...onDisk, offset: 0 })).toEqual({});
  });
});

describe('judge', () => {
  it('appends a 206 that is the rest of the same version', () => {
    expect(judge(206, partial('bytes 100-299/300', { 'content-length': '200' }), onDisk, true)).toMatchObject({ kind: 'write', from: 100 });
  });

  it('writes a 200 from byte 0, even on a resumed request', () => {
    expect(judge(200, { etag: '"new"', 'content-length': '310' }, onDisk, true)).toEqual({ kind: 'write', from: 0, version: { etag: '"new"', lastModified: undefined, size: 310 } });
  });

  it.each([
    ['another start', partial('bytes 101-299/300')],
    ['not up to the end', partial('bytes 100-199/300')],
    ['another size', partial('bytes 100-309/310')],
    ['another ETag', partial('bytes 100-299/300', { etag: '"new"' })],
    ['no Content-Range', { etag: ETAG }],
    ['a Content-Length that does not match', partial('bytes 100-299/300', { 'content-length': '10' })],
  ])('starts again after a 206 with %s', (_name, headers) => {
    expect(judge(206, headers, onDisk, true)).toMatchObject({ kind: 'restart' });
  });

  it('compares Last-Modified when that was the validator', () => {
    const byDate: Progress = { offset: 100, version: { lastModified: DATE, size: 300 } };
    expect(judge(206, { 'last-modified': DATE, 'content-range': 'bytes 100-299/300' }, byDate, true)).toMatchObject({ kind: 'write' });
    expect(judge(206, { 'last-modified': 'Thu, 16 Jan 2026 09:30:00 GMT', 'content-range': 'bytes 100-299/300' }, byDate, true)).toMatchObject({ kind: 'restart' });
  });

  it('starts again after a 416 or 412 to a resumed request, but fails on them otherwise', () => {
    expect(judge(416, {}, onDisk, true)).toEqual({ kind: 'restart', reason: 'HTTP 416 to a resumed request' });
    expect(judge(412, {}, onDisk, true)).toMatchObject({ kind: 'restart' });
    expect(judge(416, {}, FRESH, false)).toMatchObject({ kind: 'fail', error: { code: 'OCTOMIND_TRACE_DOWNLOAD', status: 416 } });
  });

  it('fails on an expired link, saying traces live 60 days', () => {
    const verdict = judge(404, {}, onDisk, true);
    expect(verdict.kind === 'fail' && verdict.error.message).toMatch(/HTTP 404: .*60 days/);
  });
});
