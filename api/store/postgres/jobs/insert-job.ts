import { INSERTED_COLUMNS, type Inserted, type InsertedJob } from '../../rows/inserted-job.js';
import { initialState, JOB_COLUMNS, jobValues } from '../../job-values.js';
import type { NewJob } from '../../store.js';
import type { Sql } from '../sql.js';
import { countActive } from '../active-counts.js';
import { takeFairPosition } from './fair-share.js';
import { routeId } from './routes.js';

/** The job a submit with this idempotency key already created, if any. */
async function findByKey(sql: Sql, owner: string, key: string): Promise<InsertedJob | undefined> {
  const { rows } = await sql.query<InsertedJob>(`SELECT ${INSERTED_COLUMNS} FROM jobs WHERE owner = $1 AND idempotency_key = $2`, [owner, key]);
  return rows[0];
}

/**
 * Inserts a job, `waiting` when it has dependencies and `queued` otherwise, with
 * its dependency edges, its route, its fair-share position when queued, and one
 * more active job on its owner's count (written at commit: active-counts.ts), inside the
 * caller's transaction. A retried submit with the same idempotency key returns
 * the job the first one created, also when both arrive at once on two replicas:
 * the unique index makes the second insert wait for the first, and then do nothing.
 */
export async function insertJob(sql: Sql, job: NewJob): Promise<Inserted> {
  if (job.idempotencyKey !== null) {
    const existing = await findByKey(sql, job.owner, job.idempotencyKey);
    if (existing) return { row: existing, created: false };
  }
  const route = await routeId(sql, { selector: job.selector, requestedNode: job.requestedNode, minMemoryMB: job.minMemoryMB, shipsCode: job.bundle !== null }, job.now);
  const state = initialState(job);
  // A waiting job takes its place in line when its parents let it queue (settle-dependents). A submit that
  // loses its key's race has taken a position it leaves unused: its owner's next job comes one turn later.
  const fairPos = state === 'queued' ? await takeFairPosition(sql, route, job.owner, job.priority) : 0;
  const values = jobValues(job, state, route, fairPos);
  const { rows } = await sql.query<InsertedJob>(
    `INSERT INTO jobs (${JOB_COLUMNS}) VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (owner, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
     RETURNING ${INSERTED_COLUMNS}`,
    values,
  );
  // Lost the race for the key: the winner committed its job, which a fresh read now sees.
  if (rows.length === 0) return { row: (await findByKey(sql, job.owner, job.idempotencyKey!))!, created: false };
  const row = rows[0];
  await countActive(sql, job.owner, 1);
  if (job.after.length > 0) await recordParents(sql, row.id, job.after);
  return { row, created: true };
}

/**
 * Records the dependency edges, holding the parents' rows (in id order) until
 * commit. A parent finishing at this moment on another replica cannot see this
 * uncommitted job among its dependents; the lock waits for that finish to
 * commit, so the submit's own settling (settleWaiting) reads the parent's final
 * state, and a later finish waits for this submit, so it sees the new job.
 */
async function recordParents(sql: Sql, id: number, parents: number[]): Promise<void> {
  await sql.query('SELECT id FROM jobs WHERE id = ANY($1::bigint[]) ORDER BY id FOR SHARE', [parents]);
  await sql.query(
    'INSERT INTO job_deps (job_id, parent_id) SELECT $1, p FROM unnest($2::bigint[]) AS p ON CONFLICT DO NOTHING',
    [id, parents],
  );
}
