import type { JobState } from '../../../../core/states.js';
import { attemptOutcome, fromRows, type AgentReport, type AttemptRecord, type AttemptRow, type OutputFile } from '../../rows/attempts.js';
import type { Db } from '../db.js';
import { immediate, stmt } from '../statements.js';
import type { JobRow } from './job-row.js';
import type { Fence } from './transition.js';

export type { AttemptOutcome, AttemptRecord, OutputFile } from '../../rows/attempts.js';

/** Records the new attempts of jobs one claim just leased to one agent (the rows as the claim left them). */
export function startAttempts(db: Db, rows: ReadonlyArray<Pick<JobRow, 'id'>>): void {
  if (rows.length === 0) return;
  stmt(
    db,
    `INSERT INTO job_attempts (job_id, epoch, agent_id, node, labels, executor, started_at, log_start)
     SELECT j.id, j.lease_epoch, a.id, a.name, a.labels, a.executor, j.started_at, j.log_size
     FROM jobs j JOIN agents a ON a.id = j.agent_id WHERE j.id IN (SELECT value FROM json_each(?))`,
  ).run(JSON.stringify(rows.map((row) => row.id)));
}

/**
 * Closes the attempts the job rows name (their epochs) with the rows'
 * latest-attempt fields, after a transition out of running or cancelling took
 * them to `to`, and what their agent reported of itself (base code digest,
 * version; older agents report neither). A job that succeeded gets its attempt's
 * outputs as its own. One statement for all the rows of a finish.
 */
export function endAttempts(db: Db, rows: ReadonlyArray<Pick<JobRow, 'id'>>, to: JobState, now: number, report: AgentReport = {}): void {
  if (rows.length === 0) return;
  const ids = JSON.stringify(rows.map((row) => row.id));
  stmt(
    db,
    `UPDATE job_attempts AS a SET finished_at = @now, outcome = @outcome, exit_code = j.exit_code, signal = j.signal,
       failure_reason = j.failure_reason, message = j.message, batch = j.batch,
       base_digest = COALESCE(@baseDigest, a.base_digest), agent_version = COALESCE(@agentVersion, a.agent_version)
     FROM jobs j
     WHERE j.id IN (SELECT value FROM json_each(@ids)) AND a.job_id = j.id AND a.epoch = j.lease_epoch AND a.outcome IS NULL`,
  ).run({ now, outcome: attemptOutcome(to), baseDigest: report.baseDigest ?? null, agentVersion: report.agentVersion ?? null, ids });
  if (to === 'succeeded') {
    stmt(
      db,
      `INSERT OR REPLACE INTO outputs (job_id, path, sha256, size)
       SELECT o.job_id, o.path, o.sha256, o.size FROM jobs j JOIN attempt_outputs o ON o.job_id = j.id AND o.epoch = j.lease_epoch
       WHERE j.id IN (SELECT value FROM json_each(?))`,
    ).run(ids);
  }
}

/** The one check that this attempt (agent and epoch) still holds the job's lease. */
export function holdsLease(db: Db, id: number, fence: Fence): boolean {
  return (
    stmt(db, `SELECT 1 FROM jobs WHERE id = ? AND agent_id = ? AND lease_epoch = ? AND state IN ('running', 'cancelling')`).get(
      id,
      fence.agentId,
      fence.epoch,
    ) !== undefined
  );
}

/**
 * Records an uploaded output under its attempt, checked against the lease in
 * the same transaction as the insert: an attempt whose lease expired while its
 * bytes were arriving cannot add them to the job. False when it no longer holds it.
 */
export function insertAttemptOutput(db: Db, id: number, fence: Fence, file: OutputFile): boolean {
  return immediate(db, () => {
    if (!holdsLease(db, id, fence)) return false;
    stmt(db, 'INSERT OR REPLACE INTO attempt_outputs (job_id, epoch, path, sha256, size) VALUES (?, ?, ?, ?, ?)').run(
      id,
      fence.epoch,
      file.path,
      file.sha256,
      file.size,
    );
    return true;
  });
}

/** Every attempt of a job, oldest first, with its outputs and its range of the log. */
export function listAttempts(db: Db, id: number): AttemptRecord[] {
  const rows = stmt<[number], AttemptRow>(db, 'SELECT * FROM job_attempts WHERE job_id = ? ORDER BY epoch').all(id);
  if (rows.length === 0) return [];
  const logSize = stmt<[number], { log_size: number }>(db, 'SELECT log_size FROM jobs WHERE id = ?').get(id)!.log_size;
  const outputs = stmt<[number], OutputFile & { epoch: number }>(db, 'SELECT epoch, path, sha256, size FROM attempt_outputs WHERE job_id = ? ORDER BY epoch, path').all(id);
  return fromRows(rows, outputs, logSize);
}

/** Where an attempt's output starts in the job's log (each attempt's agent counts its offsets from zero). */
export function attemptLogStart(db: Db, id: number, epoch: number): number | undefined {
  return stmt<[number, number], { log_start: number }>(db, 'SELECT log_start FROM job_attempts WHERE job_id = ? AND epoch = ?').get(id, epoch)?.log_start;
}
