/**
 * Looks for one trace's failure frame in a process of its own and prints what it cost: the bytes
 * zlib inflated (every inflate stream of the process, counted by a wrapper installed before the
 * module loads) and how far the peak RSS grew. Run: node --import tsx failure-frame-probe.mts <zip>.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const zlib = require('node:zlib') as typeof import('node:zlib');
let inflated = 0;
// createInflateRaw is a getter: the count sits on what each inflate stream pushes to its reader.
const push = zlib.InflateRaw.prototype.push;
zlib.InflateRaw.prototype.push = function (this: import('node:zlib').InflateRaw, chunk: unknown, encoding?: BufferEncoding) {
  if (Buffer.isBuffer(chunk)) inflated += chunk.length;
  return push.call(this, chunk, encoding);
};

const { failureFrame } = await import('../../src/trace/failure-frame.js');
const before = process.resourceUsage().maxRSS;
const frame = await failureFrame(process.argv[2]!);
process.stdout.write(JSON.stringify({ found: frame !== undefined, inflated, rssGrowthBytes: (process.resourceUsage().maxRSS - before) * 1024 }));
