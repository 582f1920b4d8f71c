import type { JobState } from '../../../../core/states.js';
import type { Db } from '../db.js';
import { parse, stmt } from '../statements.js';
import { takeFairPosition } from './fair-share.js';
import { settleReusers } from './reuse.js';
import { transition } from './transition.js';

/**
 * The first input a job names that its producer did not upload. Checked once
 * all parents succeeded: outputs are only uploaded while an attempt runs, so a
 * missing one will never appear, and retrying the child could not help.
 */
function missingInput(db: Db, inputs: string): { job: number; path: string } | undefined {
  const exists = stmt<[number, string], { one: number }>(db, 'SELECT 1 AS one FROM outputs WHERE job_id = ? AND path = ?');
  return parse<Array<{ job: number; path: string }>>(inputs).find((input) => exists.get(input.job, input.path) === undefined);
}

/**
 * Moves a `waiting` job on once its parents allow: to `queued` when all of them
 * succeeded and produced the inputs it names, to `failed` as soon as one failed
 * or was cancelled (dependency_failed) or an input is missing (bundle_error),
 * which in turn fails its own waiting dependents. Returns the ids that became
 * queued, so that waiting agents can be woken.
 */
export function settleWaiting(db: Db, jobId: number, now: number, queued: number[] = []): number[] {
  const parents = stmt<[number], { id: number; state: JobState }>(
    db,
    'SELECT j.id, j.state FROM job_deps d JOIN jobs j ON j.id = d.parent_id WHERE d.job_id = ? ORDER BY j.id',
  ).all(jobId);
  const broken = parents.find((parent) => parent.state === 'failed' || parent.state === 'cancelled');
  if (broken) {
    fail(db, jobId, 'dependency_failed', `job ${broken.id} ${broken.state}`, now, queued);
  } else if (parents.every((parent) => parent.state === 'succeeded')) {
    const job = stmt<[number], { inputs: string; route_id: number; owner: string; priority: number }>(
      db,
      'SELECT inputs, route_id, owner, priority FROM jobs WHERE id = ?',
    ).get(jobId)!;
    const missing = missingInput(db, job.inputs);
    if (missing) fail(db, jobId, 'bundle_error', `input ${missing.path} of job ${missing.job} does not exist`, now, queued);
    // Claimable from now on: time spent waiting for parents is not time starved in the queue, so it does not age the job.
    else if (transition(db, jobId, 'waiting', 'queued', { not_before: now, fair_pos: takeFairPosition(db, job.route_id, job.owner, job.priority) })) {
      queued.push(jobId);
    }
  }
  return queued;
}

function fail(db: Db, jobId: number, reason: 'dependency_failed' | 'bundle_error', message: string, now: number, queued: number[]): void {
  if (transition(db, jobId, 'waiting', 'failed', { failure_reason: reason, message, finished_at: now })) settleDependents(db, jobId, now, queued);
}

/** Settles every waiting job that depends on `parentId`, or waits to reuse its work, after the parent reached a final state. */
export function settleDependents(db: Db, parentId: number, now: number, queued: number[] = []): number[] {
  const children = stmt<[number], { job_id: number }>(
    db,
    `SELECT d.job_id FROM job_deps d JOIN jobs j ON j.id = d.job_id WHERE d.parent_id = ? AND j.state = 'waiting'`,
  ).all(parentId);
  for (const child of children) settleWaiting(db, child.job_id, now, queued);
  settleReusers(db, parentId, now, queued);
  return queued;
}
