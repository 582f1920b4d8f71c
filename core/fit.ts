import { formatSelector, unmatched, type Labels } from './labels.js';

/**
 * What decides where a job may run. Selector and memory floor come from the
 * admin's recipes and routing, the requested node from a submitter allowed to
 * route, and `shipsCode` from a user bundle (`-mycode`): few distinct routes
 * exist however many jobs wait, which is what lets a claim judge routes rather
 * than jobs.
 */
export interface Route {
  selector: Labels;
  requestedNode: string | null;
  minMemoryMB: number | null;
  shipsCode: boolean;
}

export type Isolation = 'bwrap' | 'none';

/** What a node offers, as it reported at register or hello. */
export interface NodeOffer {
  name: string;
  labels: Labels;
  memoryMB: number | null;
  isolation: Isolation;
  trustUserCode: boolean;
}

/** Why a node may not run a route's jobs; checked in this order, so a later kind means the earlier ones passed. */
export type Misfit =
  | { kind: 'node'; wanted: string }
  | { kind: 'labels'; missing: string[] }
  | { kind: 'memory'; has: number | null; needs: number }
  | { kind: 'isolation' };

/**
 * The one fit rule, used by the claim, explain, pendingReason and aging: the
 * node asked for, the label selector, the memory floor, and for shipped user
 * code a node that boxes it (bwrap) or whose admin said it trusts user code.
 */
export function misfit(route: Route, node: NodeOffer): Misfit | null {
  if (route.requestedNode !== null && route.requestedNode !== node.name) return { kind: 'node', wanted: route.requestedNode };
  const missing = unmatched(route.selector, node.labels);
  if (missing.length > 0) return { kind: 'labels', missing };
  if (route.minMemoryMB !== null && (node.memoryMB ?? 0) < route.minMemoryMB) return { kind: 'memory', has: node.memoryMB, needs: route.minMemoryMB };
  if (route.shipsCode && node.isolation === 'none' && !node.trustUserCode) return { kind: 'isolation' };
  return null;
}

export const fits = (route: Route, node: NodeOffer): boolean => misfit(route, node) === null;

/** Shipped code on a node that cannot box it: the words pendingReason and explain share. */
export const SHIPPED_CODE_REFUSED = 'nodes without isolation need --trust-user-code';

/** A misfit in words, after the node's name: "lacks pool=bigmem". */
export function describeMisfit(why: Misfit): string {
  switch (why.kind) {
    case 'node':
      return `not the requested node ${why.wanted}`;
    case 'labels':
      return `lacks ${why.missing.join(', ')}`;
    case 'memory':
      return `has ${why.has ?? 'unknown'} MB, needs ${why.needs} MB`;
    case 'isolation':
      return `may not run shipped code (${SHIPPED_CODE_REFUSED})`;
  }
}

/** What a route asks of a node's labels and memory, in words ("pool=bigmem with 64000 MB"); empty when nothing. */
export function describeRoute(route: Pick<Route, 'selector' | 'minMemoryMB'>): string {
  const labels = Object.keys(route.selector).length > 0 ? formatSelector(route.selector) : '';
  return [labels, route.minMemoryMB !== null ? `${route.minMemoryMB} MB` : ''].filter(Boolean).join(' with ');
}
