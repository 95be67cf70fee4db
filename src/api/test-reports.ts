import { apiPaths } from './paths.js';
import { testReportSchema, type ApiVersion, type ApiTestReport } from './schemas.js';
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
}
