/**
 * awe-cache as a Fastify app (main.ts makes it a process): content by sha256
 * for the agents and CLIs of a site, read through to the service.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { AweApiError, type AweClient } from '@awe-dp/sdk';
import { SHA256_HEX } from '../core/bundle-manifest.js';
import { countBytes } from '../core/byte-count.js';
import type { Authorizer } from './authorizer.js';
import type { ContentStore } from './content-store.js';
import { CacheError } from './errors.js';
import type { CacheMetrics } from './metrics.js';

export interface CacheParts {
  store: ContentStore;
  authorizer: Authorizer;
  /** The service, for fetching what the cache lacks (with the requester's own token). */
  service: AweClient;
  metrics: CacheMetrics;
  log: Logger;
}

function bearer(header: string | undefined): string {
  const match = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new CacheError('AWE_ERR_UNAUTHENTICATED', 'send "Authorization: Bearer <job token or content token>"');
  return match[1];
}

/** Whether an If-None-Match header names this ETag (or `*`); weak tags compare as strong ones (RFC 9110 §13.1.2). */
function unchanged(header: string | undefined, etag: string): boolean {
  return header !== undefined && header.split(',').some((tag) => ['*', etag].includes(tag.trim().replace(/^W\//, '')));
}

export async function buildCacheApp(parts: CacheParts): Promise<FastifyInstance> {
  const { store, authorizer, service, metrics } = parts;
  const app = Fastify({ loggerInstance: parts.log as FastifyBaseLogger, disableRequestLogging: true });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    let answer: CacheError;
    if (error instanceof CacheError) answer = error;
    else if (error instanceof AweApiError) answer = CacheError.fromService(error);
    else if (error.statusCode !== undefined && error.statusCode < 500) answer = new CacheError('AWE_ERR_VALIDATION', error.message);
    else {
      request.log.error({ err: error }, 'cache request failed');
      answer = new CacheError('AWE_ERR_BUSY', 'the cache could not answer; read from the service');
    }
    void reply.code(answer.statusCode).send({ statusCode: answer.statusCode, code: answer.code, message: answer.message });
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/metrics', async (_request, reply) => {
    void reply.type('text/plain; version=0.0.4');
    return metrics.render(store.held);
  });

  // What this site holds, for placement: a Bloom filter of sha256s, never content (docs/sites.md).
  app.get('/v1/held', async (request, reply) => {
    const { filter, etag } = store.heldFilter();
    void reply.header('etag', etag).header('cache-control', 'no-cache');
    if (unchanged(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return { filter };
  });

  app.get<{ Params: { sha: string } }>('/v1/blobs/:sha', async (request, reply) => {
    const { sha } = request.params;
    if (!SHA256_HEX.test(sha)) throw new CacheError('AWE_ERR_VALIDATION', 'blobs are named by their sha256 (64 lowercase hex digits)');
    const token = bearer(request.headers.authorization);
    await authorizer.check(token, sha);
    const fetch = (): Promise<void> => store.fetch(sha, () => service.downloadBlob(sha, token));
    // A request that joins a fetch already under way costs the service nothing more: it counts as a hit.
    if (store.has(sha)) metrics.hits++;
    else {
      if (store.fetching(sha)) metrics.hits++;
      else metrics.misses++;
      await fetch();
    }
    const refetch = (): void => void fetch().catch((err: unknown) => request.log.warn({ err, sha }, 'fetching a dropped file again failed'));
    const { stream, size } = await store.read(sha, refetch);
    const counted = countBytes(stream, (bytes) => (metrics.bytesServed += bytes));
    return reply.type('application/octet-stream').header('content-length', size).send(counted);
  });

  return app;
}
