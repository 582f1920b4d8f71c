import type { Sql } from './sql.js';

/** Times of the key's failed sign-ins since `since`, newest first, at most `limit` (as in SQLite). */
export async function recentSignInFailures(sql: Sql, key: string, since: number, limit: number): Promise<number[]> {
  const { rows } = await sql.query<{ at: string }>('SELECT at FROM sign_in_failures WHERE key = $1 AND at > $2 ORDER BY at DESC LIMIT $3', [key, since, limit]);
  return rows.map((row) => Number(row.at));
}

/** One row per key, in one statement (so in one commit). */
export async function recordSignInFailure(sql: Sql, keys: readonly string[], at: number): Promise<void> {
  await sql.query('INSERT INTO sign_in_failures (key, at) SELECT unnest($1::text[]), $2', [keys, at]);
}

export async function forgetSignInFailures(sql: Sql, key: string): Promise<void> {
  await sql.query('DELETE FROM sign_in_failures WHERE key = $1', [key]);
}

export async function pruneSignInFailures(sql: Sql, before: number): Promise<number> {
  return (await sql.query('DELETE FROM sign_in_failures WHERE at <= $1', [before])).rowCount ?? 0;
}
