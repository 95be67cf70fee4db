import { describe, expect, test } from 'vitest';
import { categoryOf, consoleSummary, counts, markdownSummary, progressLine, type RemoteOutcome } from '../../src/reporter/summary.js';

const outcomes: RemoteOutcome[] = [
  { title: 'login', category: 'passed', status: 'PASSED', duration: '1.2 s' },
  { title: 'checkout | guest\nflow', category: 'failed', status: 'FAILED', duration: '3 s', error: 'TimeoutError: a|b' },
  { title: 'newsletter', category: 'error', status: 'ERROR', error: 'OctomindError: pool exhausted' },
  { title: 'payment', category: 'timedOut', status: 'WAITING (timed out)' },
];

describe('categoryOf', () => {
  test.each([
    ['PASSED', 'passed', 'passed'],
    ['FAILED', 'failed', 'failed'],
    ['ERROR', 'failed', 'error'],
    ['WAITING (timed out)', 'failed', 'timedOut'],
    ['SKIPPED_BY_OCTOMIND', 'failed', 'error'],
    [undefined, 'skipped', 'notRun'],
    [undefined, 'interrupted', 'notRun'],
  ] as const)('%s with test status %s → %s', (status, testStatus, category) => {
    expect(categoryOf(status, testStatus)).toBe(category);
  });
});

describe('console', () => {
  test('counts name every category present, in a fixed order', () => {
    expect(counts(outcomes)).toBe('1 passed, 1 failed, 1 error, 1 timed out of 4 remote tests');
    expect(counts([outcomes[0]!])).toBe('1 passed of 1 remote test');
    expect(counts([])).toBe('no results of 0 remote tests');
  });

  test('the summary lists every non-passed test with its status and first error line', () => {
    expect(consoleSummary(outcomes, 'https://app.octomind.dev/testreports/r1')).toEqual([
      'Octomind: 1 passed, 1 failed, 1 error, 1 timed out of 4 remote tests · https://app.octomind.dev/testreports/r1',
      '  ✘ checkout | guest\nflow (FAILED) — TimeoutError: a|b',
      '  ✘ newsletter (ERROR) — OctomindError: pool exhausted',
      '  ✘ payment (WAITING (timed out))',
    ]);
  });

  test('progress line', () => {
    expect(progressLine(3, 10, 1, 'https://x/r')).toBe('Octomind: 3/10 remote results in, 1 failed; waiting for the rest · https://x/r');
  });
});

describe('markdown', () => {
  test('a table with escaped pipes and newlines, the report link and the heading', () => {
    const markdown = markdownSummary(outcomes, 'https://app.octomind.dev/testreports/r1');
    expect(markdown.split('\n')).toEqual([
      '### Octomind: 1 passed, 1 failed, 1 error, 1 timed out of 4 remote tests',
      '',
      '[Open the Octomind report](https://app.octomind.dev/testreports/r1)',
      '',
      '| test | status | duration | error |',
      '| --- | --- | --- | --- |',
      '| login | ✅ PASSED | 1.2 s |  |',
      '| checkout \\| guest flow | ❌ FAILED | 3 s | TimeoutError: a\\|b |',
      '| newsletter | ⚠️ ERROR |  | OctomindError: pool exhausted |',
      '| payment | ⏱️ WAITING (timed out) |  |  |',
      '',
      '',
    ]);
  });

  test('a sentinel notice without results', () => {
    expect(markdownSummary([], undefined, 'OCTOMIND_API_KEY is not set')).toBe('### Octomind: no results of 0 remote tests\n\n> OCTOMIND_API_KEY is not set\n\n');
  });
});
