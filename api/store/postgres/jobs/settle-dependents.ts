import type { JobState } from '../../../../core/states.js';
import type { Sql } from '../sql.js';
import { takeFairPosition } from './fair-share.js';
import { settleReuse } from './reuse.js';
import { transition } from './transition.js';

/**
 * The first input a job names that its producer did not upload. Checked once
 * all parents succeeded: outputs are only uploaded while an attempt runs, so a
 * missing one will never appear, and retrying the child could not help.
 */
async function missingInput(sql: Sql, inputs: string): Promise<{ job: number; path: string } | undefined> {
  const wanted = JSON.parse(inputs) as Array<{ job: number; path: string }>;
  for (const input of wanted) {
    const { rows } = await sql.query('SELECT 1 FROM outputs WHERE job_id = $1 AND path = $2', [input.job, input.path]);
    if (rows.length === 0) return input;
  }
  return undefined;
}

/**
 * Moves a `waiting` job on once its parents allow: to `queued` when all of them
 * succeeded and produced the inputs it names, to `failed` as soon as one failed
 * or was cancelled (dependency_failed) or an input is missing (bundle_error),
 * which in turn fails its own waiting dependents. Returns the ids that became
 * queued, so that waiting agents can be woken.
 */
export async function settleWaiting(sql: Sql, jobId: number, now: number, queued: number[] = []): Promise<number[]> {
  const { rows: jobs } = await sql.query<{ state: JobState; inputs: string; route_id: number; owner: string; priority: number }>(
    'SELECT state, inputs, route_id, owner, priority FROM jobs WHERE id = $1',
    [jobId],
  );
  const job = jobs[0];
  if (job?.state !== 'waiting') return queued;
  const { rows: parents } = await sql.query<{ id: number; state: JobState }>(
    'SELECT j.id, j.state FROM job_deps d JOIN jobs j ON j.id = d.parent_id WHERE d.job_id = $1 ORDER BY j.id',
    [jobId],
  );
  const broken = parents.find((parent) => parent.state === 'failed' || parent.state === 'cancelled');
  if (broken) {
    await fail(sql, jobId, 'dependency_failed', `job ${broken.id} ${broken.state}`, now, queued);
  } else if (parents.every((parent) => parent.state === 'succeeded')) {
    const missing = await missingInput(sql, job.inputs);
    if (missing) await fail(sql, jobId, 'bundle_error', `input ${missing.path} of job ${missing.job} does not exist`, now, queued);
    // Claimable from now on: time spent waiting for parents is not time starved in the queue, so it does not age the job.
    else if (
      await transition(sql, jobId, 'waiting', 'queued', { not_before: now, fair_pos: await takeFairPosition(sql, job.route_id, job.owner, job.priority) })
    ) {
      queued.push(jobId);
    }
  }
  return queued;
}

async function fail(sql: Sql, jobId: number, reason: 'dependency_failed' | 'bundle_error', message: string, now: number, queued: number[]): Promise<void> {
  if (await transition(sql, jobId, 'waiting', 'failed', { failure_reason: reason, message, finished_at: now })) {
    await settleDependents(sql, jobId, now, queued);
  }
}

/**
 * Settles every waiting job that depends on `parentId`, or waits to reuse its work, after the parent reached a final state.
 * Both are found (and locked) in one statement: most jobs have neither, and each statement is a round trip.
 *
 * The children are locked first, all in one statement and in id order. Two
 * parents finishing at once on two replicas would each see the other still
 * running while neither has committed, and leave the child waiting for ever;
 * holding the child makes the second wait, and its next read sees the first's
 * commit. Locking them all before taking any fair position, in one order,
 * keeps two such settlings from each holding what the other waits for.
 */
export async function settleDependents(sql: Sql, parentId: number, now: number, queued: number[] = []): Promise<number[]> {
  const { rows: waiting } = await sql.query<{ id: number; child: boolean; reuser: boolean }>(
    `SELECT j.id, EXISTS (SELECT 1 FROM job_deps d WHERE d.job_id = j.id AND d.parent_id = $1) AS child, j.reused_from IS NOT DISTINCT FROM $1 AS reuser
     FROM jobs j WHERE j.state = 'waiting' AND (j.id IN (SELECT job_id FROM job_deps WHERE parent_id = $1) OR j.reused_from = $1)
     ORDER BY j.id FOR NO KEY UPDATE OF j`,
    [parentId],
  );
  for (const child of waiting) if (child.child) await settleWaiting(sql, child.id, now, queued);
  for (const reuser of waiting) if (reuser.reuser) await settleReuse(sql, reuser.id, now, queued);
  return queued;
}
