import { TEST_TARGET_HINT } from './errors.js';
import { apiPaths } from './paths.js';
import { testCaseFilterSchema, testCaseListSchema, testCaseSchema, type ApiVersion, type ApiTestCase, type TestCaseFilter } from './schemas.js';
import type { ApiTransport } from './transport.js';

/**
 * Test cases: one by id, or all of a test target in one call (titles; the list UI mode and VS Code
 * open with). Listing exists only in the v3 API, but the key and the data are the same whichever
 * version executes, so it is used for both.
 */
export class TestCasesApi {
  constructor(
    private readonly transport: ApiTransport,
    private readonly version: ApiVersion,
  ) {}

  get(testTargetId: string, testCaseId: string, signal?: AbortSignal): Promise<ApiTestCase> {
    return this.transport.json({
      method: 'GET',
      path: apiPaths.testCase(this.version, testTargetId, testCaseId),
      schema: testCaseSchema,
      notFound: { resource: 'test case', id: testCaseId, hint: `It may have been deleted from test target ${testTargetId}.` },
      signal,
    });
  }

  /** Every test case of the target, or those `filter` selects (on Octomind's side). */
  list(testTargetId: string, signal?: AbortSignal, filter?: TestCaseFilter): Promise<ApiTestCase[]> {
    return this.transport.json({
      method: 'GET',
      path: apiPaths.testCases(testTargetId, filter && testCaseFilterSchema.parse(filter)),
      schema: testCaseListSchema,
      notFound: { resource: 'test target', id: testTargetId, hint: TEST_TARGET_HINT },
      signal,
    });
  }
}
