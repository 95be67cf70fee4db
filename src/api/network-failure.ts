/**
 * Failures that are not Octomind's but the network's between: a proxy that refuses the tunnel or
 * cannot be reached, a TLS certificate that is not trusted. Each becomes an error that names the
 * proxy (without credentials) or the host, and the setting that fixes it.
 */
import { OctomindCertificateError, OctomindProxyError, type OctomindApiError } from './errors.js';
import { proxyFor, shownProxy, type ProxySettings } from './proxy.js';

/** Node's and OpenSSL's codes for a certificate that does not verify. */
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A connection that failed where a proxy is in effect failed to the proxy: the tunnel's far end answers as a status. */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** undici's words for a CONNECT answered with another status than 200. */
const TUNNEL_REFUSED = /Proxy response \((\d{3})\)|Proxy Authentication Required \((\d{3})\)/;

type Failure = Error & { code?: string; cause?: unknown };

export function networkFailure(error: Failure, origin: string, proxies: ProxySettings): OctomindApiError | undefined {
  const proxy = proxyFor(origin, proxies);
  const host = new URL(origin).host;
  const refused = TUNNEL_REFUSED.exec(error.message ?? '');
  if (proxy && refused) {
    const status = Number(refused[1] ?? refused[2]);
    return new OctomindProxyError(shownProxy(proxy), host, `answered HTTP ${status}${status === 407 ? ' (Proxy Authentication Required)' : ''}`, { status });
  }
  const code = codeOf(error);
  if (code && CERTIFICATE_CODES.has(code)) return new OctomindCertificateError(host, code, proxy && shownProxy(proxy));
  if (proxy && code && CONNECTION_CODES.has(code)) return new OctomindProxyError(shownProxy(proxy), host, `could not be reached (${code})`);
  return undefined;
}

/** The code of an error or of what it wraps (undici wraps a TLS failure inside a proxy tunnel). */
function codeOf(error: Failure): string | undefined {
  for (let current: Failure | undefined = error; current; current = current.cause as Failure | undefined) {
    if (current.code && current.code !== 'UND_ERR_SOCKET') return current.code;
    if (!(current.cause instanceof Error)) break;
  }
  return error.code;
}
