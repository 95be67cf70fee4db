/**
 * The format version of a Playwright trace zip: the `version` of the first line (`context-options`)
 * of its `*.trace` entries, the highest if there are several (test runner and browser contexts).
 * yauzl reads the zip: a maintained reader that rejects malformed archives and finds each entry's
 * data, so no zip format code lives here. Of an entry only the start is inflated, at once (zlib's
 * sync inflate of a prefix): a stream per entry cost ~0.6 ms of the runner's CPU per trace, paid
 * 1,000 times in a large suite while Playwright starts a worker on the same cores.
 */
import { constants, inflateRawSync } from 'node:zlib';
import type yauzl from 'yauzl';
import { openZip, type TailCachedReader } from './zip-reader.js';

/** A first line longer than this is not a trace's context-options line. */
const MAX_FIRST_LINE = 1024 * 1024;
/**
 * Most bytes the reading of one trace may inflate, over all its entries. Deflate packs up to
 * ~1,000× (a zip bomb: 1.4 MB of trace that inflates to 1 GB), so the cap is on the output: a
 * trace whose first lines are not in it has no readable format, and the runner's memory stays
 * bounded whatever a zip holds.
 */
export const MAX_INFLATED_BYTES = 8 * MAX_FIRST_LINE;
/**
 * Compressed bytes first inflated of an entry: its first line is in them; else 4× more, and so on.
 * Small enough that even a bomb's first piece inflates to at most ~4 MB (1,032× at most).
 */
const FIRST_PIECE = 4 * 1024;
const DEFLATE = 8;
const STORED = 0;

export async function traceFormat(zipPath: string): Promise<number | undefined> {
  const { zip, reader } = await openZip(zipPath);
  let highest: number | undefined;
  const budget = { left: MAX_INFLATED_BYTES };
  try {
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith('.trace') || entry.isEncrypted()) continue;
      if (budget.left <= 0) break;
      const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
      const version = versionOf(await firstLine(reader, fileDataStart, entry, budget));
      if (version !== undefined && (highest === undefined || version > highest)) highest = version;
    }
  } finally {
    zip.close();
  }
  return highest;
}

async function firstLine(reader: TailCachedReader, start: number, entry: yauzl.Entry, budget: { left: number }): Promise<string> {
  if (entry.compressionMethod !== DEFLATE && entry.compressionMethod !== STORED) return '';
  for (let length = FIRST_PIECE; ; length *= 4) {
    const piece = await reader.bytes(start, Math.min(length, entry.compressedSize));
    const data = entry.compressionMethod === DEFLATE ? inflatePrefix(piece, budget) : piece;
    if (data === undefined) return '';
    // Only the line is decoded: the rest of a piece may be megabytes.
    const end = data.indexOf(0x0a);
    if (end >= 0) return data.toString('utf8', 0, end);
    if (data.length > MAX_FIRST_LINE) return '';
    if (piece.length >= entry.compressedSize) return data.toString('utf8');
  }
}

/**
 * A prefix of a deflate stream inflates to a prefix of the data, with no error (SYNC_FLUSH). What
 * it inflates counts against `budget`; undefined once the budget would be exceeded.
 */
function inflatePrefix(piece: Buffer, budget: { left: number }): Buffer | undefined {
  if (budget.left <= 0) return undefined;
  try {
    const data = inflateRawSync(piece, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: budget.left });
    budget.left -= data.length;
    return data;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw err;
    budget.left = 0;
    return undefined;
  }
}

function versionOf(line: string): number | undefined {
  try {
    const event = JSON.parse(line) as { type?: unknown; version?: unknown };
    return event.type === 'context-options' && typeof event.version === 'number' ? event.version : undefined;
  } catch {
    return undefined;
  }
}
