import type { Bound } from '../../../core/bounds.js';
import { parse } from '../json-column.js';

export interface EnrollmentTokenRecord {
  id: number;
  usesLeft: number;
  expiresAt: number;
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
  bound: Bound;
}

export interface BoundColumns {
  bound_labels: string | null;
  bound_slots: number | null;
  bound_memory_mb: number | null;
}

export interface EnrollmentTokenRow extends BoundColumns {
  id: number;
  uses_left: number;
  expires_at: number;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
}

export const BOUND_COLUMNS = 'bound_labels, bound_slots, bound_memory_mb';

export const boundOf = (row: BoundColumns): Bound => ({ labels: parse(row.bound_labels), slots: row.bound_slots, memoryMB: row.bound_memory_mb });

export const tokenFromRow = (row: EnrollmentTokenRow): EnrollmentTokenRecord => ({
  id: row.id,
  usesLeft: row.uses_left,
  expiresAt: row.expires_at,
  createdBy: row.created_by,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
  bound: boundOf(row),
});
