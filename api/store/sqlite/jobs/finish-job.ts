import type { FailureReason } from '../../../../core/failures.js';
import { isTerminal } from '../../../../core/states.js';
import { finishChange } from '../../finish-change.js';
import type { Db } from '../db.js';
import { immediate } from '../statements.js';
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
}

export type FinishResult =
  | { ok: true; row: JobRow; queued: number[] }
  | { ok: false; why: 'not_found' | 'stale'; row?: JobRow };

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
