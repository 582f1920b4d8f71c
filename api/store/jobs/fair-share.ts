import type { Db } from '../db.js';
import { stmt } from '../statements.js';

/**
 * Start-time fair queuing between owners (docs/routing.md). A job entering the
 * queue takes the position after its owner's last one on the same route, but
 * never one before the queue's virtual time, which each claim advances to the
 * position it served: an owner with 10,000 queued jobs holds positions far
 * ahead, and one who queues a job now is served at the next turn. Kept in the
 * database so that several service replicas share one order.
 */
export function nextFairPosition(db: Db, routeId: number | undefined, owner: string): number {
  return stmt<[number, string], { pos: number }>(
    db,
    `SELECT MAX(COALESCE((SELECT last_pos + 1 FROM fair_shares WHERE route_id = ? AND owner = ?), 0), (SELECT vtime FROM queue_clock)) AS pos`,
  ).get(routeId ?? 0, owner)!.pos;
}

/** The position of a job entering the queue now, recorded as its owner's last on the route. */
export function takeFairPosition(db: Db, routeId: number, owner: string): number {
  const pos = nextFairPosition(db, routeId, owner);
  stmt<[number, string, number]>(
    db,
    `INSERT INTO fair_shares (route_id, owner, last_pos) VALUES (?, ?, ?)
     ON CONFLICT (route_id, owner) DO UPDATE SET last_pos = excluded.last_pos`,
  ).run(routeId, owner, pos);
  return pos;
}

/** A claim served jobs up to this position: later arrivals start no earlier. */
export function advanceClock(db: Db, position: number): void {
  stmt<[number]>(db, 'UPDATE queue_clock SET vtime = MAX(vtime, ?)').run(position);
}
