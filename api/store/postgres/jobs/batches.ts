import type { JobState } from '../../../../core/states.js';
import type { BatchRecord, InsertedBatch } from '../../store.js';
import type { Sql } from '../sql.js';

/** The batch an earlier submit of `owner` stored under this idempotency key (batchByKey on SQLite). */
async function batchByKey(sql: Sql, owner: string, key: string): Promise<number | undefined> {
  const { rows } = await sql.query<{ id: number }>(
    `SELECT id FROM job_batches WHERE owner = $1 AND idempotency_key = $2
     UNION ALL SELECT submit_batch FROM jobs WHERE owner = $1 AND idempotency_key = $3 AND submit_batch IS NOT NULL LIMIT 1`,
    [owner, key, `${key}#0`],
  );
  return rows[0]?.id;
}

/** insertBatch of SQLite; a concurrent submit with the same key that commits first wins, and this one answers its batch. */
export async function insertBatch(sql: Sql, owner: string, rerunOf: number | null, now: number, idempotencyKey: string | null = null): Promise<InsertedBatch> {
  const earlier = idempotencyKey === null ? undefined : await batchByKey(sql, owner, idempotencyKey);
  if (earlier !== undefined) return { id: earlier, created: false };
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO job_batches (owner, rerun_of, created_at, idempotency_key) VALUES ($1, $2, $3, $4)
     ON CONFLICT (owner, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id`,
    [owner, rerunOf, now, idempotencyKey],
  );
  if (rows.length > 0) return { id: rows[0].id, created: true };
  return { id: (await batchByKey(sql, owner, idempotencyKey!))!, created: false };
}

export async function getBatch(sql: Sql, id: number): Promise<BatchRecord | undefined> {
  const batch = await sql.query<{ id: number; owner: string; rerun_of: number | null; created_at: number }>('SELECT * FROM job_batches WHERE id = $1', [id]);
  const row = batch.rows[0];
  if (!row) return undefined;
  const jobs = await sql.query<{ id: number; state: JobState }>('SELECT id, state FROM jobs WHERE submit_batch = $1 ORDER BY id', [id]);
  return { id: row.id, owner: row.owner, rerunOf: row.rerun_of, createdAt: row.created_at, jobs: jobs.rows };
}
