#!/usr/bin/env node
import { buildServer } from './build.js';
import { loadServerConfig, USAGE } from './config.js';
import { migrateStoreCommand } from './migrate-store-command.js';
import { bootstrap } from './services/bootstrap.js';
import { listenMetrics } from './services/metrics-listener.js';
import { rotateJwtKey } from './services/signing-keys.js';
import { startSweeper } from './services/sweeper.js';

const SHUTDOWN_GRACE_MS = 5000;

/** The `awe-server` process: config, logger, listen, sweeper, graceful shutdown. */
async function main(): Promise<void> {
  if (process.argv[2] === 'migrate-store') process.exit(await migrateStoreCommand(process.argv.slice(3)));
  let config;
  try {
    config = loadServerConfig(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`awe-server: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (config.help) {
    console.log(USAGE);
    return;
  }
  if (config.rotateJwtKey) {
    const kid = await rotateJwtKey(config);
    console.log(`new token signing key ${kid}: restart every awe-server on ${config.databaseUrl === null ? `${config.dataDir}'s database` : 'that database'} to sign with it; tokens signed before stay valid until they expire`);
    return;
  }
  const app = await buildServer({ config }, { level: config.logLevel, redact: ['req.headers.authorization'] });
  const first = await bootstrap(app.awe, app.signUserToken);
  if (first) {
    // Shown once, on the console of whoever started the service; it is stored nowhere in clear.
    console.log(`\nFirst start: created user "admin" with password ${first.adminPassword}`);
    console.log(`An admin token is in ${config.dataDir}/admin.token (mode 0600).\n`);
  }
  const stopSweeper = startSweeper(app.awe, undefined, { intervalMs: 10 * 60_000, log: app.log });
  await app.listen({ host: config.host, port: config.port });
  const metrics = config.metricsHost !== null && config.metricsPort !== null ? await listenMetrics(app.awe, config.metricsHost, config.metricsPort) : null;
  if (metrics) console.log(`metrics on http://${config.metricsHost}:${metrics.port}/metrics`);
  const scheme = config.tlsCert ? 'https' : 'http';
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`awe-server listening on ${scheme}://${config.host}:${port} (data in ${config.dataDir})`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) process.exit(1);
    stopping = true;
    app.log.info({ signal }, 'shutting down: answering long polls, finishing requests');
    await stopSweeper();
    await metrics?.close();
    // Requests in flight get a grace period; connections that are still open
    // after it (some clients keep a fresh connection open without sending on it,
    // which counts as busy) are closed so that shutdown is bounded.
    setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

await main();
