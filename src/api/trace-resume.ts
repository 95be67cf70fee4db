/**
 * Whether an answer of the trace host may continue a broken download. Bytes already on disk belong
 * to one version of the object (its strong ETag, else its Last-Modified, and its size); an answer
 * is appended only when it is provably the rest of that version, otherwise the download starts
 * again from byte 0, so a file is never assembled from two versions.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { OctomindTraceDownloadError } from './errors.js';

export interface ObjectVersion {
  /** A strong ETag; a weak one (`W/`) does not promise identical bytes, so it is not kept. */
  etag?: string | undefined;
  lastModified?: string | undefined;
  /** Total size in bytes, when the host declared it. */
  size?: number | undefined;
}

export interface Progress {
  /** Bytes of `version` on disk, from byte 0. */
  offset: number;
  version: ObjectVersion | undefined;
}

export type Verdict =
  /** Write this answer's body at `from` (0 drops whatever is on disk): it is `version` from there. */
  | { kind: 'write'; from: number; version: ObjectVersion }
  /** Do not use this answer; ask for the whole object again. */
  | { kind: 'restart'; reason: string }
  | { kind: 'fail'; error: OctomindTraceDownloadError };

export const FRESH: Progress = { offset: 0, version: undefined };

/** `Range` with `If-Range`, when there are bytes to continue and a validator to name their version. */
export function resumeHeaders(progress: Progress): Record<string, string> {
  const validator = progress.version?.etag ?? progress.version?.lastModified;
  if (progress.offset === 0 || validator === undefined) return {};
  return { range: `bytes=${progress.offset}-`, 'if-range': validator };
}

export function judge(status: number, headers: IncomingHttpHeaders, progress: Progress, resumed: boolean): Verdict {
  // With If-Range a host sends the whole current object when ours changed, or when it ignores ranges.
  if (status === 200) return { kind: 'write', from: 0, version: { ...validatorsOf(headers), size: numberOf(headers['content-length']) } };
  if (status === 206) return judgePartial(headers, progress, resumed);
  if (resumed && (status === 416 || status === 412)) return { kind: 'restart', reason: `HTTP ${status} to a resumed request` };
  return { kind: 'fail', error: new OctomindTraceDownloadError(describeStatus(status), { status }) };
}

function judgePartial(headers: IncomingHttpHeaders, progress: Progress, resumed: boolean): Verdict {
  const range = parseContentRange(headers['content-range']);
  const start = resumed ? progress.offset : 0;
  const answered = JSON.stringify(headers['content-range'] ?? '(none)');
  if (!range || range.start !== start || range.end !== range.size - 1) {
    return { kind: 'restart', reason: `a 206 with Content-Range ${answered} for bytes ${start}-` };
  }
  const length = numberOf(headers['content-length']);
  if (length !== undefined && length !== range.end - range.start + 1) {
    return { kind: 'restart', reason: `a 206 whose Content-Length ${length} does not match Content-Range ${answered}` };
  }
  const version = { ...validatorsOf(headers), size: range.size };
  if (resumed && !sameVersion(progress.version, version)) return { kind: 'restart', reason: 'a 206 of another version of the trace' };
  return { kind: 'write', from: range.start, version };
}

/** The validator we sent must come back unchanged, and so must the size. */
function sameVersion(before: ObjectVersion | undefined, now: ObjectVersion): boolean {
  if (!before) return false;
  if (before.size !== undefined && before.size !== now.size) return false;
  return before.etag !== undefined ? before.etag === now.etag : before.lastModified !== undefined && before.lastModified === now.lastModified;
}

function validatorsOf(headers: IncomingHttpHeaders): Pick<ObjectVersion, 'etag' | 'lastModified'> {
  const etag = typeof headers.etag === 'string' && !headers.etag.startsWith('W/') ? headers.etag : undefined;
  return { etag, lastModified: headers['last-modified'] };
}

function parseContentRange(value: string | string[] | undefined): { start: number; end: number; size: number } | undefined {
  const match = typeof value === 'string' ? /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value.trim()) : null;
  if (!match) return undefined;
  const [start, end, size] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return start <= end && end < size ? { start, end, size } : undefined;
}

export function numberOf(value: string | string[] | undefined): number | undefined {
  const n = typeof value === 'string' ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function describeStatus(status: number): string {
  if (status === 404 || status === 410) return `HTTP ${status}: the trace no longer exists (Octomind keeps traces for 60 days).`;
  if (status === 403) return 'HTTP 403: the storage link was refused; traces expire after 60 days.';
  return `HTTP ${status} from the trace host.`;
}
