/** Which URLs Octomind's cloud cannot reach (src/trigger/target-url.ts), and the option that overrides it. */
import { describe, expect, it } from 'vitest';
import { optionFromText, resolveSettings } from '../../src/options/options.js';
import { placeOf, privateUrlWarning, unreachableUrl } from '../../src/trigger/target-url.js';

describe('placeOf', () => {
  it.each([
    'http://localhost:3000',
    'http://LOCALHOST.:3000/',
    'http://app.localhost:5173',
    'http://127.0.0.1:8080/shop',
    'http://127.1.2.3',
    'http://0.0.0.0:3000',
    'http://[::1]:3000',
    'http://[::]:3000',
    'http://[::ffff:127.0.0.1]:3000',
  ])('%s is this machine', (url) => {
    expect(placeOf(url)).toEqual({ place: 'this-machine' });
  });

  it.each([
    ['http://10.0.0.5', 'a private network address'],
    ['http://172.20.1.1:8080', 'a private network address'],
    ['http://192.168.1.20', 'a private network address'],
    ['http://100.64.0.1', 'a private network address'],
    ['http://169.254.169.254', 'a private network address'],
    ['http://[fd12::1]', 'a private network address'],
    ['http://[fe80::1]', 'a private network address'],
    ['http://web:3000', 'a name without a domain, which public DNS does not resolve'],
    ['http://shop.local', 'a .local name, which public DNS does not resolve'],
    ['https://shop.corp.internal', 'a .internal name, which public DNS does not resolve'],
  ])('%s is private: %s', (url, why) => {
    expect(placeOf(url)).toEqual({ place: 'private', why });
  });

  it.each(['https://preview-42.shop.example.com', 'http://8.8.8.8', 'http://172.32.0.1', 'http://[2001:db8::1]', 'https://localhost.example.com'])('%s is public', (url) => {
    expect(placeOf(url)).toEqual({ place: 'public' });
  });
});

describe('unreachableUrl and privateUrlWarning', () => {
  const settings = (url: string, extra: { testReportId?: string; privateLocation?: boolean } = {}) => ({ url, privateLocation: false, ...extra });

  it('stands for the run with one test: skipped locally, failed in CI', () => {
    expect(unreachableUrl(settings('http://localhost:3000'), false)).toMatchObject({ title: "Octomind: http://localhost:3000 is not reachable from Octomind's cloud", outcome: 'skip' });
    expect(unreachableUrl(settings('http://localhost:3000'), true)).toMatchObject({ outcome: 'fail' });
  });

  it('sends every URL with privateLocation, and any URL when attaching to a run (it sends none)', () => {
    expect(unreachableUrl(settings('http://localhost:3000', { privateLocation: true }), true)).toBeUndefined();
    expect(unreachableUrl(settings('http://localhost:3000', { testReportId: '826c15af-644b-4b28-89b4-f50ff34e46b7' }), true)).toBeUndefined();
    expect(privateUrlWarning(settings('http://10.0.0.5', { privateLocation: true }))).toBeUndefined();
  });

  it('warns once for a private URL and never for a public one or this machine', () => {
    expect(privateUrlWarning(settings('http://web:3000'))).toMatch(/^http:\/\/web:3000 is a name without a domain.*Sent as it is\.$/);
    expect(privateUrlWarning(settings('https://preview-42.shop.example.com'))).toBeUndefined();
    expect(privateUrlWarning(settings('http://localhost:3000'))).toBeUndefined();
  });
});

describe('privateLocation', () => {
  it.each([
    ['true', true],
    ['1', true],
    [' TRUE ', true],
    ['false', false],
    ['0', false],
    ['yes', 'yes'],
  ])('OCTOMIND_PRIVATE_LOCATION=%j reads as %j', (raw, value) => {
    expect(optionFromText('privateLocation', raw)).toBe(value);
  });

  it('defaults to false and names the variable and the fix for a wrong value', () => {
    expect(resolveSettings({}, {}, undefined, false).privateLocation).toBe(false);
    expect(() => resolveSettings({}, { OCTOMIND_PRIVATE_LOCATION: 'yes' }, undefined, false)).toThrow(/OCTOMIND_PRIVATE_LOCATION="yes": must be true or false\n {4}→ fix: use true or false/);
  });
});
