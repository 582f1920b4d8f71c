import type { JobRow } from '../../store.js';
import type { Sql } from '../sql.js';
import { takeFairPosition } from './fair-share.js';
import { settleDependents } from './settle-dependents.js';
import { transition } from './transition.js';

/** The job whose work a new job with this reuse key may take (as the SQLite store's findReusable). */
export async function findReusable(sql: Sql, key: string, owner: string, shared: boolean): Promise<JobRow | undefined> {
  const { rows } = await sql.query<JobRow>(
    `SELECT * FROM jobs WHERE reuse_key = $1 AND (owner = $2 OR $3)
       AND ((state = 'succeeded' AND expired_at IS NULL) OR state IN ('waiting', 'queued', 'running'))
     ORDER BY state = 'succeeded' DESC, id DESC LIMIT 1`,
    [key, owner, shared],
  );
  return rows[0];
}

/**
 * Settles a `waiting` job that reuses the work of job `reused_from` (as the
 * SQLite store's settleReuse), holding the job's row so that two replicas
 * settling it at once cannot both copy the outputs.
 */
export async function settleReuse(sql: Sql, jobId: number, now: number, queued: number[] = []): Promise<number[]> {
  const { rows } = await sql.query<{ id: number; state: string; expired_at: number | null; route_id: number; owner: string; priority: number }>(
    `SELECT s.id, s.state, s.expired_at, j.route_id, j.owner, j.priority FROM jobs j JOIN jobs s ON s.id = j.reused_from
     WHERE j.id = $1 AND j.state = 'waiting' FOR NO KEY UPDATE OF j`,
    [jobId],
  );
  const source = rows[0];
  if (!source) return queued;
  if (source.state === 'succeeded' && source.expired_at === null) {
    if (await transition(sql, jobId, 'waiting', 'succeeded', { started_at: now, finished_at: now, message: `reused the outputs of job ${source.id}` })) {
      await sql.query('INSERT INTO outputs (job_id, path, sha256, size) SELECT $1, path, sha256, size FROM outputs WHERE job_id = $2', [jobId, source.id]);
      await settleDependents(sql, jobId, now, queued);
    }
  } else if (source.state === 'succeeded' || source.state === 'failed' || source.state === 'cancelled') {
    const fairPos = await takeFairPosition(sql, source.route_id, source.owner, source.priority);
    if (await transition(sql, jobId, 'waiting', 'queued', { reused_from: null, not_before: now, fair_pos: fairPos })) queued.push(jobId);
  }
  return queued;
}

