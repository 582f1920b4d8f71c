import { fromRow, type Route, type RouteRow } from '../rows/routing.js';
import type { Db } from './db.js';
import { json, stmt } from './statements.js';

export type { Route };

export function listRoutes(db: Db): Route[] {
  return stmt<[], RouteRow>(db, 'SELECT * FROM routing ORDER BY placement').all().map(fromRow);
}

export function getRoute(db: Db, placement: string): Route | undefined {
  const row = stmt<[string], RouteRow>(db, 'SELECT * FROM routing WHERE placement = ?').get(placement);
  return row && fromRow(row);
}

export function putRoute(db: Db, route: Route): void {
  stmt(
    db,
    `INSERT INTO routing (placement, selector, resources, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (placement) DO UPDATE SET selector = excluded.selector, resources = excluded.resources,
       updated_at = excluded.updated_at`,
  ).run(route.placement, json(route.selector), json(route.resources), route.updatedAt);
}

export function deleteRoute(db: Db, placement: string): boolean {
  return stmt(db, 'DELETE FROM routing WHERE placement = ?').run(placement).changes === 1;
}
