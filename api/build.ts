import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import { readFileSync } from 'node:fs';
import app, { type AppOptions } from './app.js';
import type { ServerConfig } from './config.js';
import { capConnections } from './plugins/connection-cap.js';

/**
 * Fastify (5.12) treats a plain number as "trust nothing", since a hop count cannot tell a proxy from a
 * client that writes its own X-Forwarded-For; AWE_TRUST_PROXY=N asks for exactly that trust, as a function.
 */
function trustedProxies(setting: ServerConfig['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/**
 * A configured Fastify instance with the app registered and ready, not
 * listening: shared by the server process, the contract generator and tests.
 */
export async function buildServer(opts: AppOptions, logger: FastifyServerOptions['logger'] = false): Promise<FastifyInstance> {
  const { config } = opts;
  const headersTimeout = config.headersTimeoutSeconds * 1000;
  const requestTimeout = Math.max(config.requestTimeoutSeconds * 1000, headersTimeout);
  const nodeServer = {
    headersTimeout,
    // Node looks for requests past their timeout this often (30 s unless told): a quarter of the shortest timeout.
    connectionsCheckingInterval: Math.min(30_000, Math.max(250, Math.floor(headersTimeout / 4))),
  };
  const https = config.tlsCert && config.tlsKey ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey), ...nodeServer } : null;
  const instance = Fastify({
    logger,
    // One line per request drowns what matters at info level; AWE_LOG_LEVEL=debug brings them back.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    bodyLimit: config.bodyLimitBytes,
    keepAliveTimeout: config.keepAliveTimeoutSeconds * 1000,
    // Bounds receiving a request (a body sent a byte a second is cut with 408); the answer may take
    // longer: long polls end after maxWaitSeconds and log follows after followMaxSeconds.
    requestTimeout,
    trustProxy: trustedProxies(config.trustProxy),
    // A URL the router cannot take apart (bad percent-encoding, a path parameter over its length
    // limit) is answered before any route's error handler: coded here like every other bad request.
    frameworkErrors: (error, _request, reply) => {
      (reply as unknown as FastifyReply).code(400).send({ statusCode: 400, code: 'AWE_ERR_VALIDATION', message: error.message });
    },
    ...(https ? { https } : { http: nodeServer }),
  }) as unknown as FastifyInstance;
  capConnections(instance, config.maxConnections, https !== null);
  await instance.register(app, opts);
  await instance.ready();
  return instance;
}
