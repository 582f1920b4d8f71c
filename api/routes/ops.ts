import '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { errors } from '../../schemas/common.js';
import { renderMetrics } from '../services/metrics-listener.js';

/** Liveness, readiness, metrics and the contract itself. */
export default async function opsRoutes(app: FastifyInstance): Promise<void> {
  const awe = app.awe;

  app.get('/healthz', { schema: { operationId: 'health', tags: ['ops'], summary: 'The process is up', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } }, async () => ({ status: 'ok' }));

  app.get(
    '/readyz',
    { schema: { operationId: 'ready', tags: ['ops'], summary: 'The database answers', response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } },
    async () => {
      awe.db.prepare('SELECT 1').get();
      return { status: 'ready' };
    },
  );

  // With a metrics listener of its own (AWE_METRICS_HOST) they are served only there. Otherwise they need
  // an admin token from everyone: behind a reverse proxy every request comes from a local address.
  if (awe.config.metricsHost === null) {
    app.get(
      '/metrics',
      {
        onRequest: app.requireUser('admin'),
        schema: { operationId: 'metrics', tags: ['ops'], summary: 'Prometheus metrics (admin)', produces: ['text/plain'], response: errors(401, 403) },
      },
      async (_request, reply) => {
        reply.type('text/plain; version=0.0.4');
        return renderMetrics(awe);
      },
    );
  }

  app.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) => {
    reply.type('application/yaml');
    return app.swagger({ yaml: true });
  });
}
