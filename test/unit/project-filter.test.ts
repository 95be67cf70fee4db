/**
 * The `--project` fallback for releases before FullConfig.filteredProjects, against Playwright's
 * own semantics (commander's variadic option, filterProjects' matching).
 */
import { describe, expect, it } from 'vitest';
import { cliProjectFilter, projectSelected } from '../../src/command-line/project-filter.js';

const argv = (...args: string[]) => ['/usr/bin/node', '/x/node_modules/@playwright/test/cli.js', 'test', ...args];

describe('cliProjectFilter', () => {
  it.each([
    [[], undefined],
    [['--workers', '2', 'tests/a.spec.ts'], undefined],
    [['--project', 'a'], ['a']],
    [['--project', 'a', 'b'], ['a', 'b']],
    [['--project=a'], ['a']],
    [['--project=a', 'b'], ['a']],
    [['--project', 'a', '--project', 'b'], ['a', 'b']],
    [['--project=a', '--project', 'b', 'c'], ['a', 'b', 'c']],
    [['--project', 'a', '--headed', 'b'], ['a']],
    [['--project', 'a', '-j', '2', 'b'], ['a']],
    [['--project', 'a', '--', '--project', 'b'], ['a']],
    [['--', '--project', 'a'], undefined],
    [['-p', 'a'], undefined],
    [['--projects', 'a'], undefined],
    [['--project', 'a', '-', 'b'], ['a', '-', 'b']],
    [['--project', 'octo*'], ['octo*']],
    [['--project='], ['']],
  ])('%j → %j', (args, expected) => {
    expect(cliProjectFilter(argv(...args))).toEqual(expected);
  });

  it('reads nothing before the command (node and the cli path)', () => {
    expect(cliProjectFilter(['--project', 'a'])).toBeUndefined();
  });
});

describe('projectSelected', () => {
  it.each([
    [undefined, 'octomind', true],
    [['octomind'], 'octomind', true],
    [['OctoMind'], 'octomind', true],
    [['octomind'], 'OCTOMIND', true],
    [['octo'], 'octomind', false],
    [['chromium'], 'octomind', false],
    [['chromium', 'octomind'], 'octomind', true],
    [['octo*'], 'octomind', true],
    [['*mind'], 'octomind', true],
    [['*'], 'octomind', true],
    [['o*d'], 'octomind', true],
    [['octo*'], 'chromium', false],
    [['*octo'], 'octomind', false],
    [['OCTO*'], 'octomind', true],
    // Only `*` is special: regex characters match themselves.
    [['octo.ind'], 'octomind', false],
    [['octo.*'], 'octomind', false],
    [['octo.*'], 'octo.mind', true],
    [['e2e (staging)*'], 'e2e (staging) octomind', true],
    [['a+b*'], 'aab', false],
    [['a+b*'], 'a+b', true],
    [['[oc]*'], 'octomind', false],
  ] as const)('%j selects %s: %s', (filter, name, expected) => {
    expect(projectSelected(filter, name)).toBe(expected);
  });
});
