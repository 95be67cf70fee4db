/**
 * `playwright-octomind doctor`: what a first run needs, checked one by one with ✓ or ✘ and the fix,
 * without starting a run and without printing the key. Settings come from flags and OCTOMIND_*
 * variables, as for `execute`.
 */
import { existsSync } from 'node:fs';
import { placeOf } from '../trigger/target-url.js';
import type { OctomindClient } from '../api/client.js';
import { OctomindAuthError, OctomindConfigError, OctomindNotFoundError } from '../api/errors.js';
import { proxySettings, shownProxy } from '../api/proxy.js';
import { atLeast, formatVersion, installedPlaywright, parseVersion, type Version } from '../compat/playwright-version.js';
import type { OctomindOptions, OctomindSettings } from '../options/options.js';
import { connect } from '../poll/remote-run.js';
import { cleanLine } from '../text/clean.js';
import { plural } from '../text/format.js';
import { cliSettings } from './flags.js';
import { EXIT } from './help.js';

const NODE: Version = [20, 18, 0];
const PLAYWRIGHT: Version = [1, 42, 0];

interface Check {
  ok: boolean;
  label: string;
  fix?: string;
}

export interface DoctorIO {
  out: (line: string) => void;
  env: Record<string, string | undefined>;
  /** Injected by tests; by default the real client for the settings. */
  client?: (settings: OctomindSettings, apiKey: string) => OctomindClient;
}

export async function doctor(options: OctomindOptions, io: DoctorIO): Promise<number> {
  const checks: Check[] = [];
  const report = (check: Check) => {
    checks.push(check);
    const [first, ...more] = check.label.split('\n').map(cleanLine);
    io.out(`${check.ok ? '✓' : '✘'} ${first}`);
    for (const line of more) io.out(`  ${line}`);
    if (!check.ok && check.fix) io.out(`    → ${cleanLine(check.fix)}`);
  };

  const node = parseVersion(process.versions.node);
  report({ ok: atLeast(node, NODE), label: `Node ${process.versions.node}`, fix: `use Node ${formatVersion(NODE)} or newer` });
  report(playwrightCheck());
  localChecks(io.env).forEach(report);

  const apiKey = io.env.OCTOMIND_API_KEY;
  if (!apiKey) {
    report({ ok: false, label: 'OCTOMIND_API_KEY is not set', fix: 'set it to an API key of your Octomind organization (Octomind app → Settings → API keys); in CI, from a secret' });
  } else {
    let settings: OctomindSettings | undefined;
    try {
      settings = cliSettings(options, io.env);
    } catch (err) {
      if (!(err instanceof OctomindConfigError)) throw err;
      report({ ok: false, label: `the settings: ${err.message}`, fix: 'pass the settings as flags (npx playwright-octomind --help) or OCTOMIND_* variables' });
    }
    if (settings) {
      const client = (io.client ?? ((s, key) => connect(s, key, () => {})))(settings, apiKey);
      try {
        for await (const check of apiChecks(client, settings)) report(check);
      } finally {
        await client.close();
      }
    }
  }

  const failed = checks.filter((check) => !check.ok).length;
  io.out(failed ? `${plural(failed, 'check')} failed.` : 'Everything a run needs is in place.');
  return failed ? EXIT.remoteFailed : EXIT.ok;
}

function playwrightCheck(): Check {
  let version: Version;
  try {
    version = installedPlaywright();
  } catch {
    return { ok: false, label: '@playwright/test is not installed here', fix: 'run doctor in your Playwright project, after npm install -D @playwright/test' };
  }
  return { ok: atLeast(version, PLAYWRIGHT), label: `@playwright/test ${formatVersion(version)}`, fix: `use @playwright/test ${formatVersion(PLAYWRIGHT)} or newer` };
}

/** The proxy and CA settings in effect: read, never sent anywhere. */
function localChecks(env: Record<string, string | undefined>): Check[] {
  const proxies = proxySettings(env);
  const shown = [proxies.httpsProxy && `HTTPS_PROXY ${shownProxy(proxies.httpsProxy)}`, proxies.httpProxy && `HTTP_PROXY ${shownProxy(proxies.httpProxy)}`].filter(Boolean);
  const checks: Check[] = [
    { ok: true, label: shown.length ? `proxy: ${shown.join(', ')}${proxies.noProxy ? `; NO_PROXY ${proxies.noProxy}` : ''}` : 'proxy: none, requests go direct' },
  ];
  const ca = env.NODE_EXTRA_CA_CERTS;
  if (ca) checks.push({ ok: existsSync(ca), label: `NODE_EXTRA_CA_CERTS ${ca}${existsSync(ca) ? '' : ' does not exist'}`, fix: 'point it at the PEM file of your proxy\'s or company\'s CA' });
  return checks;
}

async function* apiChecks(client: OctomindClient, settings: OctomindSettings): AsyncGenerator<Check> {
  const testTargetId = settings.testTargetId!;
  try {
    const testCases = await client.testCases.list(testTargetId);
    yield { ok: true, label: `the API key is accepted by ${client.apiUrl}` };
    yield { ok: true, label: `test target ${testTargetId}: ${plural(testCases.length, 'test case')}` };
  } catch (err) {
    if (err instanceof OctomindAuthError) {
      yield { ok: false, label: `${client.apiUrl} rejected the API key (HTTP ${err.status})`, fix: 'use a current API key of the organization that owns the test target (Octomind app → Settings → API keys)' };
    } else if (err instanceof OctomindNotFoundError) {
      yield { ok: false, label: `Octomind has no test target ${testTargetId}`, fix: 'copy the test target id from the Octomind app into testTargetId / OCTOMIND_TEST_TARGET_ID' };
    } else {
      yield { ok: false, label: `the API did not answer: ${(err as Error).message}` };
    }
    return;
  }

  try {
    const names = await client.environments.names(testTargetId);
    yield names.includes(settings.environmentName)
      ? { ok: true, label: `environment "${settings.environmentName}"` }
      : { ok: false, label: `Octomind has no environment "${settings.environmentName}" for this test target (it has: ${names.join(', ') || 'none'})`, fix: 'set environmentName / OCTOMIND_ENVIRONMENT to one of them' };
  } catch (err) {
    yield { ok: false, label: `the environments could not be read: ${(err as Error).message}` };
  }

  if (settings.url) yield await urlCheck(client, settings.url, settings.privateLocation);
  yield await storageCheck(client, testTargetId);
}

async function urlCheck(client: OctomindClient, url: string, privateLocation: boolean): Promise<Check> {
  if (placeOf(url).place === 'this-machine' && !privateLocation) {
    return {
      ok: false,
      label: `the URL ${url} is this machine: Octomind runs in its cloud and cannot reach it`,
      fix: "set url / OCTOMIND_URL to a deployment Octomind can reach, such as the pull request's preview URL; or --private-location true if an Octomind private location reaches this machine",
    };
  }
  try {
    return { ok: true, label: `the URL ${url} answers from here (HTTP ${await client.reach(url)})` };
  } catch (err) {
    return { ok: false, label: `the URL ${url} does not answer from here: ${(err as Error).message}`, fix: 'check the URL; Octomind must be able to reach it from the internet' };
  }
}

/** The storage host of the newest report's traces: a trace download needs it reachable without the key. */
async function storageCheck(client: OctomindClient, testTargetId: string): Promise<Check> {
  let traceUrl: string | undefined;
  try {
    traceUrl = (await client.testReports.latest(testTargetId)).flatMap((report) => report.testResults ?? []).find((result) => result.traceUrl)?.traceUrl ?? undefined;
  } catch (err) {
    return { ok: false, label: `the test reports could not be read: ${(err as Error).message}` };
  }
  if (!traceUrl) return { ok: true, label: 'trace storage: no trace in the latest reports to try' };
  const host = URL.canParse(traceUrl) ? new URL(traceUrl).host : traceUrl;
  try {
    return { ok: true, label: `trace storage ${host} answers from here (HTTP ${await client.reach(traceUrl)})` };
  } catch (err) {
    return { ok: false, label: `trace storage ${host} cannot be reached from here: ${(err as Error).message}`, fix: `allow ${host} through your firewall or proxy: every remote trace is downloaded from it` };
  }
}
