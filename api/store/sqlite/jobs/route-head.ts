import type { QueueKey } from '../../queue-order.js';
import type { Db } from '../db.js';
import { stmt } from '../statements.js';

// Index jobs_route_queue holds each route's queue in claim order, with
// not_before, so jobs waiting out a retry delay are stepped over in the index.
const HEAD = `SELECT id, priority, fair_pos FROM jobs INDEXED BY jobs_route_queue
  WHERE route_id = ? AND state = 'queued' AND not_before <= ? ORDER BY priority DESC, fair_pos, id LIMIT ?`;

/** The first `limit` claimable jobs of one route in claim order: what a claim takes, and what pendingReason counts. */
export function routeHead(db: Db, routeId: number, now: number, limit: number): QueueKey[] {
  return stmt<[number, number, number], QueueKey>(db, HEAD).all(routeId, now, limit);
}
