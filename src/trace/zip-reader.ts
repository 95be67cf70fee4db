/**
 * A trace zip opened with yauzl (a maintained reader that rejects malformed archives and finds each
 * entry's data, so no zip format code lives here), through a reader that holds the file's tail.
 */
import { close, fstat, open, read } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { promisify } from 'node:util';
import yauzl from 'yauzl';

/**
 * Read at once from the end of the file: the central directory of a trace of a few hundred
 * entries, and the whole of a small trace. yauzl alone reads each directory record with its own
 * read: ~40 reads and ~3 ms of CPU for a 14-entry trace, which a 1,000-result run pays 1,000 times.
 */
export const TAIL_BYTES = 256 * 1024;
const openFile = promisify(open);
const statFile = promisify(fstat);
const readFile = promisify(read);

/** The zip's entries are read lazily; `zip.close()` closes the file once no entry stream is open. */
export async function openZip(zipPath: string): Promise<{ zip: yauzl.ZipFile; reader: TailCachedReader }> {
  const reader = await TailCachedReader.open(zipPath);
  // yauzl closes its reader with the ZipFile; one it refused is still ours to close.
  const zip = await yauzl.fromRandomAccessReaderPromise(reader, reader.size, { lazyEntries: true, autoClose: false }).catch((err: unknown) => {
    reader.close(() => {});
    throw err;
  });
  return { zip, reader };
}

/** yauzl's documented extension point: reads inside the cached tail cost no syscall. */
export class TailCachedReader extends yauzl.RandomAccessReader {
  static async open(file: string): Promise<TailCachedReader> {
    const fd = await openFile(file, 'r');
    try {
      const { size } = await statFile(fd);
      const tail = Buffer.alloc(Math.min(size, TAIL_BYTES));
      const { bytesRead } = await readFile(fd, tail, 0, tail.length, size - tail.length);
      if (bytesRead !== tail.length) throw new Error(`${file} changed while its trace was read.`);
      return new TailCachedReader(fd, size, tail);
    } catch (err) {
      close(fd, () => {});
      throw err;
    }
  }

  private readonly tailStart: number;

  private constructor(
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

  /** What yauzl's entry streams read from: the file's bytes [start, end), which yauzl has checked. */
  override _readStreamForRange(start: number, end: number): Readable {
    if (start >= this.tailStart) return new PassThrough().end(this.tail.subarray(start - this.tailStart, end - this.tailStart));
    return new RangeStream(this.fd, start, end);
  }

  /** `length` bytes from `position`, which yauzl has checked lie inside the file. */
  async bytes(position: number, length: number): Promise<Buffer> {
    if (position >= this.tailStart) return this.tail.subarray(position - this.tailStart, position - this.tailStart + length);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await readFile(this.fd, buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  }

  override close(callback: (err: Error | null) => void): void {
    close(this.fd, callback);
  }
}

/** Bytes [position, end) of an fd it never closes: fs.ReadStream closes its fd when destroyed, and yauzl closes the reader once its last stream is done. */
class RangeStream extends Readable {
  constructor(
    private readonly fd: number,
    private position: number,
    private readonly end: number,
  ) {
    super();
  }

  override _read(size: number): void {
    const length = Math.min(size, this.end - this.position);
    if (length <= 0) {
      this.push(null);
      return;
    }
    const buffer = Buffer.allocUnsafe(length);
    read(this.fd, buffer, 0, length, this.position, (err, bytesRead) => {
      if (err) return this.destroy(err);
      if (bytesRead === 0) return this.destroy(new Error('the zip ended before its entry did'));
      this.position += bytesRead;
      this.push(buffer.subarray(0, bytesRead));
    });
  }
}
