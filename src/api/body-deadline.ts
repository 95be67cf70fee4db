/**
 * A deadline on the whole body of one answer. undici's `bodyTimeout` only bounds the silence
 * between two chunks, so a server that drip-feeds a byte a second would hold a request forever;
 * this destroys the body once `ms` have passed since its headers, with an error that the retry
 * policy treats like a broken connection (BODY_DEADLINE).
 */
import { BODY_DEADLINE } from '../defaults.js';
import { formatMs } from '../text/format.js';

export interface Deadline {
  /** Ends the watch: the body is complete, or failed on its own. */
  clear(): void;
}

export function bodyDeadline(body: { destroy(error: Error): unknown }, ms: number): Deadline {
  const timer = setTimeout(() => body.destroy(Object.assign(new Error(`the body did not arrive within ${formatMs(ms)}`), { code: BODY_DEADLINE })), ms);
  return { clear: () => clearTimeout(timer) };
}
