import type { QueueKey } from '../../queue-order.js';
import type { Db } from '../db.js';
import { allRows } from '../statements.js';

// Index jobs_route_queue holds each route's queue in claim order, with
// not_before, so jobs waiting out a retry delay are stepped over in the index.
// The limit is part of the statement's text: SQLite plans with the value of a
// bound LIMIT and so prepares such a statement again at every run; a claim
// asks for few distinct limits (its slots, and those plus the lookahead).
const head = (limit: number): string => `SELECT id, priority, fair_pos FROM jobs INDEXED BY jobs_route_queue
  WHERE route_id = ? AND state = 'queued' AND not_before <= ? ORDER BY priority DESC, fair_pos, id LIMIT ${limit}`;

/** The first `limit` claimable jobs of one route in claim order: what a claim takes, and what pendingReason counts. */
export function routeHead(db: Db, routeId: number, now: number, limit: number): QueueKey[] {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`bad limit ${limit}`);
  return allRows<QueueKey>(db, head(limit), routeId, now);
}
