import { join } from 'node:path';
import type { ServerConfig } from '../config.js';
import { openSqliteStore } from './sqlite/index.js';
import type { Store } from './store.js';

/**
 * The one place that picks the back end: PostgreSQL when AWE_DATABASE_URL
 * names one, else the SQLite file awe.db in the data dir (no set-up).
 */
export async function openStore(config: Pick<ServerConfig, 'dataDir' | 'databaseUrl' | 'synchronous'>): Promise<Store> {
  if (config.databaseUrl !== null) {
    throw new Error(`AWE_DATABASE_URL: this awe-server has no PostgreSQL store yet; unset it to use ${join(config.dataDir, 'awe.db')}`);
  }
  return openSqliteStore(join(config.dataDir, 'awe.db'), { synchronous: config.synchronous });
}
