export { withOctomind } from './config/with-octomind.js';
export type { OctomindOptions } from './options/options.js';
export {
  OctomindApiError,
  OctomindAuthError,
  OctomindBadRequestError,
  OctomindCertificateError,
  OctomindConfigError,
  OctomindError,
  OctomindInvalidResponseError,
  OctomindNotFoundError,
  OctomindProxyError,
  OctomindTraceDownloadError,
  OctomindUnavailableError,
  type OctomindErrorCode,
} from './api/errors.js';
export type { ApiVersion, ExecutionContext } from './api/schemas.js';
