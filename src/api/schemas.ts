/**
 * One zod schema per Octomind payload, written from Octomind's OpenAPI specs (v2 2025-03, v3 2026-01).
 * Requests are strict: they are ours. Responses are lenient where the spec is: no result field is
 * required, `testResults` may be missing, unknown fields pass through, and an enum value this
 * version does not know (a status Octomind adds later) is kept as a string for the caller to report.
 */
import { z } from 'zod';

export const API_VERSIONS = ['v2', 'v3'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

export const KNOWN_RESULT_STATUSES = ['WAITING', 'PASSED', 'FAILED', 'ERROR'] as const;
export const KNOWN_REPORT_STATUSES = ['WAITING', 'PASSED', 'FAILED'] as const;

const user = z.object({ type: z.literal('USER'), userId: z.string() });

const githubContextSchema = z.object({
  source: z.literal('github'),
  issueNumber: z.number().int().nullish(),
  ref: z.string().nullish(),
  sha: z.string().nullish(),
  repo: z.string(),
  owner: z.string(),
  triggeredBy: user.nullish(),
  nodeId: z.string().nullish(),
});

const azureDevOpsContextSchema = z.object({
  source: z.literal('azureDevOps'),
  accessToken: z.string(),
  organization: z.string(),
  project: z.string(),
  repositoryId: z.string(),
  sha: z.string().nullish(),
  ref: z.string().nullish(),
  pullRequestId: z.number().int().nullish(),
  triggeredBy: user.nullish(),
  threadId: z.string().nullish(),
});

const manualContextSchema = z.object({
  source: z.literal('manual'),
  description: z.string().optional(),
  triggeredBy: user.optional(),
});

/** The contexts a client may send. `discovery`, `scheduled` and `proposal` are Octomind's own triggers. */
export const executionContextSchema = z.discriminatedUnion('source', [
  githubContextSchema,
  azureDevOpsContextSchema,
  manualContextSchema,
]);
export type ExecutionContext = z.infer<typeof executionContextSchema>;

const variablesSchema = z.record(z.string(), z.array(z.string()));

export const breakpointSchema = z.enum(['MOBILE', 'TABLET', 'DESKTOP']);
export const browserSchema = z.enum(['CHROMIUM', 'FIREFOX', 'SAFARI']);

export const executeRequestV2Schema = z.object({
  testTargetId: z.uuid(),
  url: z.url({ protocol: /^https?$/ }),
  context: executionContextSchema,
  environmentName: z.string().min(1).optional(),
  variablesToOverwrite: variablesSchema.optional(),
  tags: z.array(z.string()).optional(),
});

export const executeRequestV3Schema = executeRequestV2Schema.extend({
  breakpoint: breakpointSchema.optional(),
  browser: browserSchema.optional(),
  testCaseVersionIds: z.array(z.uuid()).optional(),
});
export type ExecuteRequestV3 = z.infer<typeof executeRequestV3Schema>;

const testResultSchema = z.looseObject({
  id: z.string().optional(),
  testTargetId: z.string().optional(),
  testReportId: z.string().optional(),
  /** v2 */
  testCaseId: z.string().nullish(),
  /** v3 */
  testCaseVersionId: z.string().nullish(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  status: z.string().optional(),
  errorMessage: z.string().nullish(),
  traceUrl: z.string().nullish(),
  breakpoint: z.string().nullish(),
  browser: z.string().nullish(),
});
export type ApiTestResult = z.infer<typeof testResultSchema>;

const reportContextSchema = z.looseObject({ source: z.string().optional() });

export const testReportSchema = z.looseObject({
  id: z.string().optional(),
  testTargetId: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  executionUrl: z.string().nullish(),
  status: z.string().optional(),
  context: reportContextSchema.nullish(),
  breakpoint: z.string().nullish(),
  browser: z.string().nullish(),
  testResults: z.array(testResultSchema).nullish(),
});
export type ApiTestReport = z.infer<typeof testReportSchema>;

/** Execute answers v2 and v3 alike; without the report id nothing can be polled, so it is required. */
export const executeResponseSchema = z.looseObject({
  testReportUrl: z.string().optional(),
  testReport: testReportSchema.extend({ id: z.string().min(1) }),
});
export type ExecuteResponse = z.infer<typeof executeResponseSchema>;

export const testCaseSchema = z.looseObject({
  id: z.string().min(1),
  testTargetId: z.string().optional(),
  description: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  status: z.string().nullish(),
  runStatus: z.string().nullish(),
  externalId: z.string().nullish(),
});
export type ApiTestCase = z.infer<typeof testCaseSchema>;

export const testCaseListSchema = z.array(testCaseSchema);

/** The fields of the list's `filter` query this plugin sends; Octomind's own also has AND, OR, NOT, folderId, …. */
export const testCaseFilterSchema = z.strictObject({
  status: z.enum(['ENABLED', 'DISABLED', 'DRAFT', 'OUTDATED', 'DELETED', 'PROVISIONAL']).optional(),
  runStatus: z.enum(['ON', 'OFF']).optional(),
});
export type TestCaseFilter = z.infer<typeof testCaseFilterSchema>;

/** `GET …/test-reports`: one page of a test target's history, newest first. */
export const testReportPageSchema = z.looseObject({ data: z.array(testReportSchema), hasNextPage: z.boolean().optional() });

const environmentSchema = z.looseObject({ id: z.string().optional(), name: z.string() });
/** The spec names one environment as the answer of the list; the list is what Octomind sends. Both are read. */
export const environmentListSchema = z.union([z.array(environmentSchema), environmentSchema.transform((one) => [one])]);

/** Octomind's 400 body: the zod issues of its own request validation. */
export const zodIssuesResponseSchema = z.array(
  z.looseObject({
    code: z.string().optional(),
    path: z.array(z.union([z.string(), z.number()])).optional(),
    message: z.string().optional(),
  }),
);
