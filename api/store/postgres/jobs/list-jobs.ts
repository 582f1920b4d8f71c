import type { JobFilter, JobRow } from '../../store.js';
import type { Sql } from '../sql.js';

/** A page of jobs, newest first, by keyset on id (stable while jobs are added). */
export async function listJobs(sql: Sql, filter: JobFilter): Promise<JobRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const conditions: Array<[string | number | undefined, (param: string) => string]> = [
    [filter.state, (p) => `j.state = ${p}`],
    [filter.owner, (p) => `j.owner = ${p}`],
    [filter.recipe, (p) => `j.recipe = ${p}`],
    [filter.node, (p) => `(a.name = ${p} OR j.requested_node = ${p})`],
    [filter.before, (p) => `j.id < ${p}`],
  ];
  for (const [value, condition] of conditions) {
    if (value === undefined) continue;
    params.push(value);
    where.push(condition(`$${params.length}`));
  }
  params.push(filter.limit);
  const { rows } = await sql.query<JobRow>(
    `SELECT j.* FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY j.id DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}

export async function countJobsByState(sql: Sql): Promise<Record<string, number>> {
  const { rows } = await sql.query<{ state: string; n: number }>('SELECT state, count(*) AS n FROM jobs GROUP BY state');
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}
