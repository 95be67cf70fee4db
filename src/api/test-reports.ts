import { apiPaths } from './paths.js';
import { TEST_TARGET_HINT } from './errors.js';
import { testReportPageSchema, testReportSchema, type ApiVersion, type ApiTestReport } from './schemas.js';
import type { ApiTransport } from './transport.js';
import type { UnknownValueReporter } from './unknown-values.js';

/** `GET /apiKey/{v2|v3}/test-targets/{tt}/test-reports/{id}`: the poll. */
export class TestReportsApi {
  constructor(
    private readonly transport: ApiTransport,
    private readonly version: ApiVersion,
    private readonly unknownValues: UnknownValueReporter,
  ) {}

  async get(testTargetId: string, testReportId: string, signal?: AbortSignal): Promise<ApiTestReport> {
    const report = await this.transport.json({
      method: 'GET',
      path: apiPaths.testReport(this.version, testTargetId, testReportId),
      schema: testReportSchema,
      notFound: {
        resource: 'test report',
        id: testReportId,
        hint: `Check testReportId (OCTOMIND_TEST_REPORT_ID) and that it belongs to test target ${testTargetId}.`,
      },
      signal,
    });
    this.unknownValues.check(report);
    return report;
  }

  /** The newest reports of a test target (one page of its history). */
  async latest(testTargetId: string, signal?: AbortSignal): Promise<ApiTestReport[]> {
    const page = await this.transport.json({
      method: 'GET',
      path: apiPaths.testReports(testTargetId),
      schema: testReportPageSchema,
      notFound: { resource: 'test target', id: testTargetId, hint: TEST_TARGET_HINT },
      signal,
    });
    return page.data;
  }
}
