import { isTerminal } from '../../../../core/states.js';
import { finishChange } from '../../finish-change.js';
import type { Fence, FinishResult, JobRow, Outcome } from '../../store.js';
import type { Sql } from '../sql.js';
import { endAttempt, recordAgentReport } from './attempts.js';
import { lockJobRow } from './job-row.js';
import { settleDependents } from './settle-dependents.js';
import { transition } from './transition.js';

/**
 * Records the end of an attempt, fenced by the lease (agent and epoch). Repeating
 * the same report after it was applied is answered with the job as it is, so an
 * agent may safely retry a finish whose answer it never got. The row is locked
 * as it is read, so a cancel arriving at once on another replica is seen here
 * (the outcome then decides as for a cancelling job) or waits for this finish.
 */
export async function finishJob(sql: Sql, id: number, fence: Fence, outcome: Outcome, now: number): Promise<FinishResult> {
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
  await endAttempt(sql, changed, to, now);
  await recordAgentReport(sql, id, fence.epoch, outcome);
  // Reuse trusts a result only while every node that could run the job reports the same base code.
  if (outcome.baseDigest) await sql.query('UPDATE agents SET base_digest = $1 WHERE id = $2', [outcome.baseDigest, fence.agentId]);
  const queued = isTerminal(to) ? await settleDependents(sql, id, now) : [id];
  return { ok: true, row: changed, queued };
}
