import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

const OPTIONS: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };

/**
 * Query strings, paths and headers are text, so their numbers and booleans are
 * coerced; JSON bodies are checked as sent: `"args": "x"` is an error, not a
 * one-element array, and nothing is quietly changed.
 */
export function installValidation(app: FastifyInstance): void {
  const strict = addFormats.default(new Ajv.default({ ...OPTIONS, coerceTypes: false }));
  const coercing = addFormats.default(new Ajv.default({ ...OPTIONS, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}
