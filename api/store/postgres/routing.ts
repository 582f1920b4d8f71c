import { fromRow, type Route, type RouteRow } from '../rows/routing.js';
import type { Sql } from './sql.js';

export async function listRoutes(sql: Sql): Promise<Route[]> {
  return (await sql.query<RouteRow>('SELECT * FROM routing ORDER BY placement')).rows.map(fromRow);
}

export async function getRoute(sql: Sql, placement: string): Promise<Route | undefined> {
  const row = (await sql.query<RouteRow>('SELECT * FROM routing WHERE placement = $1', [placement])).rows[0];
  return row && fromRow(row);
}

export async function putRoute(sql: Sql, route: Route): Promise<void> {
  await sql.query(
    `INSERT INTO routing (placement, selector, resources, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (placement) DO UPDATE SET selector = excluded.selector, resources = excluded.resources,
       updated_at = excluded.updated_at`,
    [route.placement, JSON.stringify(route.selector), JSON.stringify(route.resources), route.updatedAt],
  );
}

export async function deleteRoute(sql: Sql, placement: string): Promise<boolean> {
  return (await sql.query('DELETE FROM routing WHERE placement = $1', [placement])).rowCount === 1;
}
