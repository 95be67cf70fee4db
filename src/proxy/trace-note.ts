/**
 * A remote trace recorded by a newer Playwright than the user's does not open in their report
 * ("created by a newer version of Playwright"). The attachment is kept; this says what opens it.
 */
import { formatVersion, viewerTraceFormat, type Version } from '../compat/playwright-version.js';
import type { Annotation } from './outcome.js';

/** Octomind deletes traces this long after a run: the online viewer's link dies with the URL. */
const TRACE_RETENTION_DAYS = 60;

export interface TraceSource {
  format: number | undefined;
  /** The attachment's file, in the test's output folder. */
  attachmentPath: string;
  url: string | undefined;
}

export function traceNote(trace: TraceSource, playwright: Version): Annotation | undefined {
  const opens = viewerTraceFormat(playwright);
  if (trace.format === undefined || trace.format <= opens) return undefined;
  const online = trace.url
    ? `, or online until the trace expires (${TRACE_RETENTION_DAYS} days after the run): https://trace.playwright.dev/?trace=${encodeURIComponent(trace.url)}`
    : '';
  return {
    type: 'octomind.trace',
    description:
      `The remote trace has format v${trace.format}; the trace viewer of Playwright ${formatVersion(playwright)} opens up to v${opens}. ` +
      `Open it with \`npx playwright@latest show-trace ${trace.attachmentPath}\`${online}.`,
  };
}
