// Loaded with NODE_OPTIONS=--require: the Playwright runner process (not its workers, not npx)
// writes its peak RSS on exit, for the benchmark's memory figures.
const { appendFileSync } = require('node:fs');

const isRunner = process.argv.some((arg) => /playwright[\\/](test[\\/])?cli\.js$|\.bin[\\/]playwright$/.test(arg)) && process.argv.includes('test');
if (isRunner && !process.env.TEST_WORKER_INDEX && process.env.BENCH_RSS_FILE) {
  process.on('exit', () => appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`));
}
