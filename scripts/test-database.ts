/**
 * Where the test suite's services keep their data on its PostgreSQL pass.
 * `npm test` (scripts/test.ts) runs the suite twice; the second time
 * AWE_TEST_DATABASE_URL names a database made for that run. Every
 * installation then gets its own schema in it, named after its data dir: a
 * restart or a second replica on the same dir finds the same tables, another
 * test's service never does.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

/** The installation in `dataDir`'s database URL on the PostgreSQL pass; null on the SQLite pass. */
export function testDatabaseUrl(dataDir: string): string | null {
  const run = process.env.AWE_TEST_DATABASE_URL;
  if (!run) return null;
  const url = new URL(run);
  url.searchParams.set('schema', `awe_${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 24)}`);
  return url.toString();
}

/** Connections per test service: dozens of services share one PostgreSQL (100 connections by default) on this pass. */
const POOL_SIZE = 4;

/** The store settings of the installation in `dataDir`, for a service the test builds in process. */
export function testStoreConfig(dataDir: string): { dataDir: string; databaseUrl: string | null; databasePoolSize: number } {
  return { dataDir, databaseUrl: testDatabaseUrl(dataDir), databasePoolSize: POOL_SIZE };
}

/** The environment that points an `awe-server` child process at the installation in `dataDir`. */
export function testDatabaseEnv(dataDir: string): Record<string, string> {
  const url = testDatabaseUrl(dataDir);
  return url === null ? {} : { AWE_DATABASE_URL: url, AWE_DATABASE_POOL_SIZE: String(POOL_SIZE) };
}
