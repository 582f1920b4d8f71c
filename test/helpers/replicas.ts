/**
 * Two `awe-server` processes on one installation (one data dir: one SQLite
 * file, keys and blobs; or one PostgreSQL schema on npm test's PostgreSQL
 * pass), on fixed ports so that either can be killed and started again at the
 * same URL, linked by LISTEN/NOTIFY when a PostgreSQL answers.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReplicaLink } from '../../api/store/open-link.js';
import { testDatabaseEnv } from '../../scripts/test-database.js';
import { freePort, serverProcess, type ServerProcess } from './server-process.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * A URL for the replica link on the test PostgreSQL (AWE_TEST_DATABASE_URL on npm test's PostgreSQL
 * pass, else AWE_TEST_POSTGRES_URL or 127.0.0.1:5432), with a schema name of its own that gives the
 * link a channel of its own; null when no PostgreSQL answers.
 */
async function testLinkUrl(): Promise<string | null> {
  const url = new URL(process.env.AWE_TEST_DATABASE_URL ?? process.env.AWE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.searchParams.set('schema', `awe_links_${randomBytes(6).toString('hex')}`);
  try {
    await (await openReplicaLink({ databaseUrl: null, pgNotify: url.toString() }, 'probe', { warn: () => {} })).close();
  } catch {
    return null;
  }
  return url.toString();
}

/**
 * Two replicas on one fresh data dir, not yet started; `dir` holds it and is the test's scratch space.
 * On npm test's PostgreSQL pass both use the data dir's schema (and LISTEN/NOTIFY over it); on the SQLite
 * pass they share the SQLite file, linked through the test PostgreSQL when one answers.
 */
export async function twoReplicas(t: Teardown, env: Record<string, string>): Promise<{ dir: string; replicas: [ServerProcess, ServerProcess]; linked: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'awe-replicas-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const dataDir = join(dir, 'data');
  const database = testDatabaseEnv(dataDir);
  const linkUrl = database.AWE_DATABASE_URL ? null : await testLinkUrl();
  const shared = { AWE_DATA_DIR: dataDir, ...database, ...(linkUrl ? { AWE_PG_NOTIFY: linkUrl } : {}), ...env };
  const linked = database.AWE_DATABASE_URL !== undefined || linkUrl !== null;
  return { dir, replicas: [serverProcess(t, shared, await freePort()), serverProcess(t, shared, await freePort())], linked };
}
