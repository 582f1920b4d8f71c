import { createScratchDatabase } from '../../scripts/pg-scratch.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * A fresh PostgreSQL database for one test file, dropped when the test ends;
 * null when no PostgreSQL answers (the caller then skips, saying so).
 */
export async function scratchDatabase(t: Teardown): Promise<string | null> {
  const database = await createScratchDatabase();
  if (database === null) return null;
  t.teardown(() => database.drop());
  return database.url;
}
