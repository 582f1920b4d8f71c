import type { Sql } from '../sql.js';

/** Where a priority's queue stands: no position is handed out before it (see the SQLite store's fair-share.ts). */
const VTIME = 'COALESCE((SELECT vtime FROM fair_clocks WHERE priority = $3), 0)';

/** The position a job of `owner` entering the queue now would take: after its owner's last one, never before the clock. */
export async function nextFairPosition(sql: Sql, routeId: number | undefined, owner: string, priority: number): Promise<number> {
  const { rows } = await sql.query<{ pos: number }>(
    `SELECT GREATEST(COALESCE((SELECT last_pos + 1 FROM fair_shares WHERE route_id = $1 AND owner = $2 AND priority = $3), 0), ${VTIME}) AS pos`,
    [routeId ?? 0, owner, priority],
  );
  return rows[0].pos;
}

/**
 * The position of a job entering the queue now, recorded as its owner's last on
 * the route at this priority. One upsert, so two replicas queueing jobs of one
 * owner at once take two positions: the second waits for the first's row.
 */
export async function takeFairPosition(sql: Sql, routeId: number, owner: string, priority: number): Promise<number> {
  const { rows } = await sql.query<{ pos: number }>(
    `INSERT INTO fair_shares AS f (route_id, owner, priority, last_pos) VALUES ($1, $2, $3, ${VTIME})
     ON CONFLICT (route_id, owner, priority) DO UPDATE SET last_pos = GREATEST(f.last_pos + 1, ${VTIME})
     RETURNING last_pos AS pos`,
    [routeId, owner, priority],
  );
  return rows[0].pos;
}

/** A claim served a job of this priority at this position: later arrivals of the priority start no earlier. */
export async function advanceClock(sql: Sql, priority: number, position: number): Promise<void> {
  await sql.query(
    `INSERT INTO fair_clocks AS c (priority, vtime) VALUES ($1, $2) ON CONFLICT (priority) DO UPDATE SET vtime = GREATEST(c.vtime, excluded.vtime)`,
    [priority, position],
  );
}
