import type { JobState } from '../../../../core/states.js';
import { attemptOutcome, fromRows, type AttemptRecord, type AttemptRow, type OutputFile } from '../../rows/attempts.js';
import type { Db } from '../db.js';
import { immediate, stmt } from '../statements.js';
import type { JobRow } from './job-row.js';
import type { Fence } from './transition.js';

export type { AttemptOutcome, AttemptRecord, OutputFile } from '../../rows/attempts.js';

/** Records a new attempt of a job the claim just leased (the row as the claim left it). */
export function startAttempt(db: Db, row: JobRow): void {
  stmt(
    db,
    `INSERT INTO job_attempts (job_id, epoch, agent_id, node, labels, executor, started_at, log_start)
     SELECT @id, @epoch, id, name, labels, executor, @startedAt, @logSize FROM agents WHERE id = @agentId`,
  ).run({ id: row.id, epoch: row.lease_epoch, agentId: row.agent_id, startedAt: row.started_at, logSize: row.log_size });
}

/**
 * Closes the attempt the job row names (its epoch) with the row's latest-attempt
 * fields, after a transition out of running or cancelling took it to `to`.
 */
export function endAttempt(db: Db, row: JobRow, to: JobState, now: number): void {
  stmt(
    db,
    `UPDATE job_attempts SET finished_at = @now, outcome = @outcome, exit_code = @exitCode, signal = @signal,
       failure_reason = @reason, message = @message, batch = @batch
     WHERE job_id = @id AND epoch = @epoch AND outcome IS NULL`,
  ).run({
    now,
    outcome: attemptOutcome(to),
    exitCode: row.exit_code,
    signal: row.signal,
    reason: row.failure_reason,
    message: row.message,
    batch: row.batch,
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

/** What the agent says about the attempt at its end: the digest of its base code tree and its own version. */
export function recordAgentReport(db: Db, id: number, epoch: number, report: { baseDigest?: string | null; agentVersion?: string | null }): void {
  stmt(db, 'UPDATE job_attempts SET base_digest = COALESCE(?, base_digest), agent_version = COALESCE(?, agent_version) WHERE job_id = ? AND epoch = ?').run(
    report.baseDigest ?? null,
    report.agentVersion ?? null,
    id,
    epoch,
  );
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
