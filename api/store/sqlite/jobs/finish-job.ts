import type { FailureReason } from '../../../../core/failures.js';
import { isTerminal, type JobState } from '../../../../core/states.js';
import { finishChange, successChange } from '../../finish-change.js';
import type { Db } from '../db.js';
import { immediate, stmt } from '../statements.js';
import { endAttempt } from './attempts.js';
import { getJobRow, type JobRow } from './job-row.js';
import { settleDependents } from './settle-dependents.js';
import { transition, type Fence } from './transition.js';

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
  /** Provenance the agent reports (older agents do not): its base code's digest and its version. */
  baseDigest?: string;
  agentVersion?: string;
}

export type FinishResult =
  | { ok: true; row: JobRow; queued: number[] }
  | { ok: false; why: 'not_found' | 'stale'; row?: JobRow };

/**
 * Records the end of an attempt, fenced by the lease (agent and epoch). Repeating
 * the same report after it was applied is answered with the job as it is, so an
 * agent may safely retry a finish whose answer it never got. A success, the
 * common case, is applied without reading the row first.
 */
export function finishJob(db: Db, id: number, fence: Fence, outcome: Outcome, now: number): FinishResult {
  return immediate(db, (): FinishResult => {
    const success = successChange(outcome, now);
    const won = success && transition(db, id, ['running', 'cancelling'], success.to, success.set, fence);
    if (won) return finished(db, won, success.to, fence, outcome, now);
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
    return finished(db, changed, to, fence, outcome, now);
  });
}

/** What follows a finish's transition: the attempt closed with the agent's report, and the job's dependents settled. */
function finished(db: Db, changed: JobRow, to: JobState, fence: Fence, outcome: Outcome, now: number): FinishResult {
  endAttempt(db, changed, to, now, outcome);
  // Reuse trusts a result only while every node that could run the job reports the same base code.
  if (outcome.baseDigest) stmt(db, 'UPDATE agents SET base_digest = ? WHERE id = ?').run(outcome.baseDigest, fence.agentId);
  const queued = isTerminal(to) ? settleDependents(db, changed.id, now) : [changed.id];
  return { ok: true, row: changed, queued };
}
