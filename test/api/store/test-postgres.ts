import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../../api/store/postgres/migrate.js';
import { openPool } from '../../../api/store/postgres/pool.js';

interface Tap {
  teardown(fn: () => unknown): void;
}

/** Gives each test a schema of its own, migrated, in a database made for this run. */
export interface TestPostgres {
  /** The URL of a fresh schema; open as many pools on it as the test needs. */
  freshUrl(): Promise<string>;
  /** A pool on `url` (the store's own, with its number parsers), ended when the test ends. */
  pool(t: Tap, url: string): pg.Pool;
}

/**
 * PostgreSQL for store tests: the database AWE_TEST_DATABASE_URL names (the
 * suite's PostgreSQL pass makes one per run), or else a database created now on
 * the server AWE_TEST_POSTGRES_URL names (as npm test does; 127.0.0.1:5432 by
 * default) and dropped when `t` ends. Answers why not, as
 * text to skip with, when no server answers.
 */
export async function testPostgres(t: Tap): Promise<TestPostgres | string> {
  const given = process.env.AWE_TEST_DATABASE_URL;
  const server = given ?? process.env.AWE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: server, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    return `no PostgreSQL answers at ${new URL(server).host} (${(error as Error).message})`;
  }
  let base = server;
  if (given) {
    await admin.end();
  } else {
    const name = `awe_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${name}`);
    base = Object.assign(new URL(server), { pathname: `/${name}` }).toString();
    t.teardown(async () => {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    });
  }
  const pool = (t: Tap, url: string): pg.Pool => {
    const { pool } = openPool(url);
    t.teardown(() => pool.end());
    return pool;
  };
  return {
    pool,
    async freshUrl() {
      const url = new URL(base);
      url.searchParams.set('schema', `t_${randomBytes(6).toString('hex')}`);
      const { pool: setup, schema } = openPool(url.toString(), { max: 1 });
      await migrate(setup, schema);
      await setup.end();
      return url.toString();
    },
  };
}
