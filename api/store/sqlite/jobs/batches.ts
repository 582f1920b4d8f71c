import type { JobState } from '../../../../core/states.js';
import type { Db } from '../db.js';
import { stmt } from '../statements.js';

export interface BatchRecord {
  id: number;
  owner: string;
  rerunOf: number | null;
  createdAt: number;
  jobs: Array<{ id: number; state: JobState }>;
}

/** A new submit batch of `owner` (a rerun names the batch it repeats); its jobs point at it at their insert. */
export function insertBatch(db: Db, owner: string, rerunOf: number | null, now: number): number {
  return Number(stmt(db, 'INSERT INTO job_batches (owner, rerun_of, created_at) VALUES (?, ?, ?)').run(owner, rerunOf, now).lastInsertRowid);
}

export function getBatch(db: Db, id: number): BatchRecord | undefined {
  const row = stmt<[number], { id: number; owner: string; rerun_of: number | null; created_at: number }>(db, 'SELECT * FROM job_batches WHERE id = ?').get(id);
  if (!row) return undefined;
  const jobs = stmt<[number], { id: number; state: JobState }>(db, 'SELECT id, state FROM jobs WHERE submit_batch = ? ORDER BY id').all(id);
  return { id: row.id, owner: row.owner, rerunOf: row.rerun_of, createdAt: row.created_at, jobs };
}

/** Removes a batch nothing was stored in (a retried submit whose jobs all existed). */
export function deleteBatch(db: Db, id: number): void {
  stmt(db, 'DELETE FROM job_batches WHERE id = ? AND NOT EXISTS (SELECT 1 FROM jobs WHERE submit_batch = ?)').run(id, id);
}
