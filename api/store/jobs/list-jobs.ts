import type { Db } from '../db.js';
import { stmt } from '../statements.js';
import type { JobRow } from './job-row.js';

export interface JobFilter {
  state?: string;
  owner?: string;
  recipe?: string;
  node?: string;
  /** Newest first: jobs with an id below this one. */
  before?: number;
  limit: number;
}

/** A page of jobs, newest first, by keyset on id (stable while jobs are added). */
export function listJobs(db: Db, filter: JobFilter): JobRow[] {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: filter.limit };
  if (filter.state !== undefined) (where.push('j.state = @state'), (params.state = filter.state));
  if (filter.owner !== undefined) (where.push('j.owner = @owner'), (params.owner = filter.owner));
  if (filter.recipe !== undefined) (where.push('j.recipe = @recipe'), (params.recipe = filter.recipe));
  if (filter.node !== undefined) (where.push('(a.name = @node OR j.requested_node = @node)'), (params.node = filter.node));
  if (filter.before !== undefined) (where.push('j.id < @before'), (params.before = filter.before));
  const sql = `SELECT j.* FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY j.id DESC LIMIT @limit`;
  return stmt<[Record<string, string | number>], JobRow>(db, sql).all(params);
}

export function countJobsByState(db: Db): Record<string, number> {
  const rows = stmt<[], { state: string; n: number }>(db, 'SELECT state, count(*) AS n FROM jobs GROUP BY state').all();
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}
