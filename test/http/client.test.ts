/**
 * The real client against the fake Octomind over loopback, every endpoint in both API versions.
 * Faults have their own file; this one is the happy path and the typed answers to 4xx.
 */
import { describe, expect, it } from 'vitest';
import {
  OctomindAuthError,
  OctomindBadRequestError,
  OctomindConfigError,
  OctomindNotFoundError,
} from '../../src/api/errors.js';
import { testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { clientFor, manualContext, useFakeOctomind } from '../helpers/fake.js';

const TT = '3435918b-3d29-4ebd-8c68-9a540532f45a';
const quick: Scenario = {
  testTargets: [
    {
      id: TT,
      testCases: [
        testCase('log in', { status: 'PASSED', afterMs: 50, trace: 'passed' }, { tags: ['smoke'] }),
        testCase('check out', { status: 'FAILED', afterMs: 150, errorMessage: 'TimeoutError: locator.click\nCall log:\n  - waiting', trace: 'failed' }),
        testCase(null, { status: 'ERROR', afterMs: 100, errorMessage: 'browser pool exhausted' }, { tags: ['smoke'] }),
      ],
    },
  ],
};

describe.each(['v2', 'v3'] as const)('API %s', (apiVersion) => {
  const ctx = useFakeOctomind();

  async function run(tags?: string[]) {
    ctx.fake.setScenario(quick);
    const { client, warnings } = clientFor(ctx.fake, { apiVersion });
    const response = await client.executions.execute({ testTargetId: TT, url: 'https://staging.example.com', context: manualContext, ...(tags && { tags }) });
    return { client, response, warnings };
  }

  it('executes: a WAITING report with one WAITING result per test case', async () => {
    const { client, response } = await run();
    expect(response.testReportUrl).toBe(`${ctx.fake.apiUrl.replace(/\/api$/, '')}/testreports/${response.testReport.id}`);
    expect(response.testReport.status).toBe('WAITING');
    expect(response.testReport.testResults?.map((r) => r.status)).toEqual(['WAITING', 'WAITING', 'WAITING']);
    expect(ctx.fake.log).toMatchObject([{ listener: 'api', method: 'POST', path: `/api/apiKey/${apiVersion}/execute`, apiKeyHeader: true, status: 200 }]);
    await client.close();
  });

  it('sends tags and gets only the tagged test cases', async () => {
    const { client, response } = await run(['smoke']);
    expect(response.testReport.testResults).toHaveLength(2);
    await client.close();
  });

  it('polls the report from WAITING to the final status of every result', async () => {
    const { client, response } = await run();
    const id = response.testReport.id;
    let report = await client.testReports.get(TT, id);
    while (report.status === 'WAITING') {
      ctx.clock.advance(40);
      report = await client.testReports.get(TT, id);
    }
    expect(report.status).toBe('FAILED');
    const byStatus = Object.fromEntries((report.testResults ?? []).map((r) => [r.status, r]));
    expect(Object.keys(byStatus).sort()).toEqual(['ERROR', 'FAILED', 'PASSED']);
    expect(byStatus.PASSED?.traceUrl).toMatch(new RegExp(`^${ctx.fake.traceOrigin}/`));
    expect(byStatus.PASSED?.errorMessage).toBeNull();
    expect(byStatus.FAILED?.errorMessage).toBe('TimeoutError: locator.click\nCall log:\n  - waiting');
    expect(byStatus.ERROR?.traceUrl).toBeNull();
    const idField = apiVersion === 'v2' ? 'testCaseId' : 'testCaseVersionId';
    expect(report.testResults?.every((r) => typeof r[idField] === 'string')).toBe(true);
    await client.close();
  });

  it('gets one test case by id with its description and tags', async () => {
    const { client } = await run();
    const wanted = quick.testTargets[0]!.testCases[0]!;
    const found = await client.testCases.get(TT, wanted.id);
    expect(found).toMatchObject({ id: wanted.id, description: 'log in', tags: ['smoke'] });
    expect(ctx.fake.log.at(-1)?.path).toBe(`/api/apiKey/${apiVersion}/test-targets/${TT}/test-cases/${wanted.id}`);
    await client.close();
  });

  it('says which report is unknown', async () => {
    const { client } = await run();
    const missing = '00000000-0000-4000-8000-000000000000';
    const error = await client.testReports.get(TT, missing).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindNotFoundError);
    expect(error).toMatchObject({ code: 'OCTOMIND_NOT_FOUND', status: 404, id: missing });
    expect((error as Error).message).toMatch(/no test report 00000000-.*OCTOMIND_TEST_REPORT_ID/);
    await client.close();
  });

  it('says which test target is unknown on execute', async () => {
    const { client } = await run();
    const unknown = '11111111-1111-4111-8111-111111111111';
    const error = await client.executions.execute({ testTargetId: unknown, url: 'https://x.example.com', context: manualContext }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindNotFoundError);
    expect((error as Error).message).toMatch(/no test target 11111111-.*OCTOMIND_TEST_TARGET_ID/);
    await client.close();
  });

  it('says which test case is unknown', async () => {
    const { client } = await run();
    const error = await client.testCases.get(TT, '22222222-2222-4222-8222-222222222222').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindNotFoundError);
    expect((error as Error).message).toMatch(/no test case 22222222-/);
    await client.close();
  });

  it('turns a bad key into an auth error that points at OCTOMIND_API_KEY', async () => {
    ctx.fake.setScenario(quick);
    const { client } = clientFor(ctx.fake, { apiVersion, apiKey: 'wrong-key' });
    const error = await client.executions.execute({ testTargetId: TT, url: 'https://x.example.com', context: manualContext }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindAuthError);
    expect(error).toMatchObject({ code: 'OCTOMIND_AUTH', status: 401 });
    expect((error as Error).message).toMatch(/HTTP 401.*Check OCTOMIND_API_KEY/);
    expect(ctx.fake.log).toHaveLength(1);
    await client.close();
  });

  it("shows the server's zod issues readably on 400", async () => {
    const { client } = await run();
    const error = await client.testReports.get(TT, 'not-a-uuid').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindBadRequestError);
    expect((error as OctomindBadRequestError).issues).toEqual([{ path: 'testReportId', message: 'Invalid UUID' }]);
    expect((error as Error).message).toMatch(/HTTP 400\):\n {2}✖ Invalid UUID\n {4}→ at testReportId/);
    await client.close();
  });

  it('reports a status it does not know once, and keeps it', async () => {
    ctx.fake.setScenario({ testTargets: [{ id: TT, testCases: [testCase('new', { status: 'SKIPPED', afterMs: 0 })] }] });
    const { client, warnings } = clientFor(ctx.fake, { apiVersion });
    const { testReport } = await client.executions.execute({ testTargetId: TT, url: 'https://x.example.com', context: manualContext });
    const report = await client.testReports.get(TT, testReport.id);
    expect(report.testResults?.[0]?.status).toBe('SKIPPED');
    await client.testReports.get(TT, testReport.id);
    expect(warnings).toEqual([expect.stringMatching(/unknown test result status "SKIPPED"/)]);
    await client.close();
  });
});

describe('API version specifics', () => {
  const ctx = useFakeOctomind();

  it('v3 lists all test cases of a target in one request', async () => {
    ctx.fake.setScenario(quick);
    const { client } = clientFor(ctx.fake, { apiVersion: 'v3' });
    const all = await client.testCases.list(TT);
    expect(all.map((tc) => tc.description ?? null)).toEqual(['log in', 'check out', null]);
    expect(ctx.fake.log.map((entry) => entry.path)).toEqual([`/api/apiKey/v3/test-targets/${TT}/test-cases`]);
    await client.close();
  });

  it('a v2 client lists through the v3 endpoint, the only one there is', async () => {
    ctx.fake.setScenario(quick);
    const { client } = clientFor(ctx.fake, { apiVersion: 'v2' });
    expect(await client.testCases.list(TT)).toHaveLength(3);
    expect(ctx.fake.log.map((entry) => entry.path)).toEqual([`/api/apiKey/v3/test-targets/${TT}/test-cases`]);
    await client.close();
  });

  it('v3 sends browser, breakpoint and version ids; v2 refuses them before any request', async () => {
    ctx.fake.setScenario(quick);
    const v3 = clientFor(ctx.fake, { apiVersion: 'v3' }).client;
    const { testReport } = await v3.executions.execute({ testTargetId: TT, url: 'https://x.example.com', context: manualContext, browser: 'FIREFOX', breakpoint: 'MOBILE' });
    expect(testReport).toMatchObject({ browser: 'FIREFOX', breakpoint: 'MOBILE' });
    const v2 = clientFor(ctx.fake, { apiVersion: 'v2' }).client;
    const error = await v2.executions.execute({ testTargetId: TT, url: 'https://x.example.com', context: manualContext, browser: 'FIREFOX' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindConfigError);
    expect((error as Error).message).toMatch(/browser needs the v3 API.*OCTOMIND_API_VERSION=v3/);
    expect(ctx.fake.log).toHaveLength(1);
    await Promise.all([v2.close(), v3.close()]);
  });

  it('v3 results may carry only testCaseVersionId, as in the spec', async () => {
    ctx.fake.setScenario({ ...quick, v3ResultsWithoutTestCaseId: true });
    const { client } = clientFor(ctx.fake, { apiVersion: 'v3' });
    const { testReport } = await client.executions.execute({ testTargetId: TT, url: 'https://x.example.com', context: manualContext });
    expect(testReport.testResults?.every((r) => r.testCaseId === undefined && typeof r.testCaseVersionId === 'string')).toBe(true);
    await client.close();
  });

  it('accepts the base URL without /api', async () => {
    ctx.fake.setScenario(quick);
    const { client } = clientFor(ctx.fake, { apiUrl: ctx.fake.apiUrl.replace(/\/api$/, '/') });
    expect(client.apiUrl).toBe(ctx.fake.apiUrl);
    await expect(client.testCases.get(TT, quick.testTargets[0]!.testCases[0]!.id)).resolves.toMatchObject({ description: 'log in' });
    await client.close();
  });

  it('refuses an invalid request before sending it, naming the field', async () => {
    const { client } = clientFor(ctx.fake);
    const error = await client.executions.execute({ testTargetId: TT, url: 'staging.example.com', context: manualContext }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OctomindConfigError);
    expect((error as Error).message).toMatch(/^playwright-octomind: url is invalid/);
    expect(ctx.fake.log).toHaveLength(0);
    await client.close();
  });
});
