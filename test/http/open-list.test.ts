/**
 * Issue 20, item 5: the list UI mode and VS Code open with, read from the fake's v3 test-case list
 * over loopback. What Octomind would run (enabled, run status ON, one of the tags) and nothing else;
 * titles as a Run names them; no execute; and where no list can be read, one stand-in that says why,
 * or the last known list kept.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readKnownTests, writeKnownTests } from '../../src/generated/known-tests.js';
import { SPEC_FILE } from '../../src/generated/spec-file.js';
import { settingsSchema } from '../../src/options/options.js';
import { readListOnOpening, NO_KEY, type OpeningListOptions } from '../../src/session/open-list.js';
import { runnableTests } from '../../src/trigger/test-case-list.js';
import { testCase, type FakeTestCase } from '../../fixtures/fake-octomind/scenario.js';
import { clientFor, NEVER, tempDir, useFakeOctomind } from '../helpers/fake.js';

const ctx = useFakeOctomind();
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PASS = { status: 'PASSED', afterMs: 50, trace: 'passed' } as const;
const LOGIN = testCase('log in', PASS, { tags: ['smoke'] });
const CART = testCase('add to cart', PASS, { tags: ['cart'] });
const DISABLED = testCase('disabled one', PASS, { status: 'DISABLED' });
const DRAFT = testCase('draft one', PASS, { status: 'DRAFT' });
const OFF = testCase('switched off', PASS, { runStatus: 'OFF' });

const listRequests = () => ctx.fake.log.filter((entry) => /\/test-cases(\?|$)/.test(entry.path));
const executes = () => ctx.fake.log.filter((entry) => entry.path.endsWith('/execute')).length;

function world(testCases: FakeTestCase[], settings: Record<string, unknown> = {}) {
  ctx.fake.setScenario({ testTargets: [{ id: ctx.fake.testTargetId, testCases }] });
  const generated = tempDir();
  cleanups.push(generated.cleanup);
  const warnings: string[] = [];
  const options: OpeningListOptions = {
    settings: settingsSchema.parse({ apiUrl: ctx.fake.apiUrl, testTargetId: ctx.fake.testTargetId, url: 'https://staging.example.com', ...settings }),
    generatedDir: generated.dir,
    warn: (message) => warnings.push(message),
    env: { OCTOMIND_API_KEY: ctx.fake.apiKey },
    createClient: () => clientFor(ctx.fake).client,
  };
  const spec = () => readFileSync(path.join(generated.dir, SPEC_FILE), 'utf8');
  return { options, warnings, dir: generated.dir, spec, titles: () => readKnownTests(generated.dir)?.tests.map((t) => t.title) };
}

describe('the test cases Octomind would run', () => {
  it('asks Octomind for enabled test cases with run status ON, and keeps only those, as execute would run them', async () => {
    const w = world([LOGIN, CART, DISABLED, DRAFT, OFF]);
    await readListOnOpening(w.options);
    expect(w.titles()).toEqual(['add to cart', 'log in']);
    const [request] = listRequests();
    expect(new URL(request!.path, 'http://x').searchParams.get('filter')).toBe('{"status":"ENABLED","runStatus":"ON"}');
    expect(executes(), 'reading the list starts no run').toBe(0);
    expect(w.warnings).toEqual([]);
  });

  it('with tags, lists the test cases with one of them (execute\'s rule)', async () => {
    const both = testCase('both tags', PASS, { tags: ['cart', 'smoke'] });
    const w = world([LOGIN, CART, both, testCase('untagged', PASS)], { tags: ['smoke'] });
    await readListOnOpening(w.options);
    expect(w.titles()).toEqual(['both tags', 'log in']);
  });

  it('names the tests as a run does: a shared title gets the id, a missing one the fallback, one line each', async () => {
    const a = testCase('same', PASS, { id: 'aaaaaaaa-0000-4000-8000-000000000001' });
    const b = testCase('same', PASS, { id: 'bbbbbbbb-0000-4000-8000-000000000002' });
    const none = testCase(null as unknown as string, PASS, { id: 'cccccccc-0000-4000-8000-000000000003' });
    const w = world([a, b, none, testCase('two\nlines', PASS)]);
    await readListOnOpening(w.options);
    expect(w.titles()).toEqual(['Octomind test cccccccc-0000-4000-8000-000000000003', 'same [aaaaaaaa]', 'same [bbbbbbbb]', 'two lines']);
  });

  it('a server that ignores the filter still gives only what would run (the fields are checked here too)', async () => {
    const everything = [
      { id: '1', description: 'runs', status: 'ENABLED', runStatus: 'ON' },
      { id: '2', description: 'disabled', status: 'DISABLED', runStatus: 'ON' },
      { id: '3', description: 'off', status: 'ENABLED', runStatus: 'OFF' },
      { id: '4', description: 'says nothing of either' },
    ];
    const ignoring = { testCases: { list: async () => everything } } as unknown as Parameters<typeof runnableTests>[0];
    expect((await runnableTests(ignoring, 'target', { tags: [] })).map((t) => t.title)).toEqual(['runs', 'says nothing of either']);
  });

  it('a test case listed twice is one test, titled as if listed once', async () => {
    const twice = [
      { id: '1', description: 'log in', status: 'ENABLED', runStatus: 'ON' },
      { id: '1', description: 'log in', status: 'ENABLED', runStatus: 'ON' },
    ];
    const repeating = { testCases: { list: async () => twice } } as unknown as Parameters<typeof runnableTests>[0];
    expect(await runnableTests(repeating, 'target', { tags: [] })).toEqual([{ testCaseId: '1', title: 'log in' }]);
  });
});

describe('the generated spec and the stand-in', () => {
  it('writes the list into the spec, so the tree lists each test', async () => {
    const w = world([LOGIN, CART]);
    await readListOnOpening(w.options);
    expect(w.spec()).toContain(JSON.stringify({ testCaseId: LOGIN.id, title: 'log in' }));
    expect(w.spec()).toContain('const unlisted = undefined;');
  });

  it('without a key: no request, and the stand-in says why', async () => {
    const w = world([LOGIN]);
    await readListOnOpening({ ...w.options, env: {} });
    expect(listRequests()).toEqual([]);
    expect(readKnownTests(w.dir)).toBeUndefined();
    expect(w.spec()).toContain(`const unlisted = ${JSON.stringify(NO_KEY)};`);
  });

  it('without a key, a known list stays listed', async () => {
    const w = world([LOGIN]);
    writeKnownTests(w.dir, [{ testCaseId: LOGIN.id, title: 'log in' }]);
    await readListOnOpening({ ...w.options, env: {} });
    expect(w.titles()).toEqual(['log in']);
    expect(w.spec()).toContain('const unlisted = undefined;');
  });

  it.each([
    ['Octomind down (503 on every attempt)', { kind: 'status', status: 503 } as const, 'Octomind could not be reached'],
    ['a refused key (401)', { kind: 'status', status: 401 } as const, 'Octomind refused the API key'],
    ['an unknown test target (404)', { kind: 'status', status: 404 } as const, 'Octomind does not know the test target'],
  ])('%s: the stand-in says why, one warning says what happened, nothing is executed', async (_name, fault, reason) => {
    const w = world([LOGIN]);
    ctx.fake.inject('testCases', fault, Infinity);
    await readListOnOpening(w.options);
    expect(w.spec()).toContain(`const unlisted = ${JSON.stringify(reason)};`);
    expect(w.warnings).toHaveLength(1);
    expect(w.warnings[0]).toMatch(/^The list of Octomind tests could not be read \(.+\); one test stands for the remote run/);
    expect(w.warnings[0]).not.toContain(ctx.fake.apiKey);
    expect(executes()).toBe(0);
  });

  it('Octomind down: a known list stays listed, and the warning says so', async () => {
    const w = world([LOGIN, CART]);
    writeKnownTests(w.dir, [{ testCaseId: LOGIN.id, title: 'log in' }]);
    ctx.fake.inject('testCases', { kind: 'status', status: 503 }, Infinity);
    await readListOnOpening(w.options);
    expect(w.titles()).toEqual(['log in']);
    expect(w.warnings[0]).toContain('the last known list is shown');
  });

  it.each([
    ['never comes', { kind: 'slow', delayMs: NEVER } as const],
    ['is drip-fed, a byte at a time, never complete', { kind: 'drip', everyMs: 20 } as const],
  ])('an answer that %s ends at the deadline, saying so', async (_name, fault) => {
    const w = world([LOGIN]);
    ctx.fake.inject('testCases', fault, Infinity);
    await readListOnOpening({ ...w.options, deadlineMs: 300 });
    expect(w.spec()).toContain('const unlisted = "Octomind did not answer within 0.3 s";');
  });

  it('the stand-in gives way to the list at the next opening that reads it', async () => {
    const w = world([LOGIN]);
    ctx.fake.inject('testCases', { kind: 'status', status: 401 }, 1);
    await readListOnOpening(w.options);
    expect(w.spec()).toContain('const unlisted = "Octomind refused the API key";');
    await readListOnOpening(w.options);
    expect(w.titles()).toEqual(['log in']);
    expect(w.spec()).toContain('const unlisted = undefined;');
  });
});

describe('one read per opening', () => {
  it('a second call while a read is under way joins it (config load and UI mode\'s setup)', async () => {
    const w = world([LOGIN]);
    await Promise.all([readListOnOpening(w.options), readListOnOpening(w.options)]);
    expect(listRequests()).toHaveLength(1);
    await readListOnOpening(w.options);
    expect(listRequests(), 'a later opening (a Reload) reads anew').toHaveLength(2);
  });

  it('a list written by runs whose results name test case versions only is kept: its ids are none of the list\'s', async () => {
    const w = world([LOGIN, CART]);
    writeKnownTests(w.dir, [{ testCaseId: 'dddddddd-0000-4000-8000-00000000000d', title: 'Octomind test dddddddd-0000-4000-8000-00000000000d' }]);
    await readListOnOpening(w.options);
    expect(w.titles()).toEqual(['Octomind test dddddddd-0000-4000-8000-00000000000d']);
  });
});
