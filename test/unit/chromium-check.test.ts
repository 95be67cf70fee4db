/**
 * The Chromium check's decisions, with the machine passed in: which executables exist, whether
 * each installer works, CI or not. Each case also checks which installers were (not) run.
 */
import { describe, expect, test } from 'vitest';
import { checkChromium, type ChromiumWorld } from '../../fixtures/chromium.js';

const PW = '/home/dev/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';
const SYS = '/usr/bin/chromium';

interface Machine {
  installed?: string[];
  /** What each installer puts on disk (none: it fails with this reason). */
  playwrightInstaller?: 'works' | string;
  apt?: 'works' | string;
  aptAllowed?: boolean;
  ci?: boolean;
}

function world(machine: Machine): ChromiumWorld & { ran: string[] } {
  const files = new Set(machine.installed ?? []);
  const ran: string[] = [];
  const install = (name: string, outcome: string | undefined, file: string) => () => {
    ran.push(name);
    if (outcome !== 'works') return { ok: false as const, reason: outcome ?? 'not reachable' };
    files.add(file);
    return { ok: true as const };
  };
  return {
    ran,
    playwrightChromium: PW,
    systemChromium: SYS,
    exists: (file) => files.has(file),
    installPlaywrightChromium: install('playwright', machine.playwrightInstaller, PW),
    ci: machine.ci ?? false,
    canInstallSystemPackage: () => machine.aptAllowed ?? false,
    installSystemChromium: install('apt-get', machine.apt, SYS),
  };
}

describe('a Chromium that is already there is used, and nothing is installed', () => {
  test("Playwright's own is preferred over the system's", () => {
    const machine = world({ installed: [PW, SYS], ci: true, aptAllowed: true, apt: 'works', playwrightInstaller: 'works' });
    expect(checkChromium(machine)).toEqual({ ok: true, executable: PW });
    expect(machine.ran).toEqual([]);
  });

  test("the system's when Playwright's is missing", () => {
    const machine = world({ installed: [SYS], playwrightInstaller: 'works' });
    expect(checkChromium(machine)).toEqual({ ok: true, executable: SYS });
    expect(machine.ran).toEqual([]);
  });
});

describe('none installed', () => {
  test("Playwright's installer comes first; apt-get is not run even in CI", () => {
    const machine = world({ playwrightInstaller: 'works', ci: true, aptAllowed: true, apt: 'works' });
    const result = checkChromium(machine);
    expect(result).toMatchObject({ ok: true, executable: PW, note: expect.stringContaining('npx playwright install chromium') });
    expect(machine.ran).toEqual(['playwright']);
  });

  test('the installer cannot download, not CI: one line naming the apt-get command and why', () => {
    const machine = world({ playwrightInstaller: 'Error: getaddrinfo ENOTFOUND cdn.playwright.dev', aptAllowed: true, apt: 'works' });
    const result = checkChromium(machine);
    expect(result).toEqual({
      ok: false,
      message: 'No Chromium: "npx playwright install chromium" failed (Error: getaddrinfo ENOTFOUND cdn.playwright.dev); run "sudo apt-get install chromium" (Debian/Ubuntu), then try again.',
    });
    expect(machine.ran).toEqual(['playwright']);
  });

  test('an installer that says it worked but left no Chromium counts as failed', () => {
    const machine = world({ playwrightInstaller: 'works' });
    machine.installPlaywrightChromium = () => ({ ok: true });
    const result = checkChromium(machine);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('failed (it installed no Chromium); run "sudo apt-get install chromium"');
  });

  test('in CI with apt-get allowed, Debian chromium is installed', () => {
    const machine = world({ playwrightInstaller: 'offline', ci: true, aptAllowed: true, apt: 'works' });
    const result = checkChromium(machine);
    expect(result).toMatchObject({ ok: true, executable: SYS, note: expect.stringContaining('apt-get') });
    expect(machine.ran).toEqual(['playwright', 'apt-get']);
  });

  test('in CI without root or passwordless sudo, apt-get is not tried: the one line', () => {
    const machine = world({ playwrightInstaller: 'offline', ci: true, aptAllowed: false, apt: 'works' });
    const result = checkChromium(machine);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('run "sudo apt-get install chromium"') });
    expect(machine.ran).toEqual(['playwright']);
  });

  test('in CI when apt-get fails: the one line gives both reasons', () => {
    const machine = world({ playwrightInstaller: 'offline', ci: true, aptAllowed: true, apt: 'E: Unable to locate package chromium' });
    const result = checkChromium(machine);
    expect(result).toEqual({
      ok: false,
      message: 'No Chromium: "npx playwright install chromium" failed (offline) and apt-get could not install it (E: Unable to locate package chromium); run "sudo apt-get install chromium".',
    });
    expect(machine.ran).toEqual(['playwright', 'apt-get']);
  });

  test('every failure is one line', () => {
    for (const machine of [world({ playwrightInstaller: 'a\nb' }), world({ ci: true, aptAllowed: true, apt: 'x' })]) {
      const result = checkChromium(machine);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).not.toContain('\n');
    }
  });
});
