/** Reading a hostile trace's format: memory stays bounded whatever the zip holds (a zip bomb). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZipBomb } from '../../fixtures/traces/bomb.js';
import { MAX_INFLATED_BYTES } from '../../src/trace/trace-format.js';

const dir = mkdtempSync(path.join(tmpdir(), 'trace-bomb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('traceFormat on a zip bomb', () => {
  it('inflates at most MAX_INFLATED_BYTES, grows the RSS by less than 64 MB, and finds no format', async () => {
    // 16 entries of 16 MiB of zeros: 256 MiB inflated from ~260 KB of zip.
    const bomb = path.join(dir, 'bomb.zip');
    await writeZipBomb(bomb, { entries: 16, bytesPerEntry: 16 * 1024 * 1024 });
    const probe = path.resolve(__dirname, '../helpers/trace-format-probe.mts');
    const out = execFileSync(process.execPath, ['--import', 'tsx', probe, bomb], { encoding: 'utf8', timeout: 60_000 });
    const { format, inflated, rssGrowthBytes } = JSON.parse(out) as { format: number | null; inflated: number; rssGrowthBytes: number };
    expect(format).toBeNull();
    expect(inflated).toBeGreaterThan(0);
    expect(inflated).toBeLessThanOrEqual(MAX_INFLATED_BYTES);
    expect(rssGrowthBytes).toBeLessThan(64 * 1024 * 1024);
  }, 90_000);
});
