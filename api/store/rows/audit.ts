import type { AuditAction } from '../../../core/audit-actions.js';
import { parse } from '../json-column.js';

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: AuditAction;
  target: string;
  detail: Record<string, unknown>;
}

export type AuditRow = Omit<AuditEntry, 'detail'> & { detail: string };

export const fromRow = (row: AuditRow): AuditEntry => ({ ...row, detail: parse(row.detail) });
