import type pg from 'pg';

/** The database's clock in milliseconds since the epoch: the time leases and retries are measured by. */
export const DATABASE_NOW_MS = `(extract(epoch FROM clock_timestamp()) * 1000)::bigint`;

/** Reads the database's clock once. */
export async function databaseTime(db: pg.Pool | pg.Client): Promise<number> {
  const { rows } = await db.query<{ now: string }>(`SELECT ${DATABASE_NOW_MS} AS now`);
  return Number(rows[0]!.now);
}
