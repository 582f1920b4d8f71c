import { DATABASE_NOW_MS } from './clock.js';
import type { Sql } from './sql.js';

/**
 * Takes the lease `name` for `holder` for `ttlMs` from now by the database's
 * clock, or renews it: when nobody holds it, its holder's time ran out, or
 * `holder` holds it already. Answers the term held (it goes up at every change
 * of holder), or null when another replica holds it. One statement: of two
 * replicas trying at once, the second waits for the first's row and then
 * finds it held.
 */
export async function takeLease(sql: Sql, name: string, holder: string, ttlMs: number): Promise<number | null> {
  const { rows } = await sql.query<{ term: string }>(
    `INSERT INTO leader_lease AS lease (name, holder, term, expires_at) VALUES ($1, $2, 1, ${DATABASE_NOW_MS} + $3)
     ON CONFLICT (name) DO UPDATE SET
       term = CASE WHEN lease.holder = excluded.holder THEN lease.term ELSE lease.term + 1 END,
       holder = excluded.holder,
       expires_at = excluded.expires_at
     WHERE lease.holder = excluded.holder OR lease.expires_at <= ${DATABASE_NOW_MS}
     RETURNING term`,
    [name, holder, Math.round(ttlMs)],
  );
  return rows.length === 0 ? null : Number(rows[0]!.term);
}

/** Gives the lease up on a clean shutdown, so another replica takes it at its next try rather than after the expiry. */
export async function releaseLease(sql: Sql, name: string, holder: string): Promise<void> {
  await sql.query('UPDATE leader_lease SET expires_at = 0 WHERE name = $1 AND holder = $2', [name, holder]);
}
