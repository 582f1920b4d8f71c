import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { BlobParams, ContentToken } from '../../schemas/bundles.js';
import { errors } from '../../schemas/common.js';
import { forbidden, notFound } from '../errors.js';
import { mayReadBlob } from '../services/blob-access.js';

/**
 * What site caches (docs/sites.md) need from the service: a cheap check of
 * whether a credential may read a blob, asked before cached bytes go out, and
 * read-only content tokens, so a CLI never hands its user token to a cache.
 */
export default async function contentRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const awe = app.awe;

  r.get(
    '/v1/blobs/:sha/access',
    {
      onRequest: app.requireContentReader,
      schema: {
        operationId: 'blobAccess',
        tags: ['bundles'],
        summary: 'Whether this credential may download the blob (204), as GET /v1/blobs/{sha} would answer, without sending it: for site caches',
        params: BlobParams,
        response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      if (!(await mayReadBlob(awe, request.principal, request.params.sha))) throw forbidden('this credential may not read that blob');
      if (!awe.blobs.has(request.params.sha)) throw notFound(`blob ${request.params.sha}`);
      reply.code(204);
    },
  );

  r.post(
    '/v1/content-tokens',
    {
      onRequest: app.requireUser(),
      schema: {
        operationId: 'createContentToken',
        tags: ['auth'],
        summary: 'A short-lived read-only token for the content you may read (your uploads, your jobs\' outputs), to download through a site cache',
        response: { 201: ContentToken, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind !== 'user' || principal.username === '') throw forbidden('sign in as a user');
      reply.code(201);
      return app.signContentToken(principal.username);
    },
  );
}
