import type { Db } from '../db.js';
import { stmt } from '../statements.js';

/**
 * Start-time fair queuing between owners (docs/routing.md), one queue per
 * priority. A job entering the queue takes the position after its owner's last
 * one on the same route and priority, but never one before that priority's
 * virtual time, which each claim advances to the position it served: an owner
 * with 10,000 queued jobs holds positions far ahead, and one who queues a job
 * now is served at the next turn. A clock per priority, because an urgent job
 * served out of turn must not move the clock of the plain ones past the
 * backlog of its owner. Kept in the database so that several service replicas
 * share one order.
 */
export function nextFairPosition(db: Db, routeId: number | undefined, owner: string, priority: number): number {
  return stmt<[number, string, number, number], { pos: number }>(
    db,
    `SELECT MAX(COALESCE((SELECT last_pos + 1 FROM fair_shares WHERE route_id = ? AND owner = ? AND priority = ?), 0),
       COALESCE((SELECT vtime FROM fair_clocks WHERE priority = ?), 0)) AS pos`,
  ).get(routeId ?? 0, owner, priority, priority)!.pos;
}

/**
 * Positions for jobs entering the queue in one transaction: each takes the one
 * after its owner's last on the route at its priority, counted here after the
 * first read, and `record` writes each owner's last position once.
 */
export class FairPositions {
  private readonly last = new Map<string, { routeId: number; owner: string; priority: number; pos: number }>();

  constructor(private readonly db: Db) {}

  take(routeId: number, owner: string, priority: number): number {
    const key = JSON.stringify([routeId, owner, priority]);
    const seen = this.last.get(key);
    const pos = seen ? seen.pos + 1 : nextFairPosition(this.db, routeId, owner, priority);
    this.last.set(key, { routeId, owner, priority, pos });
    return pos;
  }

  record(): void {
    const upsert = stmt<[number, string, number, number]>(
      this.db,
      `INSERT INTO fair_shares (route_id, owner, priority, last_pos) VALUES (?, ?, ?, ?)
       ON CONFLICT (route_id, owner, priority) DO UPDATE SET last_pos = excluded.last_pos`,
    );
    for (const { routeId, owner, priority, pos } of this.last.values()) upsert.run(routeId, owner, priority, pos);
    this.last.clear();
  }
}

/** The position of a job entering the queue now, recorded as its owner's last on the route at this priority. */
export function takeFairPosition(db: Db, routeId: number, owner: string, priority: number): number {
  const positions = new FairPositions(db);
  const pos = positions.take(routeId, owner, priority);
  positions.record();
  return pos;
}

/** A claim served a job of this priority at this position: later arrivals of the priority start no earlier. */
export function advanceClock(db: Db, priority: number, position: number): void {
  stmt<[number, number]>(
    db,
    `INSERT INTO fair_clocks (priority, vtime) VALUES (?, ?) ON CONFLICT (priority) DO UPDATE SET vtime = MAX(vtime, excluded.vtime)`,
  ).run(priority, position);
}
