import { fromRow, type AuditEntry, type AuditRow } from '../rows/audit.js';
import type { Sql } from './sql.js';

export async function insertAudit(sql: Sql, entry: Omit<AuditEntry, 'id'>): Promise<void> {
  await sql.query('INSERT INTO audit (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)', [
    entry.at,
    entry.actor,
    entry.action,
    entry.target,
    JSON.stringify(entry.detail),
  ]);
}

/** Newest first, `limit` entries with ids below `before` (a page cursor). */
export async function listAudit(sql: Sql, before: number, limit: number): Promise<AuditEntry[]> {
  return (await sql.query<AuditRow>('SELECT * FROM audit WHERE id < $1 ORDER BY id DESC LIMIT $2', [before, limit])).rows.map(fromRow);
}
