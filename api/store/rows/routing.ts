import type { Labels } from '../../../core/labels.js';
import { parse } from '../json-column.js';

/** The management's routing table: a placement names where work of that kind belongs. */
export interface Route {
  placement: string;
  selector: Labels;
  /** Batch directives (partition, account, …) for agents that queue on a batch system. */
  resources: Record<string, unknown>;
  updatedAt: number;
}

export interface RouteRow {
  placement: string;
  selector: string;
  resources: string;
  updated_at: number;
}

export const fromRow = (row: RouteRow): Route => ({
  placement: row.placement,
  selector: parse(row.selector),
  resources: parse(row.resources),
  updatedAt: row.updated_at,
});
