/**
 * The format version of a Playwright trace zip: the `version` of the first line (`context-options`)
 * of its `*.trace` entries, the highest if there are several (test runner and browser contexts).
 * yauzl reads the zip: a maintained reader that streams one entry at a time and rejects malformed
 * archives, so a 500 MiB trace is never read whole and no zip format code lives here.
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** A first line longer than this is not a trace's context-options line. */
const MAX_FIRST_LINE = 1024 * 1024;

export async function traceFormat(zipPath: string): Promise<number | undefined> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true });
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
