import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ServerConfig } from './config.js';
import type { ReplicaLink } from './store/replica-link.js';
import authPlugin from './plugins/auth.js';
import contextPlugin from './plugins/context.js';
import { installErrorHandling } from './plugins/errors.js';
import { installValidation } from './plugins/validation.js';
import agentRoutes from './routes/agents.js';
import auditRoutes from './routes/audit.js';
import authRoutes from './routes/auth.js';
import bundleRoutes from './routes/bundles.js';
import catalogRoutes from './routes/catalog.js';
import contentRoutes from './routes/content.js';
import enrollmentTokenRoutes from './routes/enrollment-tokens.js';
import jobRoutes from './routes/jobs.js';
import nodeRoutes from './routes/nodes.js';
import opsRoutes from './routes/ops.js';
import outputRoutes from './routes/outputs.js';
import previewRoutes from './routes/previews.js';
import provenanceRoutes from './routes/provenance.js';
import rerunRoutes from './routes/reruns.js';
import webRoutes from './routes/web.js';
import userRoutes from './routes/users.js';

export interface AppOptions {
  config: ServerConfig;
  /** The clock; tests move it to expire leases without waiting. */
  now?: () => number;
  /** How this replica tells the others about changes; in-process (nobody to tell) unless given. */
  link?: ReplicaLink;
}

export const API_VERSION = '0.1.0';

/**
 * The whole service as a Fastify plugin: infrastructure, then auth, then routes.
 * It never listens; server.ts does, and tests use inject() or port 0.
 */
async function app(instance: FastifyInstance, opts: AppOptions): Promise<void> {
  installErrorHandling(instance);
  installValidation(instance);
  await instance.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'awe-dp',
        version: API_VERSION,
        description: 'Distributed processing for the Astro-WISE environment: recipes, jobs, agents, bundles.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // Relative: the service that serves this document (behind a proxy, at the proxy's address).
      servers: [{ url: '/', description: 'this service' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'a user token, an agent credential or a job token, per route' },
        },
      },
      security: [{ bearer: [] }],
    },
  });
  await instance.register(swaggerUi, { routePrefix: '/docs' });
  await instance.register(contextPlugin, opts);
  await instance.register(authPlugin);
  instance.addHook('onResponse', async (request, reply) => {
    instance.awe.metrics.observeRequest(request.routeOptions.url ?? 'unknown', request.method, reply.elapsedTime / 1000);
  });
  await instance.register(opsRoutes);
  await instance.register(authRoutes);
  await instance.register(userRoutes);
  await instance.register(auditRoutes);
  await instance.register(catalogRoutes);
  await instance.register(jobRoutes);
  await instance.register(enrollmentTokenRoutes);
  await instance.register(agentRoutes);
  await instance.register(nodeRoutes);
  await instance.register(bundleRoutes);
  await instance.register(contentRoutes);
  await instance.register(outputRoutes);
  await instance.register(previewRoutes);
  await instance.register(provenanceRoutes);
  await instance.register(rerunRoutes);
  await instance.register(webRoutes);
}

// Not encapsulated: the process (server.ts) and tests reach the shared context and token signing.
export default fp(app, { name: 'awe-dp' });
