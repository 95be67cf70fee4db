/**
 * What the setup tells the user. It writes to stderr, so `--reporter=json` on stdout stays valid
 * JSON. The plugin's reporter, when configured, claims the announcements and prints them in its
 * own place; warnings are always printed.
 */
import { cleanLine } from './clean.js';

const CLAIM = Symbol.for('playwright-octomind.reporter');

type Claimable = { [CLAIM]?: boolean };

export function claimAnnouncements(): void {
  (globalThis as Claimable)[CLAIM] = true;
}

export function announce(message: string): void {
  if (!(globalThis as Claimable)[CLAIM]) warn(message);
}

/** Its own lines stay lines; whatever a message quotes cannot act on the terminal (clean.ts). */
export function warn(message: string): void {
  process.stderr.write(`[playwright-octomind] ${message.split('\n').map(cleanLine).join('\n')}\n`);
}
