import type { JobState } from '../../../../core/states.js';
import { attemptOutcome, fromRows, type AgentReport, type AttemptRecord, type AttemptRow, type OutputFile } from '../../rows/attempts.js';
import type { Fence, JobRow } from '../../store.js';
import type { Sql } from '../sql.js';

/** Records the new attempts of jobs one claim just leased to one agent (the rows as the claim left them). */
export async function startAttempts(sql: Sql, rows: ReadonlyArray<Pick<JobRow, 'id'>>): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(
    `INSERT INTO job_attempts (job_id, epoch, agent_id, node, labels, executor, started_at, log_start)
     SELECT j.id, j.lease_epoch, a.id, a.name, a.labels, a.executor, j.started_at, j.log_size
     FROM jobs j JOIN agents a ON a.id = j.agent_id WHERE j.id = ANY($1::bigint[])`,
    [rows.map((row) => row.id)],
  );
}

/**
 * Closes the attempt the job row names (its epoch) with the row's latest-attempt
 * fields, after a transition out of running or cancelling took it to `to`, and
 * what its agent reported of itself (base code digest, version; older agents
 * report neither). A job that succeeded gets its attempt's outputs as its own.
 */
export async function endAttempt(sql: Sql, row: JobRow, to: JobState, now: number, report: AgentReport = {}): Promise<void> {
  const end = `UPDATE job_attempts SET finished_at = $1, outcome = $2, exit_code = $3, signal = $4, failure_reason = $5, message = $6, batch = $7,
       base_digest = COALESCE($10, base_digest), agent_version = COALESCE($11, agent_version)
     WHERE job_id = $8 AND epoch = $9 AND outcome IS NULL`;
  // The outputs in the same statement: one round trip.
  const promote = `INSERT INTO outputs (job_id, path, sha256, size) SELECT job_id, path, sha256, size FROM attempt_outputs WHERE job_id = $8 AND epoch = $9
       ON CONFLICT (job_id, path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size`;
  await sql.query(to === 'succeeded' ? `WITH ended AS (${end}) ${promote}` : end, [
    now,
    attemptOutcome(to),
    row.exit_code,
    row.signal,
    row.failure_reason,
    row.message,
    row.batch,
    row.id,
    row.lease_epoch,
    report.baseDigest ?? null,
    report.agentVersion ?? null,
  ]);
}

/** The one check that this attempt (agent and epoch) still holds the job's lease; `lock` holds the row until commit. */
export async function holdsLease(sql: Sql, id: number, fence: Fence, lock = false): Promise<boolean> {
  const { rows } = await sql.query(
    `SELECT 1 FROM jobs WHERE id = $1 AND agent_id = $2 AND lease_epoch = $3 AND state IN ('running', 'cancelling')${lock ? ' FOR NO KEY UPDATE' : ''}`,
    [id, fence.agentId, fence.epoch],
  );
  return rows.length > 0;
}

/**
 * Records an uploaded output under its attempt, checked against the lease in
 * the same transaction as the insert, the job's row locked from the check to
 * the commit: a lease expiring or a finish on another replica waits for it, so
 * an attempt that lost its lease cannot add its bytes to the job, and an output
 * recorded before the success is among those the success promotes. False when
 * the attempt no longer holds the lease.
 */
export async function insertAttemptOutput(sql: Sql, id: number, fence: Fence, file: OutputFile): Promise<boolean> {
  if (!(await holdsLease(sql, id, fence, true))) return false;
  await sql.query(
    `INSERT INTO attempt_outputs (job_id, epoch, path, sha256, size) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (job_id, epoch, path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size`,
    [id, fence.epoch, file.path, file.sha256, file.size],
  );
  return true;
}

/** Every attempt of a job, oldest first, with its outputs and its range of the log. */
export async function listAttempts(sql: Sql, id: number): Promise<AttemptRecord[]> {
  const { rows } = await sql.query<AttemptRow>('SELECT * FROM job_attempts WHERE job_id = $1 ORDER BY epoch', [id]);
  if (rows.length === 0) return [];
  const size = await sql.query<{ log_size: number }>('SELECT log_size FROM jobs WHERE id = $1', [id]);
  const outputs = await sql.query<OutputFile & { epoch: number }>(
    'SELECT epoch, path, sha256, size FROM attempt_outputs WHERE job_id = $1 ORDER BY epoch, path',
    [id],
  );
  return fromRows(rows, outputs.rows, size.rows[0].log_size);
}

/** Where an attempt's output starts in the job's log (each attempt's agent counts its offsets from zero). */
export async function attemptLogStart(sql: Sql, id: number, epoch: number): Promise<number | undefined> {
  const { rows } = await sql.query<{ log_start: number }>('SELECT log_start FROM job_attempts WHERE job_id = $1 AND epoch = $2', [id, epoch]);
  return rows[0]?.log_start;
}
