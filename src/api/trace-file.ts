/**
 * The tmp file of one trace download, written by one Writable per HTTP answer at that answer's
 * offset. Bytes count against the size limit and the zip signature is checked as they pass, so an
 * oversize file or an error page is refused early; `position` is what is on disk, where a resumed
 * answer continues.
 */
import type { FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { OctomindTraceDownloadError } from './errors.js';

const ZIP_MAGIC = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];
const MAGIC_LENGTH = 4;

export function tooLarge(bytes: number, limit: number): string {
  return `it is larger than the ${limit}-byte limit (at least ${bytes} bytes).`;
}

/**
 * Bytes accepted but not yet on disk. Chunks are acknowledged at once below this, because
 * destroying a Writable (what undici does when the connection drops) discards its own buffer: what
 * was received must reach the file, so the resume asks only for the rest.
 */
const IN_FLIGHT_BYTES = 1024 * 1024;

export class TraceFileWriter extends Writable {
  /** Bytes on disk, from byte 0 of the object. */
  position: number;
  /** Bytes handed to the file: on disk or being written. */
  private accepted: number;
  /** The file operations in order: first the truncation to `from`, then each chunk. */
  private flushed: Promise<void>;

  constructor(
    private readonly file: FileHandle,
    /** Bytes on disk that this answer continues; anything beyond is dropped first. */
    from: number,
    private readonly limit: number,
    /** No earlier answer wrote to the file: nothing to drop (the first answer of most downloads). */
    empty = false,
  ) {
    super();
    this.position = from;
    this.accepted = from;
    // Not in _construct: a Writable buffers writes until that ends, and a destroy would drop them.
    this.flushed = empty ? Promise.resolve() : file.truncate(from);
    this.flushed.catch((err: Error) => this.destroy(err));
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const at = this.accepted;
    if (at + chunk.length > this.limit) {
      callback(new OctomindTraceDownloadError(tooLarge(at + chunk.length, this.limit)));
      return;
    }
    if (at < MAGIC_LENGTH) {
      const head = chunk.subarray(0, MAGIC_LENGTH - at);
      if (!ZIP_MAGIC.some((magic) => magic.subarray(at, at + head.length).equals(head))) {
        callback(new OctomindTraceDownloadError('the trace host did not send a zip file (corrupt or an error page).'));
        return;
      }
    }
    this.accepted += chunk.length;
    this.flushed = this.flushed.then(() => this.writeAll(chunk, at));
    if (this.accepted - this.position <= IN_FLIGHT_BYTES) {
      this.flushed.catch((err: Error) => this.destroy(err));
      callback();
    } else {
      this.flushed.then(() => callback(), callback);
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flushed.then(() => callback(), callback);
  }

  /** `position` is final only once every accepted chunk is written, so the error waits for them. */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.flushed.then(
      () => callback(error),
      (failure: Error) => callback(error ?? failure),
    );
  }

  /** A download that ended before the zip signature was whole is no trace. */
  assertComplete(): void {
    if (this.position < MAGIC_LENGTH) throw new OctomindTraceDownloadError('the trace host sent an empty or truncated file.');
  }

  private async writeAll(chunk: Buffer, at: number): Promise<void> {
    for (let done = 0; done < chunk.length; ) {
      const { bytesWritten } = await this.file.write(chunk, done, chunk.length - done, at + done);
      done += bytesWritten;
      this.position = at + done;
    }
  }
}
