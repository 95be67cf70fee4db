/**
 * The format version of a Playwright trace zip: the `version` of the first line (`context-options`)
 * of its `*.trace` entries, the highest if there are several (test runner and browser contexts).
 * yauzl reads the zip: a maintained reader that streams one entry at a time and rejects malformed
 * archives, so a 500 MiB trace is never read whole and no zip format code lives here.
 */
import { close, createReadStream, fstat, open, read } from 'node:fs';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import yauzl from 'yauzl';

/** A first line longer than this is not a trace's context-options line. */
const MAX_FIRST_LINE = 1024 * 1024;
/**
 * Read at once from the end of the file: the central directory of a trace of a few hundred
 * entries, and the whole of a small trace. yauzl alone reads each directory record with its own
 * read: ~40 reads and ~3 ms of CPU for a 14-entry trace, which a 1,000-result run pays 1,000 times.
 */
export const TAIL_BYTES = 256 * 1024;
/** Compressed bytes per piece of an entry read from the tail: its first line is in the first piece. */
const STREAM_CHUNK = 4 * 1024;
const openFile = promisify(open);
const statFile = promisify(fstat);
const readFile = promisify(read);

export async function traceFormat(zipPath: string): Promise<number | undefined> {
  const reader = await TailCachedReader.open(zipPath);
  // yauzl closes its reader with the ZipFile; one it refused is still ours to close.
  const zip = await yauzl.fromRandomAccessReaderPromise(reader, reader.size, { lazyEntries: true }).catch((err: unknown) => {
    reader.close(() => {});
    throw err;
  });
  let highest: number | undefined;
  try {
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith('.trace')) continue;
      const version = versionOf(await firstLine(await zip.openReadStreamPromise(entry)));
      if (version !== undefined && (highest === undefined || version > highest)) highest = version;
    }
  } finally {
    zip.close();
  }
  return highest;
}

/** yauzl's documented extension point: reads inside the cached tail cost no syscall. */
class TailCachedReader extends yauzl.RandomAccessReader {
  static async open(file: string): Promise<TailCachedReader> {
    const fd = await openFile(file, 'r');
    try {
      const { size } = await statFile(fd);
      const tail = Buffer.alloc(Math.min(size, TAIL_BYTES));
      const { bytesRead } = await readFile(fd, tail, 0, tail.length, size - tail.length);
      if (bytesRead !== tail.length) throw new Error(`${file} changed while its trace format was read.`);
      return new TailCachedReader(file, fd, size, tail);
    } catch (err) {
      close(fd, () => {});
      throw err;
    }
  }

  private readonly tailStart: number;

  private constructor(
    private readonly file: string,
    private readonly fd: number,
    readonly size: number,
    private readonly tail: Buffer,
  ) {
    super();
    this.tailStart = size - tail.length;
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    if (position < this.tailStart) {
      read(this.fd, buffer, offset, length, position, (err) => callback(err));
      return;
    }
    this.tail.copy(buffer, offset, position - this.tailStart, position - this.tailStart + length);
    process.nextTick(callback, null);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    if (start >= this.tailStart) return Readable.from(chunks(this.tail.subarray(start - this.tailStart, end - this.tailStart)));
    // A stream of its own fd: yauzl destroys an entry's stream, and destroying closes the stream's fd.
    return createReadStream(this.file, { start, end: end - 1 });
  }

  override close(callback: (err: Error | null) => void): void {
    close(this.fd, callback);
  }
}

/** Small pieces, so that only the start of an entry is inflated to find its first line. */
function* chunks(buffer: Buffer): Generator<Buffer> {
  for (let at = 0; at < buffer.length; at += STREAM_CHUNK) yield buffer.subarray(at, at + STREAM_CHUNK);
}

function versionOf(line: string): number | undefined {
  try {
    const event = JSON.parse(line) as { type?: unknown; version?: unknown };
    return event.type === 'context-options' && typeof event.version === 'number' ? event.version : undefined;
  } catch {
    return undefined;
  }
}

async function firstLine(stream: Readable): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  try {
    for await (const chunk of stream) {
      text += chunk as string;
      const end = text.indexOf('\n');
      if (end >= 0) return text.slice(0, end);
      if (text.length > MAX_FIRST_LINE) return '';
    }
    return text;
  } finally {
    stream.destroy();
  }
}
