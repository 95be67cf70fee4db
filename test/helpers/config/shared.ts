/**
 * A shared config helper in a folder of its own, as a monorepo keeps one: the config that calls it
 * is elsewhere, and relative paths are the config's, not this file's.
 */
import { withOctomind } from '../../../src/config/with-octomind.js';

export function sharedConfig(globalSetup: string) {
  return withOctomind({ globalSetup });
}
