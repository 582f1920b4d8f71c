import { join } from 'node:path';
import type { ServerConfig } from '../config.js';
import { openPostgresStore } from './postgres/index.js';
import { openSqliteStore } from './sqlite/index.js';
import type { Store } from './store.js';

/** What the choice and opening of the store depends on. */
export type StoreConfig = Pick<ServerConfig, 'dataDir' | 'databaseUrl' | 'databasePoolSize' | 'synchronous'>;

/**
 * The one place that picks the back end: PostgreSQL when AWE_DATABASE_URL
 * names one, else the SQLite file awe.db in the data dir (no set-up).
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.databaseUrl !== null) return openPostgresStore(config.databaseUrl, { poolSize: config.databasePoolSize });
  return openSqliteStore(join(config.dataDir, 'awe.db'), { synchronous: config.synchronous });
}
