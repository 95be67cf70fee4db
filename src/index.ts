export { withOctomind } from './with-octomind.js';
export type { OctomindOptions } from './config.js';
export {
  OctomindApiError,
  OctomindAuthError,
  OctomindBadRequestError,
  OctomindConfigError,
  OctomindInvalidResponseError,
  OctomindNotFoundError,
  OctomindTraceDownloadError,
  OctomindUnavailableError,
  type OctomindErrorCode,
} from './api/errors.js';
export type { ApiVersion, ExecutionContext } from './api/schemas.js';
