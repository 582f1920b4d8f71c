/**
 * Every error a client sees is `{statusCode, code, message}` with a stable code.
 * Routes and services throw ApiError; the error handler in app.ts maps Fastify's
 * own errors (validation, body limits) onto the same shape. The list of codes is
 * documented in docs/errors.md and a test keeps the two equal.
 */
export const ERROR_CODES = {
  AWE_ERR_VALIDATION: 400,
  AWE_ERR_BAD_BUNDLE: 400,
  AWE_ERR_UNAUTHENTICATED: 401,
  AWE_ERR_FORBIDDEN: 403,
  AWE_ERR_CSRF: 403,
  AWE_ERR_NOT_FOUND: 404,
  AWE_ERR_CONFLICT: 409,
  AWE_ERR_STALE_LEASE: 409,
  AWE_ERR_BAD_STATE: 409,
  AWE_ERR_EXPIRED: 410,
  AWE_ERR_TOO_LARGE: 413,
  AWE_ERR_UNSUPPORTED_MEDIA: 415,
  AWE_ERR_RANGE: 416,
  AWE_ERR_RATE_LIMITED: 429,
  AWE_ERR_QUOTA: 429,
  AWE_ERR_TOO_MANY_FOLLOWS: 429,
  AWE_ERR_INTERNAL: 500,
  AWE_ERR_BUSY: 503,
  AWE_ERR_DISK_FULL: 507,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class ApiError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = ERROR_CODES[code];
  }
}

export const notFound = (what: string): ApiError => new ApiError('AWE_ERR_NOT_FOUND', `${what} not found`);
export const forbidden = (why: string): ApiError => new ApiError('AWE_ERR_FORBIDDEN', why);

/** The log and outputs of a job that retention deleted. */
export const expired = (jobId: number, expiredAt: number): ApiError =>
  new ApiError('AWE_ERR_EXPIRED', `the log and outputs of job ${jobId} were deleted on ${new Date(expiredAt).toISOString()} (retention); the job record stays`);
