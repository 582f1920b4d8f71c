import type { Db } from './db.js';
import { stmt } from './statements.js';

/**
 * Takes the lease `name` for `holder` until `now + ttlMs`, or renews it: when
 * nobody holds it, its holder's time ran out, or `holder` holds it already.
 * Answers the term held, which goes up at every change of holder; null when
 * another replica holds it. In SQLite one process uses the database, so it
 * always gets it; the table and the rule are the same as in PostgreSQL.
 */
export function takeLease(db: Db, name: string, holder: string, ttlMs: number, now: number): number | null {
  const row = stmt<[string, string, number, number], { term: number }>(
    db,
    `INSERT INTO leader_lease (name, holder, term, expires_at) VALUES (?, ?, 1, ?)
     ON CONFLICT (name) DO UPDATE SET
       term = CASE WHEN holder = excluded.holder THEN term ELSE term + 1 END,
       holder = excluded.holder,
       expires_at = excluded.expires_at
     WHERE holder = excluded.holder OR expires_at <= ?
     RETURNING term`,
  ).get(name, holder, now + ttlMs, now);
  return row?.term ?? null;
}

/** Gives the lease up on a clean shutdown, so another replica takes it at its next try rather than after the expiry. */
export function releaseLease(db: Db, name: string, holder: string): void {
  stmt(db, 'UPDATE leader_lease SET expires_at = 0 WHERE name = ? AND holder = ?').run(name, holder);
}
