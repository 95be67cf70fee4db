/** Vitest global setup, before the build and any test: a Chromium for the browser tests, or one line saying how to get it. */
import { ensureChromium } from '../fixtures/chromium.js';

export default function setup(): void {
  ensureChromium();
}
