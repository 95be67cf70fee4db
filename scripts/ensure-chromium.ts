/** `npm run demo` and .ci/run: make sure there is a Chromium before anything runs (fixtures/chromium.ts). */
import { ensureChromium } from '../fixtures/chromium.js';

ensureChromium();
