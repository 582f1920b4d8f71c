import '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { errors, Strict } from '../../schemas/common.js';
import { renderMetrics } from '../services/metrics-listener.js';

const Status = { type: 'object', properties: { status: { type: 'string' } } } as const;

/** Liveness, readiness, metrics and the contract itself. */
export default async function opsRoutes(app: FastifyInstance): Promise<void> {
  const awe = app.awe;

  // Probes send no parameters: any is a mistake worth a 400 rather than silence.
  app.get(
    '/healthz',
    { schema: { operationId: 'health', tags: ['ops'], summary: 'The process is up', querystring: Strict({}), response: { 200: Status, ...errors(400) } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    { schema: { operationId: 'ready', tags: ['ops'], summary: 'The database answers', querystring: Strict({}), response: { 200: Status, ...errors(400) } } },
    async () => {
      await awe.store.ping();
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
        schema: { operationId: 'metrics', tags: ['ops'], summary: 'Prometheus metrics (admin)', produces: ['text/plain'], response: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors(401, 403) } },
      },
      async (_request, reply) => {
        reply.type('text/plain; version=0.0.4');
        return await renderMetrics(awe);
      },
    );
  }

  app.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) => {
    reply.type('application/yaml');
    return app.swagger({ yaml: true });
  });
}
