/**
 * A remote result → how its proxy test ends: every status, the timeout and failure kinds, and the
 * annotations. A missing trace is explained, never turned into a failure.
 */
import { describe, expect, it } from 'vitest';
import type { RemoteResult } from '../../src/state/result.js';
import { outcomeOf, remoteError, type Outcome } from '../../src/proxy/outcome.js';
import { FAILED_CLICK_MESSAGE } from '../../fixtures/fake-octomind/scenario.js';

const REPORT_URL = 'https://app.octomind.dev/testreports/826c15af-644b-4b28-89b4-f50ff34e46b7';
const TRACE = { path: '/tmp/state/traces/r1.zip' };

const result = (overrides: Partial<RemoteResult>): RemoteResult => ({ kind: 'final', status: 'PASSED', errorMessage: null, trace: TRACE, ...overrides });
const annotation = (outcome: Outcome, type: string) => outcome.annotations.filter((a) => a.type === type).map((a) => a.description);

describe('outcomeOf', () => {
  it('PASSED passes, without an error', () => {
    const outcome = outcomeOf(result({ status: 'PASSED' }), REPORT_URL);
    expect(outcome.passed).toBe(true);
    expect(outcome.error).toBeUndefined();
    expect(annotation(outcome, 'octomind.status')).toEqual(['PASSED']);
    expect(annotation(outcome, 'octomind.trace')).toEqual([]);
  });

  it('where Octomind ran it (v3): octomind.browser and octomind.breakpoint, whatever the status', () => {
    for (const status of ['PASSED', 'FAILED', 'ERROR']) {
      const outcome = outcomeOf(result({ status, browser: 'FIREFOX', breakpoint: 'MOBILE' }), REPORT_URL);
      expect(annotation(outcome, 'octomind.browser')).toEqual(['FIREFOX']);
      expect(annotation(outcome, 'octomind.breakpoint')).toEqual(['MOBILE']);
    }
  });

  it('a v2 result says neither, so neither annotation is shown', () => {
    const outcome = outcomeOf(result({}), REPORT_URL);
    expect(annotation(outcome, 'octomind.browser')).toEqual([]);
    expect(annotation(outcome, 'octomind.breakpoint')).toEqual([]);
  });

  it('FAILED fails with the remote errorMessage verbatim, newlines included, and no error name', () => {
    const outcome = outcomeOf(result({ status: 'FAILED', errorMessage: FAILED_CLICK_MESSAGE }), REPORT_URL);
    expect(FAILED_CLICK_MESSAGE).toContain('\n');
    expect(outcome.passed).toBe(false);
    expect(outcome.error).toEqual({ name: '', message: FAILED_CLICK_MESSAGE });
    expect(annotation(outcome, 'octomind.status')).toEqual(['FAILED']);
  });

  it('FAILED keeps leading and trailing whitespace and blank lines exactly', () => {
    const message = '  Error: expect(locator).toBeVisible() failed\n\n  Locator: getByText("Thanks")\n';
    expect(outcomeOf(result({ status: 'FAILED', errorMessage: message }), REPORT_URL).error?.message).toBe(message);
  });

  it.each([null, undefined, ''])('FAILED without a message (%j) says so and points at the report', (errorMessage) => {
    const outcome = outcomeOf(result({ status: 'FAILED', ...(errorMessage !== undefined && { errorMessage }) }), REPORT_URL);
    expect(outcome.passed).toBe(false);
    expect(outcome.error?.name).toBe('');
    expect(outcome.error?.message).toBe(`Octomind reported FAILED without an error message.\nOctomind report: ${REPORT_URL}`);
  });

  it('FAILED without a message and without a report URL still explains itself', () => {
    expect(outcomeOf(result({ status: 'FAILED' }), undefined).error?.message).toBe('Octomind reported FAILED without an error message.');
  });

  it('ERROR fails as an OctomindError with the remote message and status annotation ERROR', () => {
    const outcome = outcomeOf(result({ status: 'ERROR', errorMessage: 'browser pool exhausted', trace: { missing: 'Octomind recorded no trace for this ERROR result.' } }), REPORT_URL);
    expect(outcome.passed).toBe(false);
    expect(outcome.error).toEqual({ name: 'OctomindError', message: 'browser pool exhausted' });
    expect(annotation(outcome, 'octomind.status')).toEqual(['ERROR']);
    expect(annotation(outcome, 'octomind.trace')).toEqual(['Octomind recorded no trace for this ERROR result.']);
  });

  it('ERROR without a message says Octomind could not run it, with the report URL', () => {
    const outcome = outcomeOf(result({ status: 'ERROR' }), REPORT_URL);
    expect(outcome.error).toEqual({ name: 'OctomindError', message: `Octomind could not run this test.\nOctomind report: ${REPORT_URL}` });
  });

  it('an unknown status fails as an OctomindError that names it and says to update', () => {
    const outcome = outcomeOf(result({ status: 'SKIPPED', errorMessage: 'ignored' }), REPORT_URL);
    expect(outcome.passed).toBe(false);
    expect(outcome.error?.name).toBe('OctomindError');
    expect(outcome.error?.message).toMatch(/status "SKIPPED".*does not know\. Update playwright-octomind\./);
    expect(outcome.error?.message).toContain(REPORT_URL);
    expect(annotation(outcome, 'octomind.status')).toEqual(['SKIPPED']);
  });

  it('a final WAITING status (should not happen) is not a pass', () => {
    expect(outcomeOf(result({ status: 'WAITING' }), REPORT_URL).passed).toBe(false);
  });

  it('timeout: fails with its message, status annotation "WAITING (timed out)"', () => {
    const message = `Octomind did not finish this test within timeoutMs (2 h). It may still be running: ${REPORT_URL}`;
    const outcome = outcomeOf({ kind: 'timeout', status: 'WAITING', errorMessage: message, trace: { missing: 'The remote test had not finished.' } }, REPORT_URL);
    expect(outcome.passed).toBe(false);
    expect(outcome.error).toEqual({ name: '', message });
    expect(annotation(outcome, 'octomind.status')).toEqual(['WAITING (timed out)']);
    expect(annotation(outcome, 'octomind.trace')).toEqual(['The remote test had not finished.']);
  });

  it('failure (polling gave up): fails with its message and status UNKNOWN', () => {
    const message = 'Polling the Octomind report failed, so this result is unknown: HTTP 401';
    const outcome = outcomeOf({ kind: 'failure', status: 'UNKNOWN', errorMessage: message, trace: { missing: 'The result could not be read.' } }, REPORT_URL);
    expect(outcome.passed).toBe(false);
    expect(outcome.error).toEqual({ name: '', message });
    expect(annotation(outcome, 'octomind.status')).toEqual(['UNKNOWN']);
  });

  it('a timeout or failure without a message still fails and points at the report', () => {
    const outcome = outcomeOf({ kind: 'failure', status: 'UNKNOWN', errorMessage: null, trace: { missing: 'x' } }, REPORT_URL);
    expect(outcome.passed).toBe(false);
    expect(outcome.error?.message).toBe(`No result.\nOctomind report: ${REPORT_URL}`);
  });

  it('a missing trace never changes the status: PASSED still passes, with the reason annotated', () => {
    const reason = 'The remote trace could not be downloaded: HTTP 404: the trace no longer exists (Octomind keeps traces for 60 days).';
    const passed = outcomeOf(result({ status: 'PASSED', trace: { missing: reason } }), REPORT_URL);
    expect(passed.passed).toBe(true);
    expect(passed.error).toBeUndefined();
    expect(annotation(passed, 'octomind.trace')).toEqual([reason]);
    expect(annotation(passed, 'octomind.status')).toEqual(['PASSED']);

    const failed = outcomeOf(result({ status: 'FAILED', errorMessage: 'boom', trace: { missing: reason } }), REPORT_URL);
    expect(failed.error).toEqual({ name: '', message: 'boom' });
    expect(annotation(failed, 'octomind.trace')).toEqual([reason]);
  });

  it('annotates the remote duration, rounded, when known', () => {
    expect(annotation(outcomeOf(result({ durationMs: 1234.4 }), REPORT_URL), 'octomind.duration')).toEqual(['1.2 s']);
    expect(annotation(outcomeOf(result({ durationMs: 450.6 }), REPORT_URL), 'octomind.duration')).toEqual(['451 ms']);
    expect(annotation(outcomeOf(result({ durationMs: 120_000 }), REPORT_URL), 'octomind.duration')).toEqual(['2 min']);
    expect(annotation(outcomeOf(result({ durationMs: 0 }), REPORT_URL), 'octomind.duration')).toEqual(['0 ms']);
    expect(annotation(outcomeOf(result({}), REPORT_URL), 'octomind.duration')).toEqual([]);
  });

  it('orders annotations status, duration, trace', () => {
    const outcome = outcomeOf(result({ status: 'ERROR', durationMs: 2000, trace: { missing: 'none' } }), REPORT_URL);
    expect(outcome.annotations.map((a) => a.type)).toEqual(['octomind.status', 'octomind.duration', 'octomind.trace']);
  });
});

describe('remoteError', () => {
  it('has the given name and message and an empty stack (no local frames)', () => {
    const error = remoteError({ name: 'OctomindError', message: 'browser pool exhausted' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('OctomindError');
    expect(error.message).toBe('browser pool exhausted');
    expect(error.stack).toBe('');
  });

  it('keeps an empty name and a multi-line message verbatim', () => {
    const error = remoteError({ name: '', message: FAILED_CLICK_MESSAGE });
    expect(error.name).toBe('');
    expect(error.message).toBe(FAILED_CLICK_MESSAGE);
    expect(error.stack).toBe('');
    expect(String(error)).toBe(FAILED_CLICK_MESSAGE);
  });
});
