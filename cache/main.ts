#!/usr/bin/env node
/** The `awe-cache` process: config, logger, the store on disk, listen, graceful shutdown. */
import { pino } from 'pino';
import { AweClient } from '@awe-dp/sdk';
import { watermarks } from '../core/lru-index.js';
import { buildCacheApp } from './app.js';
import { Authorizer } from './authorizer.js';
import { loadCacheConfig, USAGE } from './config.js';
import { ContentStore } from './content-store.js';
import { CacheMetrics } from './metrics.js';

/** A fetch of a large file may take long; a service that sends nothing for this long is given up on. */
const SERVICE_TIMEOUT_MS = 120_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadCacheConfig(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`awe-cache: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (config.help) {
    console.log(USAGE);
    return;
  }
  const log = pino({ level: config.logLevel, redact: ['req.headers.authorization'] });
  const metrics = new CacheMetrics();
  const store = await ContentStore.open(config.dir, watermarks(config.maxBytes), metrics, log);
  const service = new AweClient({ server: config.server, caFile: config.caFile ?? undefined, timeoutMs: SERVICE_TIMEOUT_MS });
  const app = await buildCacheApp({ store, authorizer: new Authorizer(service, config.authTtlSeconds * 1000), service, metrics, log });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`awe-cache listening on http://${config.host}:${port} for ${config.server} (${store.held.files} files, ${store.held.bytes} bytes in ${config.dir})`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) process.exit(1);
    stopping = true;
    setTimeout(() => app.server.closeAllConnections(), 5000).unref();
    await app.close();
    await service.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

void main().catch((err: unknown) => {
  console.error(`awe-cache: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
