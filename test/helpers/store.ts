import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../api/store/open-store.js';
import type { Store } from '../../api/store/store.js';
import { testStoreConfig } from '../../scripts/test-database.js';

/** The back end this run of the suite tests: PostgreSQL on npm test's second pass, else SQLite. */
export const BACK_END: Store['kind'] = process.env.AWE_TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** A fresh, empty store on this run's back end (a SQLite file of its own, or a schema of its own), closed when the test ends. */
export async function testStore(t: { teardown(fn: () => unknown): void }): Promise<Store> {
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-store-'));
  const store = await openStore({ ...testStoreConfig(dataDir), synchronous: 'normal' });
  t.teardown(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return store;
}
