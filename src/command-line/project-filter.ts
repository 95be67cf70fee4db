/**
 * `--project` as Playwright reads it from the command line: for the setup on releases without
 * `FullConfig.filteredProjects` (CONTRIBUTING.md: Compatibility internals), and where the config
 * loads, before any FullConfig exists (whole-suite.ts). Playwright parses it with commander as a
 * variadic option: `--project a b`, `--project=a` (which takes only `a`), repeated flags; values
 * end at the next argument that looks like an option, and everything after `--` is positional.
 * There is no short form. Names match lowercased and exactly; a name with `*` is a `^…$` pattern
 * in which only `*` is special. Unknown names never get here: Playwright exits before global setup.
 */

/** The `--project` values of a `playwright test` command line, or undefined when none is given. */
export function cliProjectFilter(argv: readonly string[]): string[] | undefined {
  let names: string[] | undefined;
  let variadic = false;
  for (const arg of argv.slice(2)) {
    if (arg === '--') break;
    if (looksLikeOption(arg)) {
      variadic = arg === '--project';
      if (variadic) names ??= [];
      else if (arg.startsWith('--project=')) (names ??= []).push(arg.slice('--project='.length));
      continue;
    }
    if (variadic) names!.push(arg);
  }
  return names;
}

/** commander's test: `-` alone is a value, `-x` and `--x` are options. */
export function looksLikeOption(arg: string): boolean {
  return arg.length > 1 && arg.startsWith('-');
}

/** Whether a project of this name runs under the filter, by Playwright's own matching rules. */
export function projectSelected(filter: readonly string[] | undefined, projectName: string): boolean {
  if (!filter) return true;
  const name = projectName.toLocaleLowerCase();
  return filter.some((entry) => {
    const wanted = entry.toLocaleLowerCase();
    return wanted.includes('*') ? wildcard(wanted).test(name) : wanted === name;
  });
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
