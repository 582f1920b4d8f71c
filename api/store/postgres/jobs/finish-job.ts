import { isTerminal, type JobState } from '../../../../core/states.js';
import { finishChange, successChange } from '../../finish-change.js';
import type { Fence, FinishResult, JobRow, Outcome } from '../../store.js';
import type { Sql } from '../sql.js';
import { endAttempt } from './attempts.js';
import { lockJobRow } from './job-row.js';
import { settleDependents } from './settle-dependents.js';
import { transition } from './transition.js';

/**
 * Records the end of an attempt, fenced by the lease (agent and epoch). Repeating
 * the same report after it was applied is answered with the job as it is, so an
 * agent may safely retry a finish whose answer it never got. A success, the
 * common case, is one fenced UPDATE, which takes the row's lock itself; any
 * other outcome is decided on the row, locked as it is read, so a cancel
 * arriving at once on another replica is seen here (the outcome then decides as
 * for a cancelling job) or waits for this finish.
 */
export async function finishJob(sql: Sql, id: number, fence: Fence, outcome: Outcome, now: number): Promise<FinishResult> {
  const success = successChange(outcome, now);
  const won = success && (await transition(sql, id, ['running', 'cancelling'], success.to, success.set, fence));
  if (won) return finished(sql, won, success.to, fence, outcome, now);
  const row: JobRow | undefined = await lockJobRow(sql, id);
  if (!row) return { ok: false, why: 'not_found' };
  const holder = row.agent_id === fence.agentId && row.lease_epoch === fence.epoch;
  if (!holder) return { ok: false, why: 'stale', row };
  if (row.state !== 'running' && row.state !== 'cancelling') {
    return isTerminal(row.state) ? { ok: true, row, queued: [] } : { ok: false, why: 'stale', row };
  }
  const { to, set } = finishChange(row, outcome, now);
  const changed = await transition(sql, id, row.state, to, set, fence);
  if (!changed) return { ok: false, why: 'stale', row };
  return finished(sql, changed, to, fence, outcome, now);
}

/** What follows a finish's transition: the attempt closed with the agent's report, and the job's dependents settled. */
async function finished(sql: Sql, changed: JobRow, to: JobState, fence: Fence, outcome: Outcome, now: number): Promise<FinishResult> {
  await endAttempt(sql, changed, to, now, outcome);
  // Reuse trusts a result only while every node that could run the job reports the same base code.
  if (outcome.baseDigest) await sql.query('UPDATE agents SET base_digest = $1 WHERE id = $2', [outcome.baseDigest, fence.agentId]);
  const queued = isTerminal(to) ? await settleDependents(sql, changed.id, now) : [changed.id];
  return { ok: true, row: changed, queued };
}
