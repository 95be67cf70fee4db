/**
 * UI mode and VS Code open with the list of remote tests, read from Octomind's test cases without
 * starting a run, so their first tree names each remote test and a first Run shows each one's
 * status. Read where a session opens: VS Code's test server lists before any global setup, so
 * its config load starts the read (in the background: listing never waits on the network) and the
 * rewritten spec makes VS Code list again; UI mode runs global setup before its first listing, so
 * the setup waits for it (the same read, if one is under way). Failing, it never fails anything:
 * a known list stays, and where none is known one test stands for the remote run, saying why.
 */
import type { OctomindClient } from '../api/client.js';
import { OctomindError } from '../api/errors.js';
import { DEFAULTS } from '../defaults.js';
import { readKnownTests, writeKnownTests, writeUnlisted } from '../generated/known-tests.js';
import type { OctomindSettings } from '../options/options.js';
import type { ListedTest } from '../state/manifest.js';
import { cleanMessage } from '../text/clean.js';
import { runnableTests } from '../trigger/test-case-list.js';

export interface OpeningListOptions {
  settings: Pick<OctomindSettings, 'apiUrl' | 'apiVersion' | 'testTargetId' | 'tags'>;
  /** The generated folder: where the list is kept. */
  generatedDir: string;
  warn: (message: string) => void;
  env?: Record<string, string | undefined>;
  createClient?: (apiKey: string) => OctomindClient;
  deadlineMs?: number;
}

/** The stand-in's words for why no list could be read: part of its title, so short and stable. */
const UNLISTED_BECAUSE: Partial<Record<OctomindError['code'], string>> = {
  OCTOMIND_AUTH: 'Octomind refused the API key',
  OCTOMIND_NOT_FOUND: 'Octomind does not know the test target',
  OCTOMIND_UNAVAILABLE: 'Octomind could not be reached',
  OCTOMIND_PROXY: 'the proxy refused the request',
  OCTOMIND_CERTIFICATE: "Octomind's certificate was not trusted",
};
export const NO_KEY = 'OCTOMIND_API_KEY is not set';

const reading = new Map<string, Promise<void>>();

/**
 * Reads the list into the generated folder; joins a read of the same folder under way. Never
 * rejects: the config load does not wait for it, and nothing may end the process that serves a session.
 */
export function readListOnOpening(options: OpeningListOptions): Promise<void> {
  const { generatedDir } = options;
  let read = reading.get(generatedDir);
  if (!read) {
    read = readList(options)
      .catch((err: unknown) => options.warn(`The list of Octomind tests could not be kept in ${generatedDir} (${cleanMessage((err as Error).message)}).`))
      .finally(() => reading.delete(generatedDir));
    reading.set(generatedDir, read);
  }
  return read;
}

async function readList(options: OpeningListOptions): Promise<void> {
  const { settings, generatedDir, warn, env = process.env, deadlineMs = DEFAULTS.openingListDeadlineMs } = options;
  const apiKey = env.OCTOMIND_API_KEY;
  // Without a key the config does not require a test target; with one it does.
  const { testTargetId } = settings;
  if (!apiKey || !testTargetId) {
    writeUnlisted(generatedDir, NO_KEY);
    return;
  }
  // Loaded once there is something to read: the config loads this module in every process.
  const client = options.createClient?.(apiKey) ?? (await import('../poll/remote-run.js')).connect(settings, apiKey, warn);
  const deadline = AbortSignal.timeout(deadlineMs);
  try {
    const listed = await runnableTests(client, testTargetId, settings, deadline);
    if (!keyedByVersions(readKnownTests(generatedDir)?.tests, listed)) writeKnownTests(generatedDir, listed);
  } catch (err) {
    const reason = deadline.aborted ? `Octomind did not answer within ${deadlineMs / 1000} s` : (err instanceof OctomindError && UNLISTED_BECAUSE[err.code]) || 'the list could not be read';
    const shown = writeUnlisted(generatedDir, reason) ? 'one test stands for the remote run until a Run or a reload lists them' : 'the last known list is shown';
    warn(`The list of Octomind tests could not be read (${cleanMessage(deadline.aborted ? reason : (err as Error).message)}); ${shown}.`);
  } finally {
    await client.close();
  }
}

/**
 * v3 results may name test case versions only (`testCaseVersionId`): a list written by such runs
 * holds ids the test-case list never has, and replacing it would make every listed test miss its
 * result in the next Run. A list sharing no id with Octomind's is kept; the next Run renews it.
 */
function keyedByVersions(known: readonly ListedTest[] | undefined, listed: readonly ListedTest[]): boolean {
  if (!known?.length || !listed.length) return false;
  const ids = new Set(listed.map((test) => test.testCaseId));
  return !known.some((test) => ids.has(test.testCaseId));
}
