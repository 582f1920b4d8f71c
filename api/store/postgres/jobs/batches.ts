import type { JobState } from '../../../../core/states.js';
import type { BatchRecord } from '../../store.js';
import type { Sql } from '../sql.js';

/** A new submit batch of `owner` (a rerun names the batch it repeats); its jobs point at it at their insert. */
export async function insertBatch(sql: Sql, owner: string, rerunOf: number | null, now: number): Promise<number> {
  const { rows } = await sql.query<{ id: number }>('INSERT INTO job_batches (owner, rerun_of, created_at) VALUES ($1, $2, $3) RETURNING id', [
    owner,
    rerunOf,
    now,
  ]);
  return rows[0].id;
}

export async function getBatch(sql: Sql, id: number): Promise<BatchRecord | undefined> {
  const batch = await sql.query<{ id: number; owner: string; rerun_of: number | null; created_at: number }>('SELECT * FROM job_batches WHERE id = $1', [id]);
  const row = batch.rows[0];
  if (!row) return undefined;
  const jobs = await sql.query<{ id: number; state: JobState }>('SELECT id, state FROM jobs WHERE submit_batch = $1 ORDER BY id', [id]);
  return { id: row.id, owner: row.owner, rerunOf: row.rerun_of, createdAt: row.created_at, jobs: jobs.rows };
}

/** Removes a batch nothing was stored in (a retried submit whose jobs all existed). */
export async function deleteBatch(sql: Sql, id: number): Promise<void> {
  await sql.query('DELETE FROM job_batches WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM jobs WHERE submit_batch = $1)', [id]);
}
