import { describe, expect, it } from 'vitest';
import { isLoopbackHost, resolveApiBase } from '../../src/api/base-url.js';
import { OctomindConfigError } from '../../src/api/errors.js';

describe('resolveApiBase', () => {
  it.each([
    ['https://app.octomind.dev/api', 'https://app.octomind.dev/api'],
    ['https://app.octomind.dev/api/', 'https://app.octomind.dev/api'],
    ['https://app.octomind.dev', 'https://app.octomind.dev/api'],
    ['https://app.octomind.dev/', 'https://app.octomind.dev/api'],
    ['https://proxy.example.com/octomind', 'https://proxy.example.com/octomind/api'],
    ['http://127.0.0.1:4010/api', 'http://127.0.0.1:4010/api'],
    ['http://localhost:4010', 'http://localhost:4010/api'],
    ['http://[::1]:4010/api', 'http://[::1]:4010/api'],
  ])('%s → %s', (input, apiUrl) => {
    expect(resolveApiBase(input).apiUrl).toBe(apiUrl);
  });

  it('derives the app origin for report links', () => {
    expect(resolveApiBase('https://app.octomind.dev/api').appOrigin).toBe('https://app.octomind.dev');
  });

  it.each([
    ['http://app.octomind.dev/api', /must use https.*https:\/\/app\.octomind\.dev\/api/],
    ['http://10.0.0.5/api', /must use https/],
    ['ftp://app.octomind.dev', /must be an https URL/],
    ['not a url', /is not a URL/],
    ['https://user:pw@app.octomind.dev/api', /credentials/],
  ])('refuses %s and names the option', (input, message) => {
    const error = (() => {
      try {
        resolveApiBase(input);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(OctomindConfigError);
    expect((error as OctomindConfigError).code).toBe('OCTOMIND_CONFIG');
    expect((error as Error).message).toMatch(/OCTOMIND_API_URL/);
    expect((error as Error).message).toMatch(message);
  });

  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1', '128.0.0.1', 'localhost.evil.com', '127.0.0.1.nip.io'].some(isLoopbackHost)).toBe(false);
  });
});
