import type { Sql } from './sql.js';

/** The database's clock in milliseconds since the epoch: the time leases and retries are measured by. */
export const DATABASE_NOW_MS = `(extract(epoch FROM clock_timestamp()) * 1000)::bigint`;

/** Reads the database's clock once. */
export async function databaseTime(sql: Sql): Promise<number> {
  const { rows } = await sql.query<{ now: string }>(`SELECT ${DATABASE_NOW_MS} AS now`);
  return Number(rows[0]!.now);
}
