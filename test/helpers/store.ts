import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../api/store/open-store.js';
import type { Recipe, Store } from '../../api/store/store.js';
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

/** A recipe with nothing but a name, for tests of the store's own behaviour. */
export const namedRecipe = (name: string): Recipe => ({
  name,
  command: ['true'],
  description: '',
  placement: null,
  labels: {},
  minMemoryMB: null,
  timeoutSeconds: null,
  maxAttempts: 1,
  priority: 0,
  resources: {},
  parameters: [],
  reuse: false,
  reusable: true,
  updatedAt: 0,
});

export const recipeNames = (recipes: Recipe[]): string[] => recipes.map((r) => r.name);
