/**
 * The fake Octomind must not drift from Octomind's own OpenAPI specs: every response shape it
 * sends, at every stage of a run, validates against the spec's schema; and what the client sends
 * validates against the spec's request schema.
 */
import { describe, expect, it } from 'vitest';
import { request as httpRequest } from 'undici';
import { executeRequestV2Schema, executeRequestV3Schema } from '../../src/api/schemas.js';
import { testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { OpenApiValidator, errorsOf, sharedSpecPresent } from '../helpers/shared-spec.js';
import { useFakeOctomind } from '../helpers/fake.js';

const TT = '3435918b-3d29-4ebd-8c68-9a540532f45a';
const scenario: Scenario = {
  testTargets: [
    {
      id: TT,
      testCases: [
        testCase('passes', { status: 'PASSED', afterMs: 20, trace: 'passed' }, { tags: ['smoke'] }),
        testCase('fails', { status: 'FAILED', afterMs: 40, errorMessage: 'TimeoutError: locator.click\nCall log:\n  - x', trace: 'failed' }),
        testCase(null, { status: 'ERROR', afterMs: 30, errorMessage: 'internal' }),
      ],
    },
  ],
};

// The v2 spec types a report's context as `manual` only; v3 allows every trigger source.
const contexts = {
  v2: { source: 'manual', description: 'contract test' },
  v3: { source: 'github', issueNumber: 7, ref: 'refs/pull/7/head', sha: 'abc123', repo: 'shop', owner: 'acme', triggeredBy: null, nodeId: null },
} as const;

describe.runIf(sharedSpecPresent)('contract: fake Octomind vs. Octomind OpenAPI', () => {
  const ctx = useFakeOctomind();
  const spec = sharedSpecPresent ? new OpenApiValidator() : undefined;

  async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
    const res = await httpRequest(`${ctx.fake.apiUrl}${path}`, {
      method,
      headers: { 'x-api-key': ctx.fake.apiKey, 'content-type': 'application/json' },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
  }

  describe.each(['v2', 'v3'] as const)('%s', (version) => {
    const requestBody = {
      testTargetId: TT,
      url: 'https://staging.example.com',
      context: contexts[version],
      environmentName: 'default',
      variablesToOverwrite: { SPACE_ID: ['64ee32b4-7365-47a6-b5b0-2903b6ad849d'] },
      tags: [],
      ...(version === 'v3' && { browser: 'CHROMIUM', breakpoint: 'DESKTOP' }),
    };

    it('what the client sends to execute is a valid TestTargetExecutionRequest', () => {
      const parsed = (version === 'v2' ? executeRequestV2Schema : executeRequestV3Schema).parse(requestBody);
      expect(errorsOf(spec!.component(version, 'TestTargetExecutionRequest'), parsed)).toEqual([]);
    });

    it('execute and every poll until final validate against the spec', async () => {
      ctx.fake.setScenario(scenario);
      const executed = await call('POST', `/apiKey/${version}/execute`, requestBody);
      expect(executed.status).toBe(200);
      expect(errorsOf(spec!.response(version, `/apiKey/${version}/execute`, 'post'), executed.json)).toEqual([]);
      const reportId = (executed.json.testReport as { id: string }).id;
      const seen = new Set<string>();
      // The fake's clock stands still between polls: the first poll sees every result WAITING, then each step of 10 ms finishes the next one.
      for (;;) {
        const polled = await call('GET', `/apiKey/${version}/test-targets/${TT}/test-reports/${reportId}`);
        expect(errorsOf(spec!.component(version, 'TestReport'), polled.json)).toEqual([]);
        for (const result of polled.json.testResults as Array<{ status: string }>) seen.add(result.status);
        if (polled.json.status !== 'WAITING') break;
        ctx.clock.advance(10);
      }
      expect([...seen].sort()).toEqual(['ERROR', 'FAILED', 'PASSED', 'WAITING']);
    });

    it('a test case by id validates against the spec', async () => {
      ctx.fake.setScenario(scenario);
      for (const tc of scenario.testTargets[0]!.testCases) {
        const route = `/apiKey/${version}/test-targets/{testTargetId}/test-cases/{testCaseId}`;
        const got = await call('GET', `/apiKey/${version}/test-targets/${TT}/test-cases/${tc.id}`);
        expect(got.status).toBe(200);
        expect(errorsOf(spec!.response(version, route), got.json)).toEqual([]);
      }
    });

    it('a 400 carries ZodResponse issues', async () => {
      const bad = await call('POST', `/apiKey/${version}/execute`, { ...requestBody, url: 'not a url', tags: 'smoke' });
      expect(bad.status).toBe(400);
      expect(errorsOf(spec!.component(version, 'ZodResponse'), bad.json)).toEqual([]);
      expect((bad.json as unknown as unknown[]).length).toBe(2);
    });
  });

  it('v3 lists test cases as TestCasesResponse', async () => {
    ctx.fake.setScenario(scenario);
    const got = await call('GET', `/apiKey/v3/test-targets/${TT}/test-cases`);
    expect(errorsOf(spec!.response('v3', '/apiKey/v3/test-targets/{testTargetId}/test-cases'), got.json)).toEqual([]);
    expect(got.json).toHaveLength(3);
  });

  it('the validator is not a rubber stamp: a wrong shape fails', () => {
    expect(errorsOf(spec!.component('v3', 'TestReport'), { id: 'x', status: 'DONE' }).length).toBeGreaterThan(0);
    expect(errorsOf(spec!.component('v2', 'TestResult'), { status: 'SKIPPED' }).length).toBeGreaterThan(0);
  });
});
