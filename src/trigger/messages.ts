/** What the plugin says when a remote run cannot be followed: the setup's and a session Run's words. */
import { cleanMessage } from '../text/clean.js';
import type { Sentinel } from '../state/manifest.js';

export function noApiKey(inCI: boolean): Pick<Sentinel, 'message' | 'outcome'> {
  return inCI
    ? { outcome: 'fail', message: 'OCTOMIND_API_KEY is not set, so the Octomind tests did not run. Add it as a secret of this CI job (Octomind app → Settings → API keys).' }
    : { outcome: 'skip', message: 'Set OCTOMIND_API_KEY to run the Octomind tests of this suite too.' };
}

export const START_FAILURE_TITLE = 'Octomind: the remote run could not start';

export function startFailureMessage(err: unknown): string {
  const message = cleanMessage(err instanceof Error ? err.message : String(err));
  return `${message}\nLocal tests ran as usual.`;
}
