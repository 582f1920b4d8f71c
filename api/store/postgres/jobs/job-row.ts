import type { JobRow } from '../../sqlite/jobs/job-row.js';
import type { Sql } from '../sql.js';

export type { JobRow };

export async function getJobRow(sql: Sql, id: number): Promise<JobRow | undefined> {
  const { rows } = await sql.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
  return rows[0];
}

/** The row, locked until the caller's transaction ends: what is decided from it cannot change meanwhile. */
export async function lockJobRow(sql: Sql, id: number): Promise<JobRow | undefined> {
  const { rows } = await sql.query<JobRow>('SELECT * FROM jobs WHERE id = $1 FOR NO KEY UPDATE', [id]);
  return rows[0];
}

/** Jobs that wait for this one or take its outputs. */
export async function childrenOf(sql: Sql, id: number): Promise<number[]> {
  const { rows } = await sql.query<{ job_id: number }>('SELECT job_id FROM job_deps WHERE parent_id = $1 ORDER BY job_id', [id]);
  return rows.map((row) => row.job_id);
}

export async function parentsOf(sql: Sql, id: number): Promise<number[]> {
  const { rows } = await sql.query<{ parent_id: number }>('SELECT parent_id FROM job_deps WHERE job_id = $1 ORDER BY parent_id', [id]);
  return rows.map((row) => row.parent_id);
}
