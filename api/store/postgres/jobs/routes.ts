import type { Route } from '../../../../core/fit.js';
import type { Labels } from '../../../../core/labels.js';
import { routeKey } from '../../route-key.js';
import type { StoredRoute } from '../../store.js';
import type { Sql } from '../sql.js';

interface RouteRow {
  id: number;
  selector: string;
  requested_node: string | null;
  min_memory_mb: number | null;
  ships_code: number;
}

const fromRow = (row: RouteRow): StoredRoute => ({
  id: row.id,
  selector: JSON.parse(row.selector) as Labels,
  requestedNode: row.requested_node,
  minMemoryMB: row.min_memory_mb,
  shipsCode: row.ships_code === 1,
});

/** The id of a route if any job took it yet. */
export async function findRouteId(sql: Sql, route: Route): Promise<number | undefined> {
  const { rows } = await sql.query<{ id: number }>('SELECT id FROM job_routes WHERE key = $1', [routeKey(route).key]);
  return rows[0]?.id;
}

/**
 * The id of a route, created on first use. A new route counts as runnable
 * from its creation (see the SQLite store). Two replicas creating the same
 * route at once get one row: the loser's insert waits for the winner's and
 * then finds its row.
 */
export async function routeId(sql: Sql, route: Route, now: number): Promise<number> {
  const found = await findRouteId(sql, route);
  if (found !== undefined) return found;
  const { key, selector } = routeKey(route);
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO job_routes (key, selector, requested_node, min_memory_mb, ships_code, runnable_since) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [key, selector, route.requestedNode, route.minMemoryMB, route.shipsCode ? 1 : 0, now],
  );
  return rows[0]?.id ?? (await findRouteId(sql, route))!;
}

/**
 * Routes that have queued jobs and are not pinned to a node outside `nodes`
 * (see the SQLite store for why), each found through job_routes' index on
 * requested_node and jobs_route_queue.
 */
export async function queuedRoutesFor(sql: Sql, nodes: string[]): Promise<StoredRoute[]> {
  const { rows } = await sql.query<RouteRow>(
    `SELECT r.* FROM job_routes r
     WHERE r.requested_node IS NULL AND EXISTS (SELECT 1 FROM jobs j WHERE j.route_id = r.id AND j.state = 'queued')
     UNION ALL
     SELECT r.* FROM job_routes r
     WHERE r.requested_node = ANY($1::text[]) AND EXISTS (SELECT 1 FROM jobs j WHERE j.route_id = r.id AND j.state = 'queued')
     ORDER BY id`,
    [nodes],
  );
  return rows.map(fromRow);
}

export async function routesById(sql: Sql, ids: number[]): Promise<Map<number, StoredRoute>> {
  const { rows } = await sql.query<RouteRow>('SELECT * FROM job_routes WHERE id = ANY($1::bigint[])', [ids]);
  return new Map(rows.map((row) => [row.id, fromRow(row)]));
}
