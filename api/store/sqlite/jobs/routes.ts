import type { Route } from '../../../../core/fit.js';
import type { Labels } from '../../../../core/labels.js';
import { routeKey } from '../../route-key.js';
import type { Db } from '../db.js';
import { parse, stmt } from '../statements.js';

export interface StoredRoute extends Route {
  id: number;
}

interface RouteRow {
  id: number;
  selector: string;
  requested_node: string | null;
  min_memory_mb: number | null;
  ships_code: number;
}

const fromRow = (row: RouteRow): StoredRoute => ({
  id: row.id,
  selector: parse<Labels>(row.selector),
  requestedNode: row.requested_node,
  minMemoryMB: row.min_memory_mb,
  shipsCode: row.ships_code === 1,
});

/** The id of a route if any job took it yet. */
export function findRouteId(db: Db, route: Route): number | undefined {
  return stmt<[string], { id: number }>(db, 'SELECT id FROM job_routes WHERE key = ?').get(routeKey(route).key)?.id;
}

/**
 * The id of a route, created on first use. A new route counts as runnable
 * from its creation: the next aging sweep keeps that if a node fits it, and
 * clears it if none does, so its first jobs age from their submission.
 */
export function routeId(db: Db, route: Route, now: number): number {
  const found = findRouteId(db, route);
  if (found !== undefined) return found;
  const { key, selector } = routeKey(route);
  return stmt<[string, string, string | null, number | null, number, number], { id: number }>(
    db,
    'INSERT INTO job_routes (key, selector, requested_node, min_memory_mb, ships_code, runnable_since) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
  ).get(key, selector, route.requestedNode, route.minMemoryMB, route.shipsCode ? 1 : 0, now)!.id;
}

/**
 * Routes that have queued jobs and are not pinned to a node outside `nodes`.
 * A route pinned elsewhere can never fit these nodes, and routes pinned to
 * names nobody enrolled (which a user allowed to route may create at will)
 * are left out, so the answer stays as small as the admin's routing.
 */
export function queuedRoutesFor(db: Db, nodes: string[]): StoredRoute[] {
  return stmt<[string], RouteRow>(
    db,
    `SELECT r.* FROM job_routes r
     WHERE r.requested_node IS NULL AND EXISTS (SELECT 1 FROM jobs j INDEXED BY jobs_route_queue WHERE j.route_id = r.id AND j.state = 'queued')
     UNION ALL
     SELECT r.* FROM job_routes r
     WHERE r.requested_node IN (SELECT value FROM json_each(?)) AND EXISTS (SELECT 1 FROM jobs j INDEXED BY jobs_route_queue WHERE j.route_id = r.id AND j.state = 'queued')`,
  )
    .all(JSON.stringify(nodes))
    .map(fromRow);
}

export function routesById(db: Db, ids: number[]): Map<number, StoredRoute> {
  const rows = stmt<[string], RouteRow>(db, 'SELECT * FROM job_routes WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids));
  return new Map(rows.map((row) => [row.id, fromRow(row)]));
}
