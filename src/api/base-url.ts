import { OctomindConfigError } from './errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

export interface ApiBase {
  /** e.g. `https://app.octomind.dev/api`, never with a trailing slash. */
  apiUrl: string;
  /** e.g. `https://app.octomind.dev`: where Octomind's web app shows reports. */
  appOrigin: string;
}

/**
 * Accepts the base with or without the trailing `/api`. Plain http is refused except on loopback,
 * because the API key travels in a header and must not cross a network in clear text.
 */
export function resolveApiBase(input: string, option = 'apiUrl (OCTOMIND_API_URL)'): ApiBase {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new OctomindConfigError(option, `is not a URL: "${input}". Use e.g. https://app.octomind.dev/api.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new OctomindConfigError(option, `must be an https URL, got "${url.protocol}". Use e.g. https://app.octomind.dev/api.`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new OctomindConfigError(
      option,
      `must use https: the API key would cross the network in clear text to ${url.host}. Use https://${url.host}${url.pathname}.`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new OctomindConfigError(option, 'must not contain credentials, a query or a fragment. Use e.g. https://app.octomind.dev/api.');
  }
  const path = url.pathname.replace(/\/+$/, '');
  const apiPath = path.endsWith('/api') ? path : `${path}/api`;
  return { apiUrl: `${url.origin}${apiPath}`, appOrigin: url.origin };
}
