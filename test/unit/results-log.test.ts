import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemoteResult } from '../../src/state/result.js';
import { ResultsLog } from '../../src/state/results-log.js';

const passed: RemoteResult = { kind: 'final', status: 'PASSED', errorMessage: null, trace: { path: '/state/traces/a.zip', format: 8 } };
const failed: RemoteResult = {
  kind: 'final',
  status: 'FAILED',
  errorMessage: 'Expected "Größe" to be visible\n  at line 2 ✘',
  durationMs: 1234,
  trace: { missing: 'Octomind recorded no trace.' },
};

describe('ResultsLog', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'results-log-'));
    file = path.join(dir, 'results.jsonl');
    writeFileSync(file, '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands a result written by one process to a reader of the same file, as written', () => {
    const writer = new ResultsLog(file);
    const reader = new ResultsLog(file);
    expect(reader.get('a')).toBeUndefined();
    writer.add('a', passed);
    writer.add('b', failed);
    expect(reader.get('a')).toEqual(passed);
    expect(reader.get('b')).toEqual(failed);
    expect([...reader.all().keys()]).toEqual(['a', 'b']);
  });

  it('keeps the first result of a key: the writer adds it once, and readers keep the first line', () => {
    const writer = new ResultsLog(file);
    expect(writer.add('a', failed)).toBe(true);
    expect(writer.add('a', passed)).toBe(false);
    expect(writer.get('a')).toEqual(failed);
    appendFileSync(file, `${JSON.stringify({ key: 'a', result: passed })}\n`);
    expect(new ResultsLog(file).get('a')).toEqual(failed);
    expect(writer.get('a')).toEqual(failed);
  });

  it('reads a line only once it is whole, and then the rest of the file from there', () => {
    const reader = new ResultsLog(file);
    const line = `${JSON.stringify({ key: 'b', result: failed })}\n`;
    const bytes = Buffer.from(line);
    // Cut inside a multi-byte character: the reader must not decode half of it.
    const cut = bytes.indexOf(Buffer.from('ö')) + 1;
    appendFileSync(file, `${JSON.stringify({ key: 'a', result: passed })}\n`);
    appendFileSync(file, bytes.subarray(0, cut));
    expect(reader.get('a')).toEqual(passed);
    expect(reader.get('b')).toBeUndefined();
    appendFileSync(file, bytes.subarray(cut));
    expect(reader.get('b')).toEqual(failed);
  });

  it('forgets what it read once the file is removed or replaced', () => {
    const reader = new ResultsLog(file);
    new ResultsLog(file).add('a', passed);
    expect(reader.get('a')).toEqual(passed);
    rmSync(file);
    expect(reader.get('a')).toBeUndefined();
    expect(reader.all().size).toBe(0);
    writeFileSync(file, '');
    new ResultsLog(file).add('a', failed);
    expect(reader.get('a')).toEqual(failed);
  });

  it('refuses a line that is not a result rather than guess', () => {
    appendFileSync(file, `${JSON.stringify({ key: 'a', result: { kind: 'done' } })}\n`);
    expect(() => new ResultsLog(file).get('a')).toThrow();
  });
});
