/**
 * Where the remote project goes among the user's projects (src/config/after-local.ts), and which
 * command lines run the whole suite (src/command-line/whole-suite.ts). What Playwright then does
 * with the projects is shown end to end in test/e2e/setup-projects.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Project } from '@playwright/test';
import { anchorName, orderProjects } from '../../src/config/after-local.js';
import { runsWholeSuite } from '../../src/command-line/whole-suite.js';

const argv = (...args: string[]) => ['/usr/bin/node', '/x/node_modules/@playwright/test/cli.js', ...args];
const remote = { name: 'octomind', testDir: '/repo/tests/.playwright-octomind' };

describe('runsWholeSuite', () => {
  it.each([
    [['test']],
    [['test', '--workers', '2', '--reporter=list', '-c', 'e2e/playwright.config.ts']],
    [['test', '-j2', '--retries', '1', '--headed', '--trace', 'on', '-x']],
    [['test', '--project', 'setup', 'specs', 'octomind']],
    [['test', '--project=octo*']],
    [['test', '-u', '--debug']],
    [['test', '-u', 'all', '--shuffle', '--list']],
    [['test', '--update-snapshots=missing', '--max-failures', '3', '--output', 'out']],
    // commander reads the word after an option with an optional value as that value: a seed here, not a file.
    [['test', '--shuffle', 'cart.spec']],
  ])('%j runs the whole suite', (args) => {
    expect(runsWholeSuite(argv(...args), 'octomind')).toBe(true);
  });

  it.each([
    [['test', 'tests/cart.spec.ts'], 'a file argument'],
    [['test', '--workers', '2', 'cart'], 'a file argument after an option with a value'],
    [['test', '-g', 'checkout'], '-g'],
    [['test', '--grep=checkout'], '--grep'],
    [['test', '-G', 'slow'], '--grep-invert'],
    [['test', '--last-failed'], '--last-failed'],
    [['test', '--only-changed'], '--only-changed'],
    [['test', '--shard', '1/2'], '--shard'],
    [['test', '--test-list', 'list.txt'], '--test-list'],
    [['test', '--project', 'specs'], 'a --project without the remote project'],
    [['test', '--project', 'specs', '--', 'x'], 'arguments after --'],
    [['test', '--ui'], 'UI mode'],
    [['test', '--some-new-option'], 'an option this release list does not know'],
    [['test-server'], 'the VS Code test server'],
    [['merge-reports', 'blobs'], 'another command'],
  ])('%j does not (%s)', (args) => {
    expect(runsWholeSuite(argv(...args), 'octomind')).toBe(false);
  });
});

describe('orderProjects', () => {
  const setupShape: Project[] = [
    { name: 'setup', testMatch: /login\.setup\.ts/, teardown: 'cleanup' },
    { name: 'cleanup', testMatch: /cleanup\.teardown\.ts/ },
    { name: 'specs', dependencies: ['setup'] },
  ];

  it('makes the remote project the teardown of an anchor every project but a teardown depends on', () => {
    const projects = orderProjects(setupShape, remote, argv('test'));
    const anchor = anchorName('octomind');
    expect(projects.map((p) => [p.name, p.dependencies ?? [], p.teardown])).toEqual([
      ['setup', [anchor], 'cleanup'],
      ['cleanup', [], undefined],
      ['specs', ['setup', anchor], undefined],
      [anchor, [], 'octomind'],
      ['octomind', [], undefined],
    ]);
    expect(projects[3]).toMatchObject({ testDir: remote.testDir, testMatch: [] });
    expect(setupShape[2]!.dependencies, 'the input is not changed').toEqual(['setup']);
  });

  it('keeps projects that run in one phase as they are: the remote project is queued last there anyway', () => {
    const flat: Project[] = [{ name: 'chromium' }, { name: 'firefox' }];
    expect(orderProjects(flat, remote, argv('test'))).toEqual([...flat, remote]);
  });

  it.each([
    ['a filter', argv('test', '-g', 'cart')],
    ['UI mode', argv('test', '--ui')],
    ['the test server', argv('test-server')],
  ])('keeps the old order under %s, where Playwright would not filter a teardown', (_, args) => {
    expect(orderProjects(setupShape, remote, args)).toEqual([...setupShape, remote]);
  });

  it('refuses a user project that already has the anchor name', () => {
    expect(() => orderProjects([...setupShape, { name: 'Octomind (after local tests)' }], remote, argv('test'))).toThrow(/projectName/);
  });
});
