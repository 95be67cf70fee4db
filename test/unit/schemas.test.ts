import { describe, expect, it } from 'vitest';
import {
  executeRequestV2Schema,
  executeRequestV3Schema,
  executeResponseSchema,
  testCaseSchema,
  testReportSchema,
} from '../../src/api/schemas.js';
import { UnknownValueReporter } from '../../src/api/unknown-values.js';

const TT = '2e2bb27b-a19c-47ce-a9b6-cd1bd31622dc';

describe('response schemas are as lenient as the spec', () => {
  it('accepts a report without testResults and without any optional field', () => {
    expect(testReportSchema.parse({}).testResults).toBeUndefined();
    expect(testReportSchema.parse({ id: 'r', testResults: null }).testResults).toBeNull();
  });

  it('accepts results with no field at all, null error and trace, and keeps unknown fields', () => {
    const report = testReportSchema.parse({
      id: 'r',
      status: 'WAITING',
      futureField: { nested: true },
      testResults: [{}, { id: 'a', errorMessage: null, traceUrl: null, alsoNew: 1 }],
    });
    expect(report.testResults).toHaveLength(2);
    expect(report).toHaveProperty('futureField', { nested: true });
    expect(report.testResults?.[1]).toHaveProperty('alsoNew', 1);
  });

  it('keeps a status it does not know instead of failing', () => {
    const report = testReportSchema.parse({ status: 'CANCELLED', testResults: [{ status: 'SKIPPED' }] });
    expect(report.status).toBe('CANCELLED');
    expect(report.testResults?.[0]?.status).toBe('SKIPPED');
  });

  it('reads v3 results that carry testCaseVersionId instead of testCaseId', () => {
    const result = testReportSchema.parse({ testResults: [{ testCaseVersionId: 'v1' }] }).testResults?.[0];
    expect(result?.testCaseVersionId).toBe('v1');
    expect(result?.testCaseId).toBeUndefined();
  });

  it('requires the report id in an execute response, naming the field', () => {
    const parsed = executeResponseSchema.safeParse({ testReportUrl: 'https://x', testReport: { status: 'WAITING' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['testReport', 'id']);
  });

  it('reads test cases with or without description', () => {
    expect(testCaseSchema.parse({ id: 'x' }).description).toBeUndefined();
    expect(testCaseSchema.parse({ id: 'x', description: 'log in', tags: ['a'], elements: [] }).description).toBe('log in');
  });
});

describe('request schemas are strict: they are ours', () => {
  const base = { testTargetId: TT, url: 'https://staging.example.com', context: { source: 'manual' } };

  it('accepts the documented shapes', () => {
    expect(executeRequestV2Schema.safeParse(base).success).toBe(true);
    expect(executeRequestV3Schema.safeParse({ ...base, browser: 'FIREFOX', breakpoint: 'MOBILE', testCaseVersionIds: [TT] }).success).toBe(true);
  });

  it.each([
    [{ ...base, testTargetId: 'nope' }, 'testTargetId'],
    [{ ...base, url: 'staging.example.com' }, 'url'],
    [{ ...base, url: 'javascript:alert(1)' }, 'url'],
    [{ ...base, context: { source: 'github' } }, 'context'],
    [{ ...base, tags: 'smoke' }, 'tags'],
    [{ ...base, variablesToOverwrite: { A: 'b' } }, 'variablesToOverwrite'],
  ])('rejects %j at %s', (request, field) => {
    const parsed = executeRequestV2Schema.safeParse(request);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path[0]).toBe(field);
  });
});

describe('UnknownValueReporter', () => {
  it('reports each unknown status once and known ones never', () => {
    const warnings: string[] = [];
    const reporter = new UnknownValueReporter((message) => warnings.push(message));
    reporter.check({ status: 'WAITING', testResults: [{ status: 'PASSED' }, { status: 'ERROR' }, {}] });
    expect(warnings).toEqual([]);
    reporter.check({ status: 'CANCELLED', testResults: [{ status: 'SKIPPED' }, { status: 'SKIPPED' }] });
    reporter.check({ status: 'CANCELLED', testResults: [{ status: 'SKIPPED' }] });
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/unknown report status "CANCELLED".*Update playwright-octomind/);
    expect(warnings[1]).toMatch(/unknown test result status "SKIPPED"/);
  });
});
