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

/** A batch insert's answer: the batch, and whether this insert made it (false: an earlier submit stored it under the same key). */
export interface InsertedBatch {
  id: number;
  created: boolean;
}

/**
 * The batch an earlier submit of `owner` stored under this idempotency key.
 * Batches of earlier releases kept the key on each job as `KEY#i`: the first
 * job names its batch.
 */
function batchByKey(db: Db, owner: string, key: string): number | undefined {
  return stmt<[string, string, string, string], { id: number }>(
    db,
    `SELECT id FROM job_batches WHERE owner = ? AND idempotency_key = ?
     UNION ALL SELECT submit_batch FROM jobs WHERE owner = ? AND idempotency_key = ? AND submit_batch IS NOT NULL LIMIT 1`,
  ).get(owner, key, owner, `${key}#0`)?.id;
}

/**
 * A new submit batch of `owner` (a rerun names the batch it repeats); its jobs
 * point at it at their insert. With an idempotency key an earlier submit of
 * the same owner used, that submit's batch instead.
 */
export function insertBatch(db: Db, owner: string, rerunOf: number | null, now: number, idempotencyKey: string | null = null): InsertedBatch {
  const earlier = idempotencyKey === null ? undefined : batchByKey(db, owner, idempotencyKey);
  if (earlier !== undefined) return { id: earlier, created: false };
  const { lastInsertRowid } = stmt(db, 'INSERT INTO job_batches (owner, rerun_of, created_at, idempotency_key) VALUES (?, ?, ?, ?)').run(owner, rerunOf, now, idempotencyKey);
  return { id: Number(lastInsertRowid), created: true };
}

export function getBatch(db: Db, id: number): BatchRecord | undefined {
  const row = stmt<[number], { id: number; owner: string; rerun_of: number | null; created_at: number }>(db, 'SELECT * FROM job_batches WHERE id = ?').get(id);
  if (!row) return undefined;
  const jobs = stmt<[number], { id: number; state: JobState }>(db, 'SELECT id, state FROM jobs WHERE submit_batch = ? ORDER BY id').all(id);
  return { id: row.id, owner: row.owner, rerunOf: row.rerun_of, createdAt: row.created_at, jobs };
}
