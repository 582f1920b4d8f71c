import type { QueueKey } from '../../queue-order.js';
import type { Sql } from '../sql.js';

// Index jobs_route_queue holds each route's queue in claim order, with
// not_before, so jobs waiting out a retry delay are stepped over in the index.
const HEAD = `SELECT id, priority, fair_pos FROM jobs
  WHERE route_id = $1 AND state = 'queued' AND not_before <= $2 ORDER BY priority DESC, fair_pos, id LIMIT $3`;

/** The first `limit` claimable jobs of one route in claim order: what a claim takes, and what pendingReason counts. */
export async function routeHead(sql: Sql, routeId: number, now: number, limit: number): Promise<QueueKey[]> {
  const { rows } = await sql.query<QueueKey>(HEAD, [routeId, now, limit]);
  return rows;
}

/**
 * The head of a route for a claim: the same rows, each locked for this
 * transaction, skipping those another claim holds now, so claims running at
 * once on several replicas never wait for each other nor take the same job.
 */
export async function lockRouteHead(sql: Sql, routeId: number, now: number, limit: number): Promise<QueueKey[]> {
  const { rows } = await sql.query<QueueKey>(`${HEAD} FOR NO KEY UPDATE SKIP LOCKED`, [routeId, now, limit]);
  return rows;
}
