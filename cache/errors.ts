/**
 * The cache answers errors as the service does, `{statusCode, code, message}`
 * with the service's codes (ERROR_CODES of the SDK), so clients treat both alike.
 */
import { ERROR_CODES, type AweApiError, type ErrorCode } from '@awe-dp/sdk';

export class CacheError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CacheError';
    this.statusCode = ERROR_CODES[code];
  }

  /** The service's own refusal, passed on as it was given. */
  static fromService(err: AweApiError): CacheError {
    const message = typeof err.body.message === 'string' ? err.body.message : err.message;
    return new CacheError(err.code === 'AWE_ERR_HTTP' ? 'AWE_ERR_FORBIDDEN' : err.code, message);
  }
}
