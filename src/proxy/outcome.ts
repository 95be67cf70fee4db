/**
 * A remote result → how its proxy test ends. Pure, so every status is unit-tested. The error text
 * of a FAILED result is Octomind's `errorMessage` verbatim; ERROR is marked as Octomind's own
 * failure; a missing trace never changes the status, it only says why it is missing.
 */
import { formatMs } from '../text/format.js';
import { statusLabel, type RemoteResult } from '../state/result.js';

export interface Annotation {
  type: string;
  description: string;
}

export interface Outcome {
  passed: boolean;
  /** Why the test is skipped: there was nothing to run (no API key on this machine). */
  skip?: string;
  error?: { name: string; message: string };
  annotations: Annotation[];
}

export function outcomeOf(result: RemoteResult, reportUrl: string | undefined): Outcome {
  const annotations: Annotation[] = [{ type: 'octomind.status', description: statusLabel(result) }];
  if (result.durationMs !== undefined) annotations.push({ type: 'octomind.duration', description: formatMs(Math.round(result.durationMs)) });
  if (result.browser) annotations.push({ type: 'octomind.browser', description: result.browser });
  if (result.breakpoint) annotations.push({ type: 'octomind.breakpoint', description: result.breakpoint });
  if ('missing' in result.trace) annotations.push({ type: 'octomind.trace', description: result.trace.missing });
  const where = reportUrl ? `\nOctomind report: ${reportUrl}` : '';

  if (result.kind === 'skipped') return { passed: false, skip: result.errorMessage ?? 'Not run.', annotations: [] };
  if (result.kind !== 'final') return { passed: false, error: { name: '', message: result.errorMessage ?? `No result.${where}` }, annotations };
  switch (result.status) {
    case 'PASSED':
      return { passed: true, annotations };
    case 'FAILED':
      return { passed: false, error: { name: '', message: result.errorMessage || `Octomind reported FAILED without an error message.${where}` }, annotations };
    case 'ERROR':
      return { passed: false, error: { name: 'OctomindError', message: result.errorMessage || `Octomind could not run this test.${where}` }, annotations };
    default:
      return {
        passed: false,
        error: {
          name: 'OctomindError',
          message: `Octomind reported status "${result.status}", which this version of playwright-octomind does not know. Update playwright-octomind.${where}`,
        },
        annotations,
      };
  }
}

/**
 * An error Playwright shows as exactly `name: message` (or the bare message when the name is
 * empty): no stack frames, so no code snippet of this file, since the failure happened remotely.
 */
export function remoteError(error: { name: string; message: string }): Error {
  const err = new Error(error.message);
  err.name = error.name;
  err.stack = '';
  return err;
}
