/**
 * Whether Octomind's cloud can reach the URL it is asked to test. `url` defaults to the config's
 * `use.baseURL`, which in most suites is an app on localhost started by `webServer`: Octomind would
 * test its own machine there and fail every test in the cloud without saying why. Such a URL is not
 * sent. A private address or a name public DNS does not resolve may be reachable (a VPN, a private
 * location), so it is sent with one line saying why it may fail. `privateLocation` says the
 * environment reaches this network through an Octomind private location: then every URL is sent.
 */
import { BlockList, isIP } from 'node:net';
import type { OctomindSettings } from '../options/options.js';
import type { Sentinel } from '../state/manifest.js';

/** Every loopback and unspecified address: on Octomind's side, its own machine. */
const THIS_MACHINE = new BlockList();
THIS_MACHINE.addSubnet('127.0.0.0', 8, 'ipv4');
THIS_MACHINE.addAddress('0.0.0.0', 'ipv4');
THIS_MACHINE.addAddress('::1', 'ipv6');
THIS_MACHINE.addAddress('::', 'ipv6');
THIS_MACHINE.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

/** RFC 1918, shared (carrier-grade NAT), link-local and unique-local ranges. */
const PRIVATE = new BlockList();
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');

/** Names reserved for local networks: public DNS never resolves them. */
const LOCAL_SUFFIXES = ['.local', '.internal', '.home.arpa', '.lan'];

export type UrlPlace = { place: 'this-machine' } | { place: 'private'; why: string } | { place: 'public' };

export function placeOf(url: string): UrlPlace {
  const host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  const family = isIP(host);
  if (family) {
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (THIS_MACHINE.check(host, type)) return { place: 'this-machine' };
    if (PRIVATE.check(host, type)) return { place: 'private', why: 'a private network address' };
    return { place: 'public' };
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return { place: 'this-machine' };
  if (!host.includes('.')) return { place: 'private', why: 'a name without a domain, which public DNS does not resolve' };
  const suffix = LOCAL_SUFFIXES.find((end) => host.endsWith(end));
  if (suffix) return { place: 'private', why: `a ${suffix} name, which public DNS does not resolve` };
  return { place: 'public' };
}

type UrlSettings = Pick<OctomindSettings, 'url' | 'testReportId' | 'privateLocation'>;

/** Where the URL a new run would send points; undefined when none is sent (attaching) or privateLocation vouches for it. */
function placeToSend(settings: UrlSettings): UrlPlace | undefined {
  if (!settings.url || settings.testReportId || settings.privateLocation) return undefined;
  return placeOf(settings.url);
}

const FIXES =
  "Set url (OCTOMIND_URL) to a deployment Octomind can reach, such as the pull request's preview URL; " +
  'or, if your Octomind environment reaches this machine through an Octomind private location, set privateLocation: true (OCTOMIND_PRIVATE_LOCATION=true).';

/**
 * The one test that stands for the remote run when its URL is this machine: skipped locally,
 * failed in CI, as for a missing key. Undefined when the URL may be sent.
 */
export function unreachableUrl(settings: UrlSettings, inCI: boolean): Sentinel | undefined {
  if (placeToSend(settings)?.place !== 'this-machine') return undefined;
  return {
    title: `Octomind: ${settings.url} is not reachable from Octomind's cloud`,
    outcome: inCI ? 'fail' : 'skip',
    message:
      `The URL to test, ${settings.url} (url, which defaults to use.baseURL), is this machine. Octomind runs its tests in its cloud, ` +
      `where that address is Octomind's own machine, so no remote run was started. ${FIXES}`,
  };
}

/** The line said before sending a URL that Octomind's cloud may not reach; undefined for a public one. */
export function privateUrlWarning(settings: UrlSettings): string | undefined {
  const place = placeToSend(settings);
  if (place?.place !== 'private') return undefined;
  return `${settings.url} is ${place.why}: Octomind's cloud reaches it only through an Octomind private location (then set privateLocation: true) or a public route. Sent as it is.`;
}
