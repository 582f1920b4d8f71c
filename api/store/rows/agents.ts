import type { Bound } from '../../../core/bounds.js';
import type { Isolation, NodeOffer } from '../../../core/fit.js';
import { parse } from '../json-column.js';

export type AgentState = 'online' | 'draining' | 'lost' | 'removed';

export interface Agent extends NodeOffer {
  id: number;
  slots: number;
  executor: string;
  secretHash: string;
  /** What its admin lets it offer; what it offers now (labels, slots, memoryMB) stays within. */
  bound: Bound;
  state: AgentState;
  lastSeenAt: number;
  createdAt: number;
}

export interface AgentRow {
  id: number;
  name: string;
  labels: string;
  slots: number;
  memory_mb: number | null;
  executor: string;
  isolation: Isolation;
  trust_user_code: number;
  secret_hash: string;
  bound_labels: string | null;
  bound_slots: number | null;
  bound_memory_mb: number | null;
  state: AgentState;
  last_seen_at: number;
  created_at: number;
}

export const fromRow = (row: AgentRow): Agent => ({
  id: row.id,
  name: row.name,
  labels: parse(row.labels),
  slots: row.slots,
  memoryMB: row.memory_mb,
  executor: row.executor,
  isolation: row.isolation,
  trustUserCode: row.trust_user_code === 1,
  secretHash: row.secret_hash,
  bound: { labels: parse(row.bound_labels), slots: row.bound_slots, memoryMB: row.bound_memory_mb },
  state: row.state,
  lastSeenAt: row.last_seen_at,
  createdAt: row.created_at,
});
