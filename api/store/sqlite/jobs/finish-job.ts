import { isRetryable, retryDelaySeconds, type FailureReason } from '../../../../core/failures.js';
import { isTerminal, type JobState } from '../../../../core/states.js';
import type { Db } from '../db.js';
import { immediate } from '../statements.js';
import { getJobRow, type JobRow } from './job-row.js';
import { settleDependents } from './settle-dependents.js';
import { transition, type Fence, type SetValue } from './transition.js';

export interface Outcome {
  exitCode: number | null;
  signal?: string | null;
  /** Absent when the recipe ran to its end: the exit code decides. */
  failureReason?: FailureReason | null;
  /** The agent stopped the recipe because a cancel was requested. */
  cancelled?: boolean;
  message?: string | null;
  /** How the batch job ended, for attempts run through a batch system. */
  batch?: Record<string, unknown>;
}

export type FinishResult =
  | { ok: true; row: JobRow; queued: number[] }
  | { ok: false; why: 'not_found' | 'stale'; row?: JobRow };

/** What an attempt's outcome makes of the job: final, or queued again for a retry, and what the attempt leaves on the row. */
export function finishChange(row: JobRow, outcome: Outcome, now: number): { to: JobState; set: Record<string, SetValue> } {
  const { to, reason } = decide(row, outcome);
  const set = {
    exit_code: outcome.exitCode,
    signal: outcome.signal ?? null,
    failure_reason: reason,
    message: outcome.message ?? null,
    lease_expires_at: null,
    ...(outcome.batch ? { batch: JSON.stringify(outcome.batch) } : {}),
    ...(to === 'queued' ? { not_before: now + retryDelaySeconds(row.attempts) * 1000 } : { finished_at: now }),
  };
  return { to, set };
}

function decide(row: JobRow, outcome: Outcome): { to: JobState; reason: FailureReason | null } {
  if (outcome.cancelled || (row.state === 'cancelling' && outcome.failureReason)) return { to: 'cancelled', reason: null };
  const reason = outcome.failureReason ?? (outcome.exitCode === 0 ? null : 'recipe_failed');
  if (reason === null) return { to: 'succeeded', reason: null };
  const retry = row.state === 'running' && isRetryable(reason) && row.attempts < row.max_attempts;
  return { to: retry ? 'queued' : 'failed', reason };
}

/**
 * Records the end of an attempt, fenced by the lease (agent and epoch). Repeating
 * the same report after it was applied is answered with the job as it is, so an
 * agent may safely retry a finish whose answer it never got.
 */
export function finishJob(db: Db, id: number, fence: Fence, outcome: Outcome, now: number): FinishResult {
  return immediate(db, (): FinishResult => {
    const row = getJobRow(db, id);
    if (!row) return { ok: false, why: 'not_found' };
    const holder = row.agent_id === fence.agentId && row.lease_epoch === fence.epoch;
    if (!holder) return { ok: false, why: 'stale', row };
    if (row.state !== 'running' && row.state !== 'cancelling') {
      return isTerminal(row.state) ? { ok: true, row, queued: [] } : { ok: false, why: 'stale', row };
    }
    const { to, set } = finishChange(row, outcome, now);
    const changed = transition(db, id, row.state, to, set, fence);
    if (!changed) return { ok: false, why: 'stale', row };
    const queued = isTerminal(to) ? settleDependents(db, id, now) : [id];
    return { ok: true, row: changed, queued };
  });
}
