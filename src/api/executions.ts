import { OctomindConfigError, TEST_TARGET_HINT } from './errors.js';
import { apiPaths } from './paths.js';
import {
  executeRequestV2Schema,
  executeRequestV3Schema,
  executeResponseSchema,
  type ApiVersion,
  type ExecuteRequestV3,
  type ExecuteResponse,
} from './schemas.js';
import type { ApiTransport } from './transport.js';
import type { UnknownValueReporter } from './unknown-values.js';

const V3_ONLY = ['breakpoint', 'browser', 'testCaseVersionIds'] as const;

/** `POST /apiKey/{v2|v3}/execute`: starts a remote run of a test target. */
export class ExecutionsApi {
  constructor(
    private readonly transport: ApiTransport,
    private readonly version: ApiVersion,
    private readonly unknownValues: UnknownValueReporter,
  ) {}

  async execute(request: ExecuteRequestV3, signal?: AbortSignal): Promise<ExecuteResponse> {
    if (this.version === 'v2') {
      const v3Field = V3_ONLY.find((field) => request[field] !== undefined);
      if (v3Field) throw new OctomindConfigError(v3Field, 'needs the v3 API: set apiVersion: "v3" (OCTOMIND_API_VERSION=v3).');
    }
    const schema = this.version === 'v2' ? executeRequestV2Schema : executeRequestV3Schema;
    const parsed = schema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new OctomindConfigError(issue?.path.join('.') || 'execute request', `is invalid: ${issue?.message ?? 'unknown problem'}.`);
    }
    const response = await this.transport.json({
      method: 'POST',
      path: apiPaths.execute(this.version),
      body: parsed.data,
      schema: executeResponseSchema,
      notFound: { resource: 'test target', id: request.testTargetId, hint: TEST_TARGET_HINT },
      signal,
    });
    this.unknownValues.check(response.testReport);
    return response;
  }
}
