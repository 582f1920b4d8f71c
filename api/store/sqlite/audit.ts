import type { AuditAction } from '../../../core/audit-actions.js';
import type { Db } from './db.js';
import { json, parse, stmt } from './statements.js';

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: AuditAction;
  target: string;
  detail: Record<string, unknown>;
}

export function insertAudit(db: Db, entry: Omit<AuditEntry, 'id'>): void {
  stmt(db, 'INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)').run(entry.at, entry.actor, entry.action, entry.target, json(entry.detail));
}

/** Newest first, `limit` entries with ids below `before` (a page cursor). */
export function listAudit(db: Db, before: number, limit: number): AuditEntry[] {
  return stmt<[number, number], Omit<AuditEntry, 'detail'> & { detail: string }>(db, 'SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?')
    .all(before, limit)
    .map((row) => ({ ...row, detail: parse(row.detail) }));
}
