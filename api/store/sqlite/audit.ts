import { fromRow, type AuditEntry, type AuditRow } from '../rows/audit.js';
import type { Db } from './db.js';
import { json, stmt } from './statements.js';

export type { AuditEntry };

export function insertAudit(db: Db, entry: Omit<AuditEntry, 'id'>): void {
  stmt(db, 'INSERT INTO audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)').run(entry.at, entry.actor, entry.action, entry.target, json(entry.detail));
}

/** Newest first, `limit` entries with ids below `before` (a page cursor). */
export function listAudit(db: Db, before: number, limit: number): AuditEntry[] {
  return stmt<[number, number], AuditRow>(db, 'SELECT * FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?').all(before, limit).map(fromRow);
}
