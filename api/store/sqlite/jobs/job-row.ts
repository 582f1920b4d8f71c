import type { FailureReason } from '../../../../core/failures.js';
import type { JobState } from '../../../../core/states.js';
import type { Db } from '../db.js';
import { stmt } from '../statements.js';

/** A row of `jobs` as SQLite returns it. JSON columns are still text here. */
export interface JobRow {
  id: number;
  owner: string;
  recipe: string;
  args: string;
  params: string | null;
  command: string;
  requested_node: string | null;
  selector: string;
  route_rule: string;
  min_memory_mb: number | null;
  route_id: number;
  fair_pos: number;
  resources: string;
  bundle: string | null;
  env: string;
  settings: string;
  sealed_secrets: string | null;
  inputs: string;
  priority: number;
  timeout_seconds: number | null;
  max_attempts: number;
  attempts: number;
  state: JobState;
  failure_reason: FailureReason | null;
  message: string | null;
  exit_code: number | null;
  signal: string | null;
  agent_id: number | null;
  lease_epoch: number;
  lease_expires_at: number | null;
  not_before: number;
  batch: string | null;
  idempotency_key: string | null;
  log_size: number;
  log_truncated: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  /** When retention deleted the log and outputs (AWE_RETENTION_DAYS). */
  expired_at: number | null;
}

export function getJobRow(db: Db, id: number): JobRow | undefined {
  return stmt<[number], JobRow>(db, 'SELECT * FROM jobs WHERE id = ?').get(id);
}

/** Only the state: for followers that poll it. */
export function jobState(db: Db, id: number): JobState | undefined {
  return stmt<[number], { state: JobState }>(db, 'SELECT state FROM jobs WHERE id = ?').get(id)?.state;
}

/** For each waiting job, its first parent that has not succeeded, in one query. */
export function blockingParents(db: Db, ids: number[]): Map<number, { id: number; state: JobState }> {
  const rows = stmt<[string], { job_id: number; id: number; state: JobState }>(
    db,
    `SELECT d.job_id, j.id, j.state FROM job_deps d JOIN jobs j ON j.id = d.parent_id
     WHERE d.job_id IN (SELECT value FROM json_each(?)) AND j.state != 'succeeded' ORDER BY d.job_id DESC, j.id DESC`,
  ).all(JSON.stringify(ids));
  // Later rows overwrite earlier ones: each job keeps its lowest parent id.
  return new Map(rows.map((row) => [row.job_id, { id: row.id, state: row.state }]));
}

/** Jobs that wait for this one or take its outputs. */
export function childrenOf(db: Db, id: number): number[] {
  return stmt<[number], { job_id: number }>(db, 'SELECT job_id FROM job_deps WHERE parent_id = ? ORDER BY job_id')
    .all(id)
    .map((row) => row.job_id);
}

export function parentsOf(db: Db, id: number): number[] {
  return stmt<[number], { parent_id: number }>(db, 'SELECT parent_id FROM job_deps WHERE job_id = ? ORDER BY parent_id')
    .all(id)
    .map((row) => row.parent_id);
}
