import type { FailureReason } from '../../../../core/failures.js';
import { isTerminal, type JobState } from '../../../../core/states.js';
import { finishChange, successChange } from '../../finish-change.js';
import type { Db } from '../db.js';
import { immediate, stmt } from '../statements.js';
import { endAttempts } from './attempts.js';
import { getJobRow, type JobRow } from './job-row.js';
import { settleDependents } from './settle-dependents.js';
import { INDEXED_STATES } from './state-indexes.js';
import { transition, transitionHeld, type Fence, type FinishedRow } from './transition.js';

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
  | { ok: true; row: FinishedRow; queued: number[] }
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
function finished(db: Db, changed: FinishedRow, to: JobState, fence: Fence, outcome: Outcome, now: number): FinishResult {
  closeAttempts(db, [changed], to, fence.agentId, outcome, now);
  const queued = isTerminal(to) ? settleDependents(db, changed.id, now) : [changed.id];
  return { ok: true, row: changed, queued };
}

function closeAttempts(db: Db, rows: readonly FinishedRow[], to: JobState, agentId: number, outcome: Outcome, now: number): void {
  endAttempts(db, rows, to, now, outcome);
  // Reuse trusts a result only while every node that could run the job reports the same base code.
  if (outcome.baseDigest && rows.length > 0) stmt(db, 'UPDATE agents SET base_digest = ? WHERE id = ?').run(outcome.baseDigest, agentId);
}

/** Which of these jobs have dependents or reusers waiting: the only ones whose success has anything to settle. */
function withWaiters(db: Db, ids: readonly number[]): Set<number> {
  // Both wait as `waiting` jobs: with none at all (jobs_state answers at once), no success settles anything.
  if (stmt(db, `SELECT 1 FROM jobs WHERE state = 'waiting' AND ${INDEXED_STATES} LIMIT 1`).get() === undefined) return new Set();
  const rows = stmt<[string], { id: number }>(
    db,
    `SELECT value AS id FROM json_each(?)
     WHERE EXISTS (SELECT 1 FROM job_deps WHERE parent_id = value) OR EXISTS (SELECT 1 FROM jobs WHERE reused_from = value AND state = 'waiting')`,
  ).all(JSON.stringify(ids));
  return new Set(rows.map((row) => row.id));
}

export interface FinishReport {
  id: number;
  fence: Fence;
  outcome: Outcome;
}

/**
 * `finishJob` for the reports a claim carries, in one transaction, answered in
 * their order. Successes that leave the same fields (the common case: exit 0,
 * nothing else to say) are applied together, each fenced by its epoch: one
 * UPDATE of the jobs, one of their attempts. Any report that is not, or that
 * such an UPDATE did not win (stale, repeated, unknown), goes through
 * `finishJob`, which tells why.
 */
export function finishJobs(db: Db, reports: readonly FinishReport[], now: number): FinishResult[] {
  return immediate(db, () => {
    const results: FinishResult[] = new Array(reports.length);
    const alike = new Map<string, { success: NonNullable<ReturnType<typeof successChange>>; first: FinishReport; at: Map<number, number> }>();
    for (const [index, report] of reports.entries()) {
      const success = successChange(report.outcome, now);
      if (!success) continue;
      const key = JSON.stringify([report.fence.agentId, report.outcome.baseDigest ?? null, report.outcome.agentVersion ?? null, success.set]);
      const group = alike.get(key) ?? { success, first: report, at: new Map() };
      alike.set(key, group);
      // A job reported twice is applied once; the repeat goes through finishJob, which answers it as applied.
      if (!group.at.has(report.id)) group.at.set(report.id, index);
    }
    for (const { success, first, at } of alike.values()) {
      const epochs = new Map([...at].map(([id, index]) => [id, reports[index].fence.epoch]));
      const won = transitionHeld(db, first.fence.agentId, epochs, ['running', 'cancelling'], success.to, success.set);
      closeAttempts(db, won, success.to, first.fence.agentId, first.outcome, now);
      const waiting = won.length > 0 ? withWaiters(db, won.map((row) => row.id)) : new Set<number>();
      for (const row of won) {
        results[at.get(row.id)!] = { ok: true, row, queued: waiting.has(row.id) ? settleDependents(db, row.id, now) : [] };
      }
    }
    for (const [index, report] of reports.entries()) results[index] ??= finishJob(db, report.id, report.fence, report.outcome, now);
    return results;
  });
}
