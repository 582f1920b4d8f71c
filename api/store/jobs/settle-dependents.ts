import type { JobState } from '../../../core/states.js';
import type { Db } from '../db.js';
import { stmt } from '../statements.js';
import { transition } from './transition.js';

/**
 * Moves a `waiting` job on once its parents allow: to `queued` when all of them
 * succeeded, to `failed` (dependency_failed) as soon as one failed or was
 * cancelled, which in turn fails its own waiting dependents. Returns the ids
 * that became queued, so that waiting agents can be woken.
 */
export function settleWaiting(db: Db, jobId: number, now: number, queued: number[] = []): number[] {
  const parents = stmt<[number], { id: number; state: JobState }>(
    db,
    'SELECT j.id, j.state FROM job_deps d JOIN jobs j ON j.id = d.parent_id WHERE d.job_id = ? ORDER BY j.id',
  ).all(jobId);
  const broken = parents.find((parent) => parent.state === 'failed' || parent.state === 'cancelled');
  if (broken) {
    const failed = transition(db, jobId, 'waiting', 'failed', {
      failure_reason: 'dependency_failed',
      message: `job ${broken.id} ${broken.state}`,
      finished_at: now,
    });
    if (failed) settleDependents(db, jobId, now, queued);
  } else if (parents.every((parent) => parent.state === 'succeeded')) {
    if (transition(db, jobId, 'waiting', 'queued')) queued.push(jobId);
  }
  return queued;
}

/** Settles every waiting job that depends on `parentId`, after the parent reached a final state. */
export function settleDependents(db: Db, parentId: number, now: number, queued: number[] = []): number[] {
  const children = stmt<[number], { job_id: number }>(
    db,
    `SELECT d.job_id FROM job_deps d JOIN jobs j ON j.id = d.job_id WHERE d.parent_id = ? AND j.state = 'waiting'`,
  ).all(parentId);
  for (const child of children) settleWaiting(db, child.job_id, now, queued);
  return queued;
}
