import { TEST_TARGET_HINT } from './errors.js';
import { apiPaths } from './paths.js';
import { environmentListSchema } from './schemas.js';
import type { ApiTransport } from './transport.js';

/** `GET /apiKey/v2/test-targets/{tt}/environments`: the names `environmentName` may take. */
export class EnvironmentsApi {
  constructor(private readonly transport: ApiTransport) {}

  async names(testTargetId: string, signal?: AbortSignal): Promise<string[]> {
    const environments = await this.transport.json({
      method: 'GET',
      path: apiPaths.environments(testTargetId),
      schema: environmentListSchema,
      notFound: { resource: 'test target', id: testTargetId, hint: TEST_TARGET_HINT },
      signal,
    });
    return environments.map((environment) => environment.name);
  }
}
