/**
 * What the setup tells the user. It writes to stderr, so `--reporter=json` on stdout stays valid
 * JSON. The plugin's reporter, when configured, claims the announcements and prints them in its
 * own place; warnings are always printed.
 */
const CLAIM = Symbol.for('playwright-octomind.reporter');

type Claimable = { [CLAIM]?: boolean };

export function claimAnnouncements(): void {
  (globalThis as Claimable)[CLAIM] = true;
}

export function announce(message: string): void {
  if (!(globalThis as Claimable)[CLAIM]) warn(message);
}

export function warn(message: string): void {
  process.stderr.write(`[playwright-octomind] ${message}\n`);
}
