/**
 * Every network and wait default of the plugin, in one table (undici's retry-handler.js is the
 * model). Values are chosen for a CI job that talks to a SaaS API over the internet: generous enough
 * for a slow cloud response, short enough that a dead connection is noticed long before
 * Playwright's own timeouts. Nothing else in src/ holds a timeout, an interval, a retry count or a
 * size limit of its own.
 */
/** The code of an answer whose body outlasted `bodyDeadlineMs` / `traceBodyDeadlineMs`. */
export const BODY_DEADLINE = 'OCTOMIND_BODY_DEADLINE';

export const DEFAULTS = {
  // ── Network: every request, to the API host and to the trace host ──

  /** TCP + TLS handshake. */
  connectTimeoutMs: 10_000,
  /** From request sent to response headers received. */
  headersTimeoutMs: 30_000,
  /** Longest silence between two body chunks (not the whole body). */
  bodyTimeoutMs: 30_000,
  /**
   * The whole body of one API answer, however slowly it trickles in: a server that sends a byte a
   * second is never silent for `bodyTimeoutMs`. Past it the answer is a failed one (retried like a
   * broken connection). Connect and headers have their own total bounds above.
   */
  bodyDeadlineMs: 60_000,
  /** The same for one answer of the trace host: up to `maxTraceBytes` at a slow CI runner's speed. */
  traceBodyDeadlineMs: 300_000,
  /**
   * Starting a remote run, all requests and retries together: execute (or the attached report) and
   * the titles; at most half of `timeoutMs`. The local tests wait for it, so whatever a server does
   * it ends here: titles not known by then fall back to `Octomind test <id>`, an execute without
   * answer is a failed start.
   */
  startDeadlineMs: 120_000,
  /**
   * Reading the list of test cases as UI mode or VS Code opens, all retries together. UI mode's
   * first tree waits for it, so an outage costs the opening this much at most; past it one test
   * stands for the remote run.
   */
  openingListDeadlineMs: 10_000,

  /** Attempts after the first one, for every retryable failure; a trace download's resumes count too. */
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
  /** Redirects a trace download may follow (storage hosts redirect to signed URLs); the API host gets none, so the key never travels on one. */
  maxTraceRedirects: 5,

  // ── Retry policy: one for the API and the trace host ──

  /** Answers a read (every GET: polls, titles, traces) is retried on: rate limited, or the server's transient failures. */
  retryStatusCodes: [429, 500, 502, 503, 504],
  /** Failures before the answer's headers that a read is retried on: the connection could not be made or broke. */
  retryErrorCodes: [
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'ENETUNREACH',
    'EHOSTUNREACH',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
  ],
  /**
   * Failures of a body whose headers had arrived: the connection broke or went silent, the body
   * was shorter than declared, or undici could not resume it (a JSON API answers a Range request
   * with a full 200, which undici refuses). A read is asked again: a JSON body from scratch, a
   * trace from where it broke when the host proves the rest is the same object (api/traces.ts).
   */
  retryBodyErrorCodes: [
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'UND_ERR_SOCKET',
    'UND_ERR_BODY_TIMEOUT',
    'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
    'UND_ERR_REQ_RETRY',
    'UND_ERR_ABORTED',
    BODY_DEADLINE,
  ],
  /**
   * Execute differs from reads on purpose: it starts a paid, minutes-long remote run and has no
   * idempotency key, so it is retried only when the server cannot have acted on it (429, 503, or
   * no connection at all). After a 500, a reset or a timeout the run may exist already, and a
   * second one would be worse than a clear error.
   */
  triggerRetryStatusCodes: [429, 503],
  triggerRetryErrorCodes: ['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT'],

  // ── Waiting for the remote run ──

  /** `pollIntervalMs`: the report is polled this often while no proxy test runs. */
  pollIntervalMs: 5_000,
  /** Bounds of `pollIntervalMs`: below, a long run floods the API; above, results land minutes late. */
  minPollIntervalMs: 250,
  maxPollIntervalMs: 600_000,
  /** `timeoutMs`: how long the remote run is waited for (Octomind runs of a large suite take an hour). */
  timeoutMs: 2 * 60 * 60 * 1000,
  minTimeoutMs: 1_000,
  /** The poll interval once a proxy test runs: as often as a result can change the run's end (poll/cadence.ts). */
  briskPollMs: 1_000,
  /** How often the poller looks for the proxies' marker in the state dir (local disk, no request). */
  signalCheckMs: 250,
  /** Failed polls in a row (each after the client's own retries) before the run is given up. */
  maxConsecutivePollFailures: 3,

  /** A waiting proxy's first look for its result (local disk, no request); doubled up to `proxyResultCheckMs`. */
  proxyFirstCheckMs: 5,
  /**
   * How often a waiting proxy looks for its result at most. In a large remote suite the proxies run
   * right behind the trace downloads, and a proxy that just missed its result must not lose 100 ms, 1,000 times.
   */
  proxyResultCheckMs: 100,
  /** How often a waiting proxy also checks that the process following its remote run lives. */
  proxyOwnerCheckMs: 1_000,
  /** Added to `timeoutMs` for the proxies' Playwright timeout: the poller's own deadline always ends a proxy first. */
  proxyTimeoutMarginMs: 60_000,

  /**
   * `screenshot`: which remote results get the trace's frame of the page as it failed (or, `on`,
   * as it ended) as a `screenshot` attachment; the words of Playwright's `use.screenshot`.
   */
  screenshot: 'only-on-failure',

  /** The reporter's progress line, while only remote results are awaited. */
  progressIntervalMs: 5_000,
} as const;

type NetworkKey =
  | 'connectTimeoutMs'
  | 'headersTimeoutMs'
  | 'bodyTimeoutMs'
  | 'bodyDeadlineMs'
  | 'traceBodyDeadlineMs'
  | 'startDeadlineMs'
  | 'maxRetries'
  | 'minRetryDelayMs'
  | 'maxRetryDelayMs'
  | 'retryDelayFactor'
  | 'maxApiConnections'
  | 'maxTraceConnections'
  | 'maxJsonBytes'
  | 'maxTraceBytes'
  | 'maxTraceRedirects';

/** The network defaults a client may override (tests do, to keep retries fast). */
export type NetworkOptions = { -readonly [K in NetworkKey]: number };

export const DEFAULT_API_URL = 'https://app.octomind.dev/api';
