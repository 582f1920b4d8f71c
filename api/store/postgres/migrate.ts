import pg from 'pg';
import { MIGRATIONS } from './migrations/index.js';

/**
 * Applies the migrations a database does not have yet, each in its own
 * transaction. Replicas starting at once take turns under an advisory lock
 * (one per schema), so the second finds the work done instead of racing the
 * first to create the same tables.
 */
export async function migrate(pool: pg.Pool, schema: string | null): Promise<void> {
  const client = await pool.connect();
  const lock = `awe-dp migrations ${schema ?? ''}`;
  let failure: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lock]);
    try {
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((row) => row.version));
      for (const { version, sql } of MIGRATIONS) {
        if (applied.has(version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, (extract(epoch FROM now()) * 1000)::bigint)', [version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]);
    }
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    // A client that failed midway is closed rather than pooled: with it goes any lock or transaction it still holds.
    client.release(failure);
  }
}
