/**
 * The frame a remote screenshot should show, found the plain way, to check the bounded reader
 * against: every entry of the zip read whole, every line of its `*.trace` entries parsed.
 */
import yauzl from 'yauzl';

/** Every entry of a zip, whole. */
async function unzipAll(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file);
  const entries = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    entries.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return entries;
}

export interface Expected {
  image: Buffer;
  /** The frame came before the end of a failed action, not merely last. */
  beforeError: boolean;
  frames: number;
}

/** The last frame at or before the end of the last failed action (else the last action), else the last frame. */
export async function expectedFrame(file: string): Promise<Expected> {
  const entries = await unzipAll(file);
  const events = [...entries].filter(([name]) => name.endsWith('.trace')).flatMap(([, data]) => data.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)));
  const frames = events.filter((e) => e.type === 'screencast-frame').sort((a, b) => a.timestamp - b.timestamp);
  const ends = events.filter((e) => e.type === 'after' && e.endTime > 0);
  const failed = ends.filter((e) => e.error);
  const at = Math.max(...(failed.length ? failed : ends).map((e) => e.endTime));
  const chosen = frames.filter((f) => f.timestamp <= at).at(-1) ?? frames.at(-1);
  return { image: entries.get(chosen.file ?? `resources/${chosen.sha1}`)!, beforeError: failed.length > 0 && chosen.timestamp <= at, frames: frames.length };
}
