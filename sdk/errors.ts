/**
 * Error answers of the service, `{statusCode, code, message}` (codes listed in
 * docs/errors.md and in ERROR_CODES), as one class per kind of status so callers
 * can `catch (err) { if (err instanceof AweForbiddenError) … }` or switch on `err.code`.
 */
import type { ErrorCode } from './service-constants.js';

export class AweApiError extends Error {
  constructor(
    readonly statusCode: number,
    /** An `AWE_ERR_…` code of the service; `AWE_ERR_HTTP` when the answer had none (a proxy's error page). */
    readonly code: ErrorCode | 'AWE_ERR_HTTP',
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400, 413, 415, 416: the request itself is wrong; repeating it will not help. */
export class AweBadRequestError extends AweApiError {}
/** 401: no token, or an expired or revoked one. */
export class AweUnauthorizedError extends AweApiError {}
/** 403: signed in, but the role or ownership does not allow it. */
export class AweForbiddenError extends AweApiError {}
/** 404: no such job, recipe, output, …. */
export class AweNotFoundError extends AweApiError {}
/** 409: the state does not allow it (a finished job, a lost lease). */
export class AweConflictError extends AweApiError {}
/** 5xx: the service (or a proxy before it) failed; worth retrying. */
export class AweServerError extends AweApiError {}

const BY_STATUS: Record<number, typeof AweApiError> = {
  401: AweUnauthorizedError,
  403: AweForbiddenError,
  404: AweNotFoundError,
  409: AweConflictError,
};

/** The error for an answer with status ≥ 400 and its (maybe non-JSON) body text. */
export function apiError(statusCode: number, text: string): AweApiError {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { message: text.slice(0, 500) };
  }
  const kind = BY_STATUS[statusCode] ?? (statusCode >= 500 ? AweServerError : AweBadRequestError);
  const code = typeof parsed.code === 'string' ? (parsed.code as ErrorCode) : 'AWE_ERR_HTTP';
  return new kind(statusCode, code, String(parsed.message ?? `HTTP ${statusCode}`), parsed);
}
