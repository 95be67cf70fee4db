/** One remote result as the runner hands it to the proxy test that shows it. */
import { z } from 'zod';

/** The trace's frame of the page as the test failed, extracted into the state dir (trace/failure-frame.ts). */
export const screenshotSchema = z.object({ path: z.string(), contentType: z.enum(['image/jpeg', 'image/png']) });
export type Screenshot = z.infer<typeof screenshotSchema>;

export const remoteResultSchema = z.object({
  /**
   * final: Octomind's own status; timeout: still running when the wait ended; failure: polling
   * failed for good, or the run could not start; skipped: nothing to run (no API key locally).
   */
  kind: z.enum(['final', 'timeout', 'failure', 'skipped']),
  status: z.string(),
  errorMessage: z.string().nullish(),
  durationMs: z.number().optional(),
  /** Where Octomind ran it (v3 results say; v2 results do not). */
  browser: z.string().optional(),
  breakpoint: z.string().optional(),
  /** `format`: the trace format version read from the zip (see trace-format.ts), where it could be read. */
  trace: z.union([z.object({ path: z.string(), url: z.string().optional(), format: z.number().optional() }), z.object({ missing: z.string() })]),
  /** Only beside a trace, per the `screenshot` option; none where the trace holds no readable frame. */
  screenshot: screenshotSchema.optional(),
});
export type RemoteResult = z.infer<typeof remoteResultSchema>;

export function resultPassed(result: RemoteResult): boolean {
  return result.kind === 'final' && result.status === 'PASSED';
}

/** Octomind's status, or that the wait ended first; shown as the `octomind.status` annotation. */
export function statusLabel(result: RemoteResult): string {
  return result.kind === 'timeout' ? 'WAITING (timed out)' : result.status;
}
