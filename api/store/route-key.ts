import type { Route } from '../../core/fit.js';

/**
 * A route's key: its selector with the labels in one order, so that equal
 * routes get one row in job_routes on either back end (the same text as
 * SQLite's migration 003 builds).
 */
export function routeKey(route: Route): { key: string; selector: string } {
  const selector = JSON.stringify(Object.fromEntries(Object.entries(route.selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
  return { key: JSON.stringify([selector, route.requestedNode, route.minMemoryMB, route.shipsCode ? 1 : 0]), selector };
}
