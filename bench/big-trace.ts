/** A large "trace" for scenario D: zip magic and incompressible bytes, written in chunks (never whole in memory). */
import { closeSync, openSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export function writeBigTrace(file: string, bytes: number): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const chunk = randomBytes(1024 * 1024);
    for (let written = 4; written < bytes; written += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
  } finally {
    closeSync(fd);
  }
}
