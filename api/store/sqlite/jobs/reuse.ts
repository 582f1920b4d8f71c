import type { Db } from '../db.js';
import { stmt } from '../statements.js';
import { takeFairPosition } from './fair-share.js';
import type { JobRow } from './job-row.js';
import { settleDependents } from './settle-dependents.js';
import { transition } from './transition.js';

/**
 * The job whose work a new job with this reuse key may take: of the owner's own
 * jobs, or with `shared` anyone's, a succeeded one whose outputs are still
 * stored, else one that is still on its way (waiting, queued or running).
 * Newest first within each.
 */
export function findReusable(db: Db, key: string, owner: string, shared: boolean): JobRow | undefined {
  return stmt<[string, string, number], JobRow>(
    db,
    `SELECT * FROM jobs WHERE reuse_key = ? AND (owner = ? OR ? = 1)
       AND ((state = 'succeeded' AND expired_at IS NULL) OR state IN ('waiting', 'queued', 'running'))
     ORDER BY state = 'succeeded' DESC, id DESC LIMIT 1`,
  ).get(key, owner, shared ? 1 : 0);
}

/**
 * Settles a `waiting` job that reuses the work of job `reused_from`: when that
 * job succeeded, this one succeeds at once with a copy of its outputs (never
 * claimed) and its dependents are released as for any success; when it failed
 * or was cancelled, this one forgets it and is queued to run itself; while it
 * is still on its way, nothing changes. Answers the ids that became queued.
 */
export function settleReuse(db: Db, jobId: number, now: number, queued: number[] = []): number[] {
  const source = stmt<[number], { id: number; state: string; expired_at: number | null }>(
    db,
    `SELECT s.id, s.state, s.expired_at FROM jobs j JOIN jobs s ON s.id = j.reused_from WHERE j.id = ? AND j.state = 'waiting'`,
  ).get(jobId);
  if (!source) return queued;
  if (source.state === 'succeeded' && source.expired_at === null) {
    if (transition(db, jobId, 'waiting', 'succeeded', { started_at: now, finished_at: now, message: `reused the outputs of job ${source.id}` })) {
      stmt(db, 'INSERT INTO outputs (job_id, path, sha256, size) SELECT ?, path, sha256, size FROM outputs WHERE job_id = ?').run(jobId, source.id);
      settleDependents(db, jobId, now, queued);
    }
  } else if (source.state === 'succeeded' || source.state === 'failed' || source.state === 'cancelled') {
    const job = stmt<[number], { route_id: number; owner: string; priority: number }>(db, 'SELECT route_id, owner, priority FROM jobs WHERE id = ?').get(jobId)!;
    const fairPos = takeFairPosition(db, job.route_id, job.owner, job.priority);
    if (transition(db, jobId, 'waiting', 'queued', { reused_from: null, not_before: now, fair_pos: fairPos })) queued.push(jobId);
  }
  return queued;
}

/** Settles the jobs waiting to reuse the work of `sourceId`, after it reached a final state. */
export function settleReusers(db: Db, sourceId: number, now: number, queued: number[]): void {
  const waiters = stmt<[number], { id: number }>(db, `SELECT id FROM jobs WHERE reused_from = ? AND state = 'waiting'`).all(sourceId);
  for (const waiter of waiters) settleReuse(db, waiter.id, now, queued);
}
