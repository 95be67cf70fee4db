/**
 * The screencast frame that shows the page as a remote test failed: the last `screencast-frame` at
 * or before the end of the failing action (the last action with an error, else the last action),
 * else the last frame. Read from the `*.trace` entries of a downloaded trace zip and then the one
 * image entry, both bounded, so a hostile zip costs neither memory nor much time.
 *
 * Every format Playwright 1.42 and later read (v0 – v10): an action ends in an `after` event, or is
 * one `action` event (its fields under `metadata` up to v3); a frame names its image by `sha1`,
 * stored at `resources/<sha1>`, until v10, which names the entry itself (`file`, `screencast/…`).
 * The test runner's `test.trace` and the browser's traces share the worker's clock, so the end of a
 * failed step and a frame's timestamp compare directly.
 */
import type { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import { MAX_INFLATED_BYTES } from './trace-format.js';
import { openZip } from './zip-reader.js';

/** A frame of a few MB is no screencast frame (a 1280×720 JPEG is ~100 kB): it is refused. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

type FrameContentType = 'image/jpeg' | 'image/png';

export interface FailureFrame {
  data: Buffer;
  contentType: FrameContentType;
}

export interface FrameLimits {
  /** Most bytes inflated of the `*.trace` entries, all together. */
  inflatedBytes: number;
  frameBytes: number;
}

const LIMITS: FrameLimits = { inflatedBytes: MAX_INFLATED_BYTES, frameBytes: MAX_FRAME_BYTES };
const NEWLINE = 0x0a;
/** The bulk of a trace, never needed here: a line starting so is not parsed. */
const SKIPPED = ['{"type":"frame-snapshot"', '{"type":"resource-snapshot"'].map((prefix) => Buffer.from(prefix));

/** The frame, or undefined: a trace without frames, or one that cannot be read, has none. */
export async function failureFrame(zipPath: string, limits: FrameLimits = LIMITS): Promise<FailureFrame | undefined> {
  try {
    return await readFailureFrame(zipPath, limits);
  } catch {
    return undefined;
  }
}

async function readFailureFrame(zipPath: string, limits: FrameLimits): Promise<FailureFrame | undefined> {
  const { zip } = await openZip(zipPath);
  try {
    const traces: yauzl.Entry[] = [];
    const entries = new Map<string, yauzl.Entry>();
    for await (const entry of zip.eachEntry()) {
      if (entry.isEncrypted()) continue;
      entries.set(entry.fileName, entry);
      if (entry.fileName.endsWith('.trace')) traces.push(entry);
    }
    // The small ones first: test.trace, which holds the failed step, must not lose the budget to a large browser trace.
    traces.sort((a, b) => a.uncompressedSize - b.uncompressedSize);
    const events = new TraceEvents();
    const budget = { left: limits.inflatedBytes };
    for (const entry of traces) {
      if (!(await readLines(await zip.openReadStreamPromise(entry), budget, (line) => events.take(line)))) break;
    }
    const frame = events.failureFrame();
    const image = frame && entries.get(frame);
    if (!image || image.uncompressedSize > limits.frameBytes) return undefined;
    const data = await readAll(await zip.openReadStreamPromise(image), limits.frameBytes);
    if (!data) return undefined;
    const contentType = contentTypeOf(data);
    return contentType && { data, contentType };
  } finally {
    zip.close();
  }
}

/**
 * Hands each whole line of the stream to `take`, inflating no more than `budget.left` bytes.
 * False once the budget is spent: the stream is destroyed and nothing more should be read.
 */
async function readLines(stream: Readable, budget: { left: number }, take: (line: Buffer) => void): Promise<boolean> {
  let pending: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const piece = chunk.length > budget.left ? chunk.subarray(0, budget.left) : chunk;
    budget.left -= piece.length;
    let start = 0;
    for (let end = piece.indexOf(NEWLINE); end >= 0; end = piece.indexOf(NEWLINE, start)) {
      take(pending.length ? Buffer.concat([...pending, piece.subarray(start, end)]) : piece.subarray(start, end));
      pending = [];
      start = end + 1;
    }
    if (start < piece.length) pending.push(piece.subarray(start));
    // A cut line is dropped: half an event is no event.
    if (budget.left <= 0) return false;
  }
  if (pending.length) take(Buffer.concat(pending));
  return true;
}

/** The whole entry, or undefined if it inflates to more than `max` bytes (its header lied). */
async function readAll(stream: Readable, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    length += chunk.length;
    if (length > max) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

interface Frame {
  timestamp: number;
  entry: string;
}

/** What the lines say: the frames, the end of the last failed action and of the last action. */
class TraceEvents {
  private readonly frames: Frame[] = [];
  private lastErrorEnd: number | undefined;
  private lastEnd: number | undefined;

  take(line: Buffer): void {
    if (SKIPPED.some((prefix) => line.subarray(0, prefix.length).equals(prefix))) return;
    let event: TraceEvent;
    try {
      event = JSON.parse(line.toString('utf8')) as TraceEvent;
    } catch {
      return;
    }
    if (typeof event !== 'object' || event === null) return;
    if (event.type === 'screencast-frame') this.frame(event);
    else if (event.type === 'after' || event.type === 'action') this.actionEnd(event.metadata ?? event);
  }

  /** The image entry of the frame to show, if any frame was read. */
  failureFrame(): string | undefined {
    const at = this.lastErrorEnd ?? this.lastEnd ?? Infinity;
    let chosen: Frame | undefined;
    let last: Frame | undefined;
    for (const frame of this.frames) {
      if (frame.timestamp <= at && (!chosen || frame.timestamp >= chosen.timestamp)) chosen = frame;
      if (!last || frame.timestamp >= last.timestamp) last = frame;
    }
    return (chosen ?? last)?.entry;
  }

  private frame(event: TraceEvent): void {
    const entry = typeof event.file === 'string' ? event.file : typeof event.sha1 === 'string' ? `resources/${event.sha1}` : undefined;
    if (entry !== undefined && typeof event.timestamp === 'number') this.frames.push({ timestamp: event.timestamp, entry });
  }

  private actionEnd(action: { endTime?: unknown; error?: unknown }): void {
    if (typeof action.endTime !== 'number' || action.endTime <= 0) return;
    this.lastEnd = Math.max(this.lastEnd ?? action.endTime, action.endTime);
    if (action.error) this.lastErrorEnd = Math.max(this.lastErrorEnd ?? action.endTime, action.endTime);
  }
}

interface TraceEvent {
  type?: unknown;
  file?: unknown;
  sha1?: unknown;
  timestamp?: unknown;
  endTime?: unknown;
  error?: unknown;
  metadata?: { endTime?: unknown; error?: unknown };
}

/** By the image's own first bytes: the entry's name is not a promise about its content. */
function contentTypeOf(data: Buffer): FrameContentType | undefined {
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}
