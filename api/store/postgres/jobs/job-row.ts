import type { JobState } from '../../../../core/states.js';
import type { JobRow } from '../../store.js';
import type { Sql } from '../sql.js';

export async function getJobRow(sql: Sql, id: number): Promise<JobRow | undefined> {
  const { rows } = await sql.query<JobRow>('SELECT * FROM jobs WHERE id = $1', [id]);
  return rows[0];
}

/** Only the state: for followers that poll it. */
export async function jobState(sql: Sql, id: number): Promise<JobState | undefined> {
  const { rows } = await sql.query<{ state: JobState }>('SELECT state FROM jobs WHERE id = $1', [id]);
  return rows[0]?.state;
}

/** For each waiting job, its first parent that has not succeeded, in one query. */
export async function blockingParents(sql: Sql, ids: number[]): Promise<Map<number, { id: number; state: JobState }>> {
  const { rows } = await sql.query<{ job_id: number; id: number; state: JobState }>(
    `SELECT DISTINCT ON (d.job_id) d.job_id, j.id, j.state FROM job_deps d JOIN jobs j ON j.id = d.parent_id
     WHERE d.job_id = ANY($1::bigint[]) AND j.state <> 'succeeded' ORDER BY d.job_id DESC, j.id`,
    [ids],
  );
  return new Map(rows.map((row) => [row.job_id, { id: row.id, state: row.state }]));
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

/** Who and what the given jobs are, in the order given: for lineage answers. */
export async function jobRefs(sql: Sql, ids: number[]): Promise<Array<{ id: number; recipe: string; state: JobState; owner: string }>> {
  const { rows } = await sql.query<{ id: number; recipe: string; state: JobState; owner: string }>(
    'SELECT id, recipe, state, owner FROM jobs WHERE id = ANY($1::bigint[])',
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}
