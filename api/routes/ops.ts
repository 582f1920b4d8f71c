import '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { countJobsByState } from '../store/jobs/list-jobs.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Liveness, readiness, metrics and the contract itself. */
export default async function opsRoutes(app: FastifyInstance): Promise<void> {
  const awe = app.awe;
  const requireAdmin = app.requireUser('admin');

  app.get('/healthz', { schema: { operationId: 'health', tags: ['ops'], summary: 'The process is up', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    { schema: { operationId: 'ready', tags: ['ops'], summary: 'The database answers', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } },
    async () => {
      awe.db.prepare('SELECT 1').get();
      return { status: 'ready' };
    },
  );

  app.get(
    '/metrics',
    {
      // Scrapers on the same host need no token; from elsewhere only admins may read.
      onRequest: async (request, reply) => {
        if (!LOOPBACK.has(request.ip)) await requireAdmin(request, reply);
      },
      schema: { operationId: 'metrics', tags: ['ops'], summary: 'Prometheus metrics (admin, or from the local host)', produces: ['text/plain'] },
    },
    async (_request, reply) => {
      reply.type('text/plain; version=0.0.4');
      return awe.metrics.render(countJobsByState(awe.db), awe.broker.waiting);
    },
  );

  app.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) => {
    reply.type('application/yaml');
    return app.swagger({ yaml: true });
  });
}
