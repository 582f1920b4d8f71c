import { Type } from '@sinclair/typebox';
import type { FastifySchema } from 'fastify';
import { checkRelativePath, UnsafePathError } from '../../core/safe-path.js';
import { JobId, Strict } from '../../schemas/common.js';
import { ApiError } from '../errors.js';

/** An output's path as routes under `/v1/jobs/:id/…/*` take it: the rest of the URL. */
export const OutputPath = Type.String({ minLength: 1, maxLength: 1024 });
export const OutputParams = Strict({ id: JobId, '*': OutputPath });

/**
 * The routes take the rest of the URL as the path, so agents and clients that
 * send raw slashes keep working; `{*}` is no OpenAPI path template, though.
 * The contract names it `{path}`, one segment with its slashes percent-encoded
 * (as the SDK sends it), which the same route decodes.
 */
export const outputPathInContract = ({ schema, url }: { schema: FastifySchema; url: string }) => ({
  url: url.replace('/*', '/:path'),
  schema: {
    ...schema,
    params: Strict({
      id: JobId,
      path: Type.String({ ...OutputPath, description: "the output's relative path, `/` sent as `%2F` (raw slashes are accepted too)" }),
    }),
  },
});

/** The path checked as a safe relative path, or a coded 400. */
export function outputPath(path: string): string {
  try {
    return checkRelativePath(path);
  } catch (error) {
    throw new ApiError('AWE_ERR_VALIDATION', (error as UnsafePathError).message);
  }
}
