import type { Bound } from '../../../core/bounds.js';
import type { Isolation, NodeOffer } from '../../../core/fit.js';
import type { Labels } from '../../../core/labels.js';
import { parse } from '../json-column.js';

export type AgentState = 'online' | 'draining' | 'lost' | 'removed';

export interface Agent extends NodeOffer {
  id: number;
  slots: number;
  executor: string;
  /** The site it was enrolled at (also its label `site`); null for none. */
  site: string | null;
  secretHash: string;
  /** What its admin lets it offer; what it offers now (labels, slots, memoryMB) stays within. */
  bound: Bound;
  state: AgentState;
  /** The digest of its base code as it last reported with a finish; null until then, or for agents that do not report it. */
  baseDigest: string | null;
  lastSeenAt: number;
  createdAt: number;
}

/** What an agent (re)starting says it offers. */
export interface AgentOffer {
  labels?: Labels;
  slots?: number;
  memoryMB?: number;
  isolation?: Isolation;
  trustUserCode?: boolean;
  baseDigest?: string;
}

export interface AgentRow {
  id: number;
  name: string;
  labels: string;
  slots: number;
  memory_mb: number | null;
  executor: string;
  site: string | null;
  isolation: Isolation;
  trust_user_code: number;
  secret_hash: string;
  bound_labels: string | null;
  bound_slots: number | null;
  bound_memory_mb: number | null;
  state: AgentState;
  base_digest: string | null;
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
  site: row.site,
  isolation: row.isolation,
  trustUserCode: row.trust_user_code === 1,
  secretHash: row.secret_hash,
  bound: { labels: parse(row.bound_labels), slots: row.bound_slots, memoryMB: row.bound_memory_mb },
  state: row.state,
  baseDigest: row.base_digest,
  lastSeenAt: row.last_seen_at,
  createdAt: row.created_at,
});
