/**
 * A fresh PostgreSQL database for one test file, on the server CI runs at
 * 127.0.0.1:5432 (AWE_TEST_PG_URL overrides), dropped when the test ends.
 * Answers null when no PostgreSQL answers; the caller then skips, saying so.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

interface Teardown {
  teardown(fn: () => unknown): void;
}

const ADMIN_URL = process.env.AWE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function scratchDatabase(t: Teardown): Promise<string | null> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `awe_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  t.teardown(async () => {
    const dropper = new pg.Client({ connectionString: ADMIN_URL });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
