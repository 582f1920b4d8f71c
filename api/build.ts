import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { readFileSync } from 'node:fs';
import app, { type AppOptions } from './app.js';

/**
 * A configured Fastify instance with the app registered and ready, not
 * listening: shared by the server process, the contract generator and tests.
 */
export async function buildServer(opts: AppOptions, logger: FastifyServerOptions['logger'] = false): Promise<FastifyInstance> {
  const { config } = opts;
  const https = config.tlsCert && config.tlsKey ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } : null;
  const instance = Fastify({
    logger,
    // One line per request drowns what matters at info level; AWE_LOG_LEVEL=debug brings them back.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    bodyLimit: config.bodyLimitBytes,
    // Long polls are held up to maxWaitSeconds; idle keep-alive sockets a bit longer than that.
    keepAliveTimeout: (config.maxWaitSeconds + 10) * 1000,
    requestTimeout: 0,
    ...(https ? { https } : {}),
  }) as unknown as FastifyInstance;
  await instance.register(app, opts);
  await instance.ready();
  return instance;
}
