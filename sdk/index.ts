/** The awe-dp SDK: a typed client generated from openapi.yaml. */
export { AweClient, type ClientOptions } from './client.js';
export {
  AweApiError,
  AweBadRequestError,
  AweConflictError,
  AweForbiddenError,
  AweNotFoundError,
  AweServerError,
  AweUnauthorizedError,
} from './errors.js';
export { isFinal, type DownloadedOutput, type FollowOptions, type WaitOptions } from './jobs.js';
export { describeError, isRetryable, isStaleLease } from './request-errors.js';
export { ERROR_CODES, FINAL_STATES, type ErrorCode } from './service-constants.js';
export { Backoff, pause } from './backoff.js';
export { serverList, type RawRequest, type TransportOptions } from './transport.js';
export type * from './types.js';
export type { components, operations, paths } from './openapi-types.js';
