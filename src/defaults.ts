/**
 * Every network default of the client, in one place. Values are chosen for a CI job that talks to
 * a SaaS API over the internet: generous enough for a slow cloud response, short enough that a
 * dead connection is noticed long before Playwright's own timeouts.
 */
export const NETWORK_DEFAULTS = {
  /** TCP + TLS handshake. */
  connectTimeoutMs: 10_000,
  /** From request sent to response headers received. */
  headersTimeoutMs: 30_000,
  /** Longest silence between two body chunks (not the whole body). */
  bodyTimeoutMs: 30_000,

  /** Attempts after the first one, for every retryable failure. */
  maxRetries: 5,
  /** First backoff step; doubles per attempt (full jitter: a random delay in [0, step]). */
  minRetryDelayMs: 500,
  /** Cap of one backoff step, and of an honoured `Retry-After`. */
  maxRetryDelayMs: 30_000,
  retryDelayFactor: 2,

  /** Parallel connections to the API host: bounds title lookups for large suites. */
  maxApiConnections: 6,
  /** Parallel trace downloads. */
  maxTraceConnections: 4,

  /** JSON responses larger than this are refused: a report of 10,000 results is ~5 MB. */
  maxJsonBytes: 32 * 1024 * 1024,
  /** Trace zips larger than this are refused and deleted; Octomind traces are usually < 20 MB. */
  maxTraceBytes: 512 * 1024 * 1024,
  /** Redirects a trace download may follow (storage hosts redirect to signed URLs). */
  maxTraceRedirects: 5,
} as const;

export type NetworkOptions = { -readonly [K in keyof typeof NETWORK_DEFAULTS]: number };

export const DEFAULT_API_URL = 'https://app.octomind.dev/api';
