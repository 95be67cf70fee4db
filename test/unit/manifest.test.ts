/**
 * The manifest (which proxy tests a run declares) and the state dir protocol: stable sorted titles
 * that never collide, and file keys that stay inside the state dir whatever ids a response holds.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiTestReport } from '../../src/api/schemas.js';
import { manifestTests, testCaseIdOf } from '../../src/trigger/manifest-tests.js';
import { STATE_ENV, StateDir } from '../../src/state/state-dir.js';
import { fileKey, manifestSchema, manifestTestSchema, resultKey, sentinelSchema } from '../../src/state/manifest.js';
import { remoteResultSchema } from '../../src/state/result.js';
import { fallbackTitle } from '../../src/trigger/titles.js';

const A = '5b844cf1-d597-4048-9e74-7c0f9ce3e2ee';
const B = 'a3c1e0f4-5f7e-4d1b-9a53-0f6f2d1c8e21';
const C = 'c2d5b7a8-1e3f-4b6c-8d9e-7f1a2b3c4d5e';
const D = 'e4f6a8b0-2c4d-4e6f-8a0b-1c2d3e4f5a6b';

const report = (...testResults: NonNullable<ApiTestReport['testResults']>): ApiTestReport => ({ id: 'report', status: 'WAITING', testResults });
const titles = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('testCaseIdOf', () => {
  it('reads testCaseId (v2) first, then testCaseVersionId (v3)', () => {
    expect(testCaseIdOf({ testCaseId: A })).toBe(A);
    expect(testCaseIdOf({ testCaseVersionId: B })).toBe(B);
    expect(testCaseIdOf({ testCaseId: A, testCaseVersionId: B })).toBe(A);
    expect(testCaseIdOf({ testCaseId: null, testCaseVersionId: B })).toBe(B);
    expect(testCaseIdOf({ testCaseId: null, testCaseVersionId: null })).toBeUndefined();
    expect(testCaseIdOf({})).toBeUndefined();
  });
});

describe('manifestTests', () => {
  it('one test per result, sorted by title, keyed and matched by test case id', () => {
    const tests = manifestTests(
      report({ id: 'r1', testCaseId: A }, { id: 'r2', testCaseId: B }, { id: 'r3', testCaseId: C }),
      titles({ [A]: 'log in', [B]: 'add to cart', [C]: 'checkout as guest' }),
    );
    expect(tests).toEqual([
      { key: B, occurrence: 0, testCaseId: B, title: 'add to cart' },
      { key: C, occurrence: 0, testCaseId: C, title: 'checkout as guest' },
      { key: A, occurrence: 0, testCaseId: A, title: 'log in' },
    ]);
    for (const test of tests) expect(manifestTestSchema.parse(test)).toEqual(test);
  });

  it('is the same whatever order the report lists its results in', () => {
    const results = [
      { id: 'r1', testCaseId: A },
      { id: 'r2', testCaseId: B },
      { id: 'r3', testCaseId: C },
      { id: 'r4', testCaseId: D },
    ];
    const names = titles({ [A]: 'zeta', [B]: 'alpha', [C]: 'same', [D]: 'same' });
    expect(manifestTests(report(...[...results].reverse()), names)).toEqual(manifestTests(report(...results), names));
  });

  it('falls back to `Octomind test <id>` without a title', () => {
    const tests = manifestTests(report({ id: 'r1', testCaseId: A }, { id: 'r2', testCaseId: B }), titles({ [B]: 'has a title' }));
    expect(fallbackTitle(A)).toBe(`Octomind test ${A}`);
    expect(tests.map((t) => t.title)).toEqual(['has a title', `Octomind test ${A}`]);
  });

  it('gives each of several test cases with one title ` [<first 8 chars of its id>]`', () => {
    const tests = manifestTests(
      report({ id: 'r1', testCaseId: A }, { id: 'r2', testCaseId: B }, { id: 'r3', testCaseId: C }),
      titles({ [A]: 'log in', [B]: 'log in', [C]: 'log out' }),
    );
    expect(tests.map((t) => [t.title, t.testCaseId])).toEqual([
      ['log in [5b844cf1]', A],
      ['log in [a3c1e0f4]', B],
      ['log out', C],
    ]);
  });

  it('numbers the same test case twice in one run #1, #2 (in report order)', () => {
    const tests = manifestTests(report({ id: 'r1', testCaseId: A }, { id: 'r2', testCaseId: A }, { id: 'r3', testCaseId: B }), titles({ [A]: 'log in', [B]: 'log in' }));
    expect(tests.map((t) => [t.title, t.key])).toEqual([
      ['log in [5b844cf1] #1', A],
      ['log in [5b844cf1] #2', resultKey(A, 1)],
      ['log in [a3c1e0f4]', B],
    ]);
  });

  it('numbers ids that share their first 8 chars', () => {
    const twin = `${A.slice(0, 8)}-0000-4000-8000-000000000000`;
    const tests = manifestTests(report({ id: 'r1', testCaseId: A }, { id: 'r2', testCaseId: twin }), titles({ [A]: 'x', [twin]: 'x' }));
    expect(tests.map((t) => t.title)).toEqual(['x [5b844cf1] #1', 'x [5b844cf1] #2']);
  });

  it('produces unique titles for any mix of duplicates (Playwright aborts the run on duplicates)', () => {
    const results = [A, A, A, B, B, C, D].map((testCaseId, i) => ({ id: `r${i}`, testCaseId }));
    const tests = manifestTests(report(...results), titles({ [A]: 't', [B]: 't', [C]: 't' }));
    expect(tests).toHaveLength(7);
    expect(new Set(tests.map((t) => t.title)).size).toBe(7);
    expect(new Set(tests.map((t) => t.key)).size).toBe(7);
  });

  it('keeps unicode titles as they are', () => {
    const tests = manifestTests(
      report({ id: 'r1', testCaseId: A }, { id: 'r2', testCaseId: B }),
      titles({ [A]: 'Warenkorb füllen 🛒 – Größe ändern', [B]: '注文を確定する' }),
    );
    expect(tests.map((t) => t.title).sort()).toEqual(['Warenkorb füllen 🛒 – Größe ändern', '注文を確定する'].sort());
  });

  it('reads v3 results that carry only testCaseVersionId', () => {
    const tests = manifestTests(report({ id: 'r1', testCaseVersionId: B }), titles({ [B]: 'v3 test' }));
    expect(tests).toEqual([{ key: B, occurrence: 0, testCaseId: B, title: 'v3 test' }]);
  });

  it('matches a result without id by its test case id, keyed by it', () => {
    const tests = manifestTests(report({ testCaseId: A }, { testCaseVersionId: B }), titles({ [A]: 'a', [B]: 'b' }));
    expect(tests).toEqual([
      { key: A, occurrence: 0, testCaseId: A, title: 'a' },
      { key: B, occurrence: 0, testCaseId: B, title: 'b' },
    ]);
  });

  it('skips results without any test case id, and reports without results', () => {
    expect(manifestTests(report({ id: 'r1' }, { id: 'r2', testCaseId: null, testCaseVersionId: null }), titles({}))).toEqual([]);
    expect(manifestTests({ id: 'x' }, titles({}))).toEqual([]);
    expect(manifestTests({ id: 'x', testResults: null }, titles({}))).toEqual([]);
  });

  it('turns unsafe ids into hashed keys that stay inside the state dir', () => {
    const unsafe = ['../../etc/passwd', '/abs/path', 'a/b', '..', '.', 'with space', 'C:\\win', '-dash', `${'x'.repeat(129)}`, 'nul\0byte'];
    const tests = manifestTests(report(...unsafe.map((testCaseId) => ({ id: 'r1', testCaseId }))), titles({}));
    expect(tests).toHaveLength(unsafe.length);
    const state = new StateDir(path.join(tmpdir(), 'octomind-state-check'));
    for (const test of tests) {
      expect(test.key).toMatch(/^h-[0-9a-f]{32}$/);
      expect(path.dirname(path.resolve(state.trace(test.key)))).toBe(path.resolve(state.tracesDir));
      expect(manifestTestSchema.safeParse(test).success).toBe(true);
    }
    expect(new Set(tests.map((t) => t.key)).size).toBe(unsafe.length);
    // The match still uses the real id from the response.
    expect(tests.map((t) => t.testCaseId).sort()).toEqual([...unsafe].sort());
  });

  it('a result id that appears twice changes nothing: each result is its test case\'s', () => {
    const tests = manifestTests(report({ id: 'r1', testCaseId: A }, { id: 'r1', testCaseId: B }), titles({ [A]: 'a', [B]: 'b' }));
    expect(tests.map((t) => [t.key, t.testCaseId, t.occurrence])).toEqual([[A, A, 0], [B, B, 0]]);
  });

  it('gives a test case without result ids that runs twice two different keys', () => {
    const tests = manifestTests(report({ testCaseId: A }, { testCaseId: A }), titles({ [A]: 'a' }));
    expect(tests.map((t) => [t.key, t.occurrence]).sort()).toEqual([[A, 0], [resultKey(A, 1), 1]].sort());
    expect(resultKey(A, 1)).toMatch(/^h-/);
    expect(new Set(tests.map((t) => t.title)).size).toBe(2);
  });
});

describe('fileKey', () => {
  it('keeps a safe id as it is', () => {
    for (const id of [A, 'r1', 'abc_DEF-123', 'x'.repeat(128)]) expect(fileKey(id)).toBe(id);
  });

  it('hashes an unsafe id, deterministically and distinctly', () => {
    expect(fileKey('../x')).toBe(fileKey('../x'));
    expect(fileKey('../x')).not.toBe(fileKey('../y'));
    expect(fileKey('x'.repeat(129))).toMatch(/^h-[0-9a-f]{32}$/);
    expect(fileKey('')).toMatch(/^h-[0-9a-f]{32}$/);
    expect(fileKey('_leading')).toMatch(/^h-/);
    expect(fileKey('ü')).toMatch(/^h-/);
  });

  it('never collides with a safe id that looks like a hash key', () => {
    // A safe id `h-…` is kept; the hash of an unsafe id differs from it unless sha256 collides.
    const hashed = fileKey('../a');
    expect(fileKey(hashed)).toBe(hashed);
    expect(fileKey('../b')).not.toBe(hashed);
  });
});

describe('StateDir', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('creates a fresh dir with an empty results log and traces/ per run', () => {
    const one = StateDir.create();
    const two = StateDir.create();
    made.push(one.root, two.root);
    expect(one.root).not.toBe(two.root);
    expect(path.basename(one.root)).toMatch(/^playwright-octomind-/);
    expect(statSync(one.results.file).size).toBe(0);
    expect(statSync(one.tracesDir).isDirectory()).toBe(true);
    expect(readdirSync(one.root).sort()).toEqual(['results.jsonl', 'traces']);
    expect(existsSync(one.manifest)).toBe(false);
  });

  it('names its files inside its root', () => {
    const state = new StateDir('/tmp/run');
    expect(state.manifest).toBe(path.join('/tmp/run', 'manifest.json'));
    expect(state.results.file).toBe(path.join('/tmp/run', 'results.jsonl'));
    expect(state.trace('r1')).toBe(path.join('/tmp/run', 'traces', 'r1.zip'));
  });

  it('is found from the env var the setup sets, and absent outside a run', () => {
    expect(StateDir.current({ [STATE_ENV]: '/tmp/run' })?.root).toBe('/tmp/run');
    expect(StateDir.current({})).toBeUndefined();
    expect(StateDir.current({ [STATE_ENV]: '' })).toBeUndefined();
    expect(STATE_ENV).toBe('PLAYWRIGHT_OCTOMIND_STATE_DIR');
  });
});

describe('state schemas', () => {
  it('manifest: accepts a full one and one with only a sentinel; refuses another version', () => {
    const full = {
      version: 1,
      projectName: 'octomind',
      testTargetId: A,
      reportId: B,
      reportUrl: 'https://app.octomind.dev/testreports/x',
      timeoutMs: 1000,
      tests: [{ key: 'r1', occurrence: 0, testCaseId: A, title: 't' }],
    };
    expect(manifestSchema.parse(full)).toEqual(full);
    const sentinel = { version: 1, projectName: 'octomind', timeoutMs: 1000, tests: [], sentinel: { title: 'Octomind', message: 'no key', outcome: 'skip' } };
    expect(manifestSchema.parse(sentinel)).toEqual(sentinel);
    expect(manifestSchema.safeParse({ ...full, version: 2 }).success).toBe(false);
    expect(sentinelSchema.safeParse({ title: 't', message: 'm', outcome: 'pass' }).success).toBe(false);
  });

  it('manifest test: refuses an unsafe key and an empty title', () => {
    const test = { key: 'r1', occurrence: 0, testCaseId: A, title: 't' };
    expect(manifestTestSchema.safeParse(test).success).toBe(true);
    expect(manifestTestSchema.safeParse({ ...test, key: '../r1' }).success).toBe(false);
    expect(manifestTestSchema.safeParse({ ...test, title: '' }).success).toBe(false);
  });

  it('result file: needs a trace path or the reason it is missing, and a known kind', () => {
    const base = { kind: 'final', status: 'PASSED', errorMessage: null };
    expect(remoteResultSchema.safeParse({ ...base, trace: { path: '/t.zip' } }).success).toBe(true);
    expect(remoteResultSchema.safeParse({ ...base, durationMs: 5, trace: { missing: 'gone' } }).success).toBe(true);
    expect(remoteResultSchema.safeParse({ ...base, trace: {} }).success).toBe(false);
    expect(remoteResultSchema.safeParse({ ...base, kind: 'done', trace: { path: '/t.zip' } }).success).toBe(false);
  });
});
