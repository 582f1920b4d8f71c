import type { FastifyError, FastifyInstance } from 'fastify';
import { TransitionError } from '../../core/states.js';
import { ApiError, type ErrorCode } from '../errors.js';

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'AWE_ERR_VALIDATION',
  401: 'AWE_ERR_UNAUTHENTICATED',
  403: 'AWE_ERR_FORBIDDEN',
  404: 'AWE_ERR_NOT_FOUND',
  409: 'AWE_ERR_CONFLICT',
  413: 'AWE_ERR_TOO_LARGE',
  415: 'AWE_ERR_UNSUPPORTED_MEDIA',
  416: 'AWE_ERR_RANGE',
  429: 'AWE_ERR_RATE_LIMITED',
};

/** PostgreSQL's disk_full. */
const POSTGRES_DISK_FULL = '53100';
/**
 * PostgreSQL refuses, where SQLite just finds nothing, a value no column can
 * hold: an id beyond 64 bits (numeric_value_out_of_range, or a number sent in
 * exponent form: invalid_text_representation) or text with a NUL character
 * (character_not_in_repertoire). They come from the request, so the client
 * is told, not the service log.
 */
const POSTGRES_BAD_VALUE = new Set(['22003', '22P02', '22021']);

/** Maps any error onto `{statusCode, code, message}`; server faults are logged and never described to the client. */
function toBody(error: FastifyError | ApiError | TransitionError | Error) {
  if (error instanceof ApiError) return { statusCode: error.statusCode, code: error.code, message: error.message, ...error.extra };
  if (error instanceof TransitionError) return { statusCode: 409, code: 'AWE_ERR_BAD_STATE', message: error.message };
  // A disk that filled despite the free-space check (another writer, a body without a length): the write failed
  // and left nothing half-stored (temp files are removed, the transaction rolled back).
  const systemCode = (error as NodeJS.ErrnoException).code;
  if (systemCode === 'ENOSPC' || systemCode === 'SQLITE_FULL' || systemCode === POSTGRES_DISK_FULL) {
    return { statusCode: 507, code: 'AWE_ERR_DISK_FULL', message: 'the service disk is full; try again later' };
  }
  if (systemCode !== undefined && POSTGRES_BAD_VALUE.has(systemCode)) {
    return { statusCode: 400, code: 'AWE_ERR_VALIDATION', message: 'a value in the request cannot be stored or looked up (out of range, or a NUL character)' };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const first = fastifyError.validation[0];
    const where = `${fastifyError.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
    const extra = first?.params?.additionalProperty;
    const detail = extra !== undefined ? `unknown field "${String(extra)}"` : (first?.message ?? fastifyError.message);
    return { statusCode: 400, code: 'AWE_ERR_VALIDATION', message: `${where}: ${detail}` };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const code = BY_STATUS[status];
    // A client error with no code of its own is reported as a plain bad request.
    return code ? { statusCode: status, code, message: fastifyError.message } : { statusCode: 400, code: 'AWE_ERR_VALIDATION', message: fastifyError.message };
  }
  return null;
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const body = toBody(error as Error) ?? { statusCode: 500, code: 'AWE_ERR_INTERNAL', message: 'internal error; the service log has details' };
    if (body.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    reply.code(body.statusCode).type('application/json').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ statusCode: 404, code: 'AWE_ERR_NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}
