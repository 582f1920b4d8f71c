import type { JobState } from '../../../../core/states.js';
import { attemptOutcome, fromRows, type AgentReport, type AttemptRecord, type AttemptRow, type OutputFile } from '../../rows/attempts.js';
import type { Db } from '../db.js';
import { immediate, stmt } from '../statements.js';
import type { JobRow } from './job-row.js';
import type { Fence } from './transition.js';

export type { AttemptOutcome, AttemptRecord, OutputFile } from '../../rows/attempts.js';

/** Records the new attempts of jobs one claim just leased to one agent (the rows as the claim left them). */
export function startAttempts(db: Db, rows: readonly JobRow[]): void {
  if (rows.length === 0) return;
  stmt(
    db,
    `INSERT INTO job_attempts (job_id, epoch, agent_id, node, labels, executor, started_at, log_start)
     SELECT j.id, j.lease_epoch, a.id, a.name, a.labels, a.executor, j.started_at, j.log_size
     FROM jobs j JOIN agents a ON a.id = j.agent_id WHERE j.id IN (SELECT value FROM json_each(?))`,
  ).run(JSON.stringify(rows.map((row) => row.id)));
}

/**
 * Closes the attempt the job row names (its epoch) with the row's latest-attempt
 * fields, after a transition out of running or cancelling took it to `to`, and
 * what its agent reported of itself (base code digest, version; older agents
 * report neither). A job that succeeded gets its attempt's outputs as its own.
 */
export function endAttempt(db: Db, row: JobRow, to: JobState, now: number, report: AgentReport = {}): void {
  stmt(
    db,
    `UPDATE job_attempts SET finished_at = @now, outcome = @outcome, exit_code = @exitCode, signal = @signal,
       failure_reason = @reason, message = @message, batch = @batch,
       base_digest = COALESCE(@baseDigest, base_digest), agent_version = COALESCE(@agentVersion, agent_version)
     WHERE job_id = @id AND epoch = @epoch AND outcome IS NULL`,
  ).run({
    now,
    outcome: attemptOutcome(to),
    exitCode: row.exit_code,
    signal: row.signal,
    reason: row.failure_reason,
    message: row.message,
    batch: row.batch,
    baseDigest: report.baseDigest ?? null,
    agentVersion: report.agentVersion ?? null,
    id: row.id,
    epoch: row.lease_epoch,
  });
  if (to === 'succeeded') {
    stmt(db, 'INSERT OR REPLACE INTO outputs (job_id, path, sha256, size) SELECT job_id, path, sha256, size FROM attempt_outputs WHERE job_id = ? AND epoch = ?').run(
      row.id,
      row.lease_epoch,
    );
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
