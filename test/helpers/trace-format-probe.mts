/**
 * Reads one trace's format in a process of its own and prints what it cost: the bytes zlib
 * inflated (every inflateRawSync call of the process, counted by a wrapper installed before the
 * module loads) and how far the peak RSS grew. Run: node --import tsx trace-format-probe.mts <zip>.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const zlib = require('node:zlib') as typeof import('node:zlib');
const inflate = zlib.inflateRawSync;
let inflated = 0;
zlib.inflateRawSync = ((...args: Parameters<typeof inflate>) => {
  const out = inflate(...args);
  inflated += out.length;
  return out;
}) as typeof inflate;

const { traceFormat } = await import('../../src/trace/trace-format.js');
const before = process.resourceUsage().maxRSS;
const format = await traceFormat(process.argv[2]!);
process.stdout.write(JSON.stringify({ format: format ?? null, inflated, rssGrowthBytes: (process.resourceUsage().maxRSS - before) * 1024 }));
