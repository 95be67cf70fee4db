/**
 * Whether a `playwright test` command line runs the whole suite: no test filter at all, and a
 * `--project` (if any) that selects the remote project. Only such a run may put the remote
 * project after the local ones (config/after-local.ts), because Playwright applies test filters
 * to the projects a run names and not to the projects it pulls in. An option this list does not
 * know counts as a filter: a new Playwright option then costs the ordering, never a filter.
 * test/e2e/assumptions.test.ts compares the list with `playwright test --help`.
 */
import { cliProjectFilter, looksLikeOption, projectSelected } from './project-filter.js';

/** Options that change how tests run, not which: `value` takes the next argument, `optional` takes it unless it looks like an option. */
export const NON_FILTERING_OPTIONS: Readonly<Record<string, 'flag' | 'value' | 'optional'>> = {
  '--add-reporter': 'value',
  '--browser': 'value',
  '-c': 'value',
  '--config': 'value',
  '--debug': 'optional',
  '--fail-on-flaky-tests': 'flag',
  '--forbid-only': 'flag',
  '--fully-parallel': 'flag',
  '--global-timeout': 'value',
  '--headed': 'flag',
  '--ignore-snapshots': 'flag',
  '-j': 'value',
  '--workers': 'value',
  '--last-failed-file': 'value',
  '--list': 'flag',
  '--max-failures': 'value',
  '-x': 'flag',
  '--no-deps': 'flag',
  '--output': 'value',
  '--pass-with-no-tests': 'flag',
  '--project': 'value',
  '--quiet': 'flag',
  '--repeat-each': 'value',
  '--reporter': 'value',
  '--retries': 'value',
  '--run-agents': 'value',
  '--shuffle': 'optional',
  '--timeout': 'value',
  '--trace': 'value',
  '--tsconfig': 'value',
  '-u': 'optional',
  '--update-snapshots': 'optional',
  '--update-source-method': 'value',
};

/**
 * @param argv the runner's `process.argv` (`node cli.js test …`)
 * @param remoteProject the remote project's name, which a `--project` filter must select
 */
export function runsWholeSuite(argv: readonly string[], remoteProject: string): boolean {
  const args = argv.slice(2);
  if (args[0] !== 'test') return false;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return false;
    if (!looksLikeOption(arg)) return false;
    const [name, attached] = splitOption(arg);
    const kind = NON_FILTERING_OPTIONS[name];
    if (!kind) return false;
    if (attached !== undefined || kind === 'flag') continue;
    if (kind === 'optional' && (i + 1 >= args.length || looksLikeOption(args[i + 1]!))) continue;
    i++;
    // `--project` is variadic: its values run up to the next option.
    if (name === '--project') while (i + 1 < args.length && !looksLikeOption(args[i + 1]!)) i++;
  }
  return projectSelected(cliProjectFilter(argv), remoteProject);
}

/** `--name=value` and `-jVALUE` carry their value; `--name` and `-j` do not. */
function splitOption(arg: string): [string, string | undefined] {
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    return eq === -1 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
  }
  return arg.length > 2 ? [arg.slice(0, 2), arg.slice(2)] : [arg, undefined];
}
