/**
 * Typed errors of the Octomind client. `code` is stable and meant for programs; `message` is meant
 * for the person reading a failed test and always says what to do next. No message, property or
 * `cause` holds the API key: the transport redacts server text before it reaches these classes.
 */
import { inspect } from 'node:util';

export type OctomindErrorCode =
  | 'OCTOMIND_AUTH'
  | 'OCTOMIND_NOT_FOUND'
  | 'OCTOMIND_BAD_REQUEST'
  | 'OCTOMIND_UNAVAILABLE'
  | 'OCTOMIND_INVALID_RESPONSE'
  | 'OCTOMIND_TRACE_DOWNLOAD'
  | 'OCTOMIND_PROXY'
  | 'OCTOMIND_CERTIFICATE'
  | 'OCTOMIND_CONFIG';

/** Every error of the plugin: a bad setting (OctomindConfigError) or a failed exchange with Octomind (OctomindApiError). */
export abstract class OctomindError extends Error {
  abstract readonly code: OctomindErrorCode;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }

  /** Printed by Node and Playwright as the message with its stack, without the fields' dump. */
  [inspect.custom](): string {
    return this.stack ?? `${this.name}: ${this.message}`;
  }
}

/** Octomind's API or the trace host answered with an error, or not at all. */
export abstract class OctomindApiError extends OctomindError {
  /** HTTP status of the last response, when there was one. */
  readonly status: number | undefined;

  constructor(message: string, options: { status?: number | undefined; cause?: unknown } = {}) {
    super(message, options);
    this.status = options.status;
  }
}

export class OctomindAuthError extends OctomindApiError {
  readonly code = 'OCTOMIND_AUTH';
  constructor(request: string, status: number) {
    super(
      `Octomind rejected the API key (HTTP ${status}) for ${request}. ` +
        'Check OCTOMIND_API_KEY: it must be a current API key of the organization that owns the test target ' +
        '(Octomind app → Settings → API keys).',
      { status },
    );
  }
}

/** What an unknown test target means, wherever a request names one. */
export const TEST_TARGET_HINT = 'Check testTargetId (OCTOMIND_TEST_TARGET_ID): copy it from the Octomind app, and use an API key of the same organization.';

export class OctomindNotFoundError extends OctomindApiError {
  readonly code = 'OCTOMIND_NOT_FOUND';
  constructor(
    readonly resource: string,
    readonly id: string,
    hint: string,
  ) {
    super(`Octomind has no ${resource} ${id} (HTTP 404). ${hint}`, { status: 404 });
  }
}

export interface BadRequestIssue {
  path: string;
  message: string;
}

export class OctomindBadRequestError extends OctomindApiError {
  readonly code = 'OCTOMIND_BAD_REQUEST';
  constructor(
    request: string,
    readonly issues: BadRequestIssue[],
  ) {
    const lines = issues.length
      ? issues.map((issue) => `  ✖ ${issue.message}${issue.path ? `\n    → at ${issue.path}` : ''}`)
      : ['  (the server gave no details)'];
    super(
      `Octomind refused ${request} (HTTP 400):\n${lines.join('\n')}\n` +
        'Fix the option named above in withOctomind(...) or its OCTOMIND_* environment variable.',
      { status: 400 },
    );
  }
}

export class OctomindUnavailableError extends OctomindApiError {
  readonly code = 'OCTOMIND_UNAVAILABLE';
  /** The last answer's `Retry-After`, in ms: the soonest the server wants to be asked again. */
  readonly retryAfterMs: number | undefined;
  constructor(
    request: string,
    attempts: number,
    reason: string,
    options: { status?: number | undefined; cause?: unknown; mayHaveStarted?: boolean; retryAfterMs?: number | undefined } = {},
  ) {
    super(
      `Octomind did not answer ${request} after ${attempts} attempt${attempts === 1 ? '' : 's'} (${reason}). ` +
        (options.mayHaveStarted
          ? 'It was not retried because Octomind may have started the run anyway: look in the Octomind app before you run again, so it does not run twice.'
          : 'This is an outage or a network problem, not a test failure: check OCTOMIND_API_URL and the network, then run again.'),
      options,
    );
    this.retryAfterMs = options.retryAfterMs;
  }
}

export class OctomindInvalidResponseError extends OctomindApiError {
  readonly code = 'OCTOMIND_INVALID_RESPONSE';
  constructor(
    request: string,
    readonly field: string,
    problem: string,
    options: { status?: number | undefined; cause?: unknown } = {},
  ) {
    super(
      `Octomind answered ${request} with a response that cannot be read: ${field ? `${field}: ` : ''}${problem}. ` +
        'Octomind may have changed its API: update playwright-octomind, or report this with the line above.',
      options,
    );
  }
}

export class OctomindTraceDownloadError extends OctomindApiError {
  readonly code = 'OCTOMIND_TRACE_DOWNLOAD';
  constructor(reason: string, options: { status?: number | undefined; cause?: unknown } = {}) {
    super(`The remote trace could not be downloaded: ${reason}`, options);
  }
}

/** The proxy in HTTPS_PROXY / HTTP_PROXY refused the tunnel (407: its credentials) or could not be reached. */
export class OctomindProxyError extends OctomindApiError {
  readonly code = 'OCTOMIND_PROXY';
  constructor(
    /** Without user and password. */
    readonly proxy: string,
    host: string,
    problem: string,
    options: { status?: number | undefined; cause?: unknown } = {},
  ) {
    super(
      `The proxy ${proxy} ${problem} on the way to ${host}. Check HTTPS_PROXY (HTTP_PROXY for plain http): its address, and for a 407 ` +
        `the user and password in it (http://user:password@proxy:port, special characters percent-encoded); or let ${host} go direct with NO_PROXY.`,
      options,
    );
  }
}

/** The server's TLS certificate is not trusted: typically a proxy or firewall that re-signs TLS with a company CA. */
export class OctomindCertificateError extends OctomindApiError {
  readonly code = 'OCTOMIND_CERTIFICATE';
  constructor(host: string, reason: string, proxy: string | undefined, options: { cause?: unknown } = {}) {
    super(
      `The TLS certificate of ${host} is not trusted (${reason})${proxy ? `; the connection went through the proxy ${proxy}` : ''}. ` +
        'A proxy or firewall that re-signs TLS needs its CA: set NODE_EXTRA_CA_CERTS to the path of its CA certificate (PEM), for the process that runs Playwright.',
      options,
    );
  }
}

/** A setting is wrong: nothing was sent, or the API's answer shows the setting must change (a redirect). */
export class OctomindConfigError extends OctomindError {
  readonly code = 'OCTOMIND_CONFIG';
  constructor(
    readonly option: string,
    problem: string,
  ) {
    super(`playwright-octomind: ${option} ${problem}`);
  }
}
