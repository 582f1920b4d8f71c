import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { join } from 'node:path';
import { errors } from '../../schemas/common.js';
import { FitsPreview, PreviewQuery } from '../../schemas/previews.js';
import { ApiError, expired, forbidden, notFound } from '../errors.js';
import { mayReadOutput } from '../services/blob-access.js';
import { FitsError, PreviewCache, summarize } from '../services/fits/preview.js';
import { OutputParams, outputPath, outputPathInContract } from './output-path.js';

/** Previews of FITS outputs for the web page: a PNG of an image HDU, or what the file holds (HDUs, a table's first rows). */
export default async function previewRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const awe = app.awe;
  const cache = new PreviewCache(join(awe.config.dataDir, 'previews'));

  r.get(
    '/v1/jobs/:id/previews/*',
    {
      onRequest: app.requireUser(),
      config: { swaggerTransform: outputPathInContract },
      schema: {
        operationId: 'previewOutput',
        tags: ['jobs'],
        summary: 'A FITS output as a PNG preview of one image HDU (default: the first image), or with format=json what its HDUs hold',
        params: OutputParams,
        querystring: PreviewQuery,
        response: {
          200: { description: 'a PNG (format=png) or the summary (format=json)', content: { 'image/png': { schema: { type: 'string', format: 'binary' } }, 'application/json': { schema: FitsPreview } } },
          ...errors(400, 401, 403, 404, 410),
        },
      },
    },
    async (request, reply) => {
      const path = outputPath(request.params['*']);
      const row = await awe.store.getJobRow(request.params.id);
      if (!row) throw notFound(`job ${request.params.id}`);
      if (!(await mayReadOutput(awe, request.principal, row, path))) throw forbidden(`the outputs of job ${row.id} are for its owner and admins`);
      if (row.expired_at !== null) throw expired(row.id, row.expired_at);
      const output = await awe.store.getOutput(row.id, path);
      if (!output) throw notFound(`output ${path} of job ${row.id}`);
      const file = awe.blobs.path(output.sha256);
      try {
        const summary = await summarize(file, request.query.hdu);
        if (request.query.format === 'json') return (reply as FastifyReply).type('application/json').send(summary);
        if (summary.chosen === null) throw new FitsError('nothing in this file can be shown as an image');
        const png = await cache.png(output.sha256, file, summary.chosen);
        return (reply as FastifyReply).type('image/png').header('cache-control', 'private, max-age=86400').send(png);
      } catch (error) {
        if (error instanceof FitsError) throw new ApiError('AWE_ERR_VALIDATION', `${path}: ${error.message}`);
        throw error;
      }
    },
  );
}
