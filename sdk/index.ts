/** The awe-dp SDK: a typed client generated from openapi.yaml. */
export { AweApiError, AweClient, type ClientOptions, type RawRequest } from './client.js';
export type * from './types.js';
export type { components, operations, paths } from './openapi-types.js';
