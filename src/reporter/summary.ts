/**
 * The remote results as the reporter tells them: counted by Octomind's status, as console lines
 * and as Markdown for a GitHub job summary. Pure, so every shape is unit-tested.
 */
import { cleanLine } from '../text/clean.js';
import { plural } from '../text/format.js';

export type RemoteCategory = 'passed' | 'failed' | 'error' | 'timedOut' | 'notRun';

export interface RemoteOutcome {
  title: string;
  category: RemoteCategory;
  /** Octomind's status as annotated on the test, e.g. FAILED. */
  status: string;
  duration?: string | undefined;
  /** First line of the error, for failures. */
  error?: string | undefined;
}

const LABELS: Record<RemoteCategory, string> = { passed: 'passed', failed: 'failed', error: 'error', timedOut: 'timed out', notRun: 'not run' };
const ICONS: Record<RemoteCategory, string> = { passed: '✅', failed: '❌', error: '⚠️', timedOut: '⏱️', notRun: '⏭️' };

export function categoryOf(status: string | undefined, testStatus: string): RemoteCategory {
  if (status === undefined) return testStatus === 'passed' ? 'passed' : 'notRun';
  if (status === 'PASSED') return 'passed';
  if (status === 'FAILED') return 'failed';
  if (status.startsWith('WAITING')) return 'timedOut';
  return 'error';
}

export function counts(outcomes: readonly RemoteOutcome[]): string {
  const tally = new Map<RemoteCategory, number>();
  for (const outcome of outcomes) tally.set(outcome.category, (tally.get(outcome.category) ?? 0) + 1);
  const parts = (Object.keys(LABELS) as RemoteCategory[]).filter((c) => tally.has(c)).map((c) => `${tally.get(c)} ${LABELS[c]}`);
  return `${parts.join(', ') || 'no results'} of ${plural(outcomes.length, 'remote test')}`;
}

export function consoleSummary(outcomes: readonly RemoteOutcome[], reportUrl: string | undefined): string[] {
  const lines = [`Octomind: ${counts(outcomes)}${reportUrl ? ` · ${reportUrl}` : ''}`];
  for (const outcome of outcomes) {
    if (outcome.category === 'passed') continue;
    lines.push(`  ✘ ${outcome.title} (${outcome.status})${outcome.error ? ` — ${outcome.error}` : ''}`);
  }
  return lines;
}

export function progressLine(done: number, total: number, failed: number, reportUrl: string | undefined): string {
  return `Octomind: ${done}/${total} remote results in, ${failed} failed; waiting for the rest${reportUrl ? ` · ${reportUrl}` : ''}`;
}

function cell(text: string): string {
  return cleanLine(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

export function markdownSummary(outcomes: readonly RemoteOutcome[], reportUrl: string | undefined, notice?: string): string {
  const lines = [`### Octomind: ${counts(outcomes)}`, ''];
  if (reportUrl) lines.push(`[Open the Octomind report](${reportUrl})`, '');
  if (notice) lines.push(`> ${cell(notice)}`, '');
  if (outcomes.length) {
    lines.push('| test | status | duration | error |', '| --- | --- | --- | --- |');
    for (const o of outcomes) lines.push(`| ${cell(o.title)} | ${ICONS[o.category]} ${cell(o.status)} | ${cell(o.duration ?? '')} | ${cell(o.error ?? '')} |`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
