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
  const conditions: Array<[unknown, string]> = [
    [filter.state, 'j.state = @state'],
    [filter.owner, 'j.owner = @owner'],
    [filter.recipe, 'j.recipe = @recipe'],
    [filter.node, '(a.name = @node OR j.requested_node = @node)'],
    [filter.before, 'j.id < @before'],
  ];
  const where = conditions.filter(([value]) => value !== undefined).map(([, sql]) => sql);
  const params = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as Record<string, string | number>;
  const sql = `SELECT j.* FROM jobs j LEFT JOIN agents a ON a.id = j.agent_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY j.id DESC LIMIT @limit`;
  return stmt<[Record<string, string | number>], JobRow>(db, sql).all(params);
}

export function countJobsByState(db: Db): Record<string, number> {
  const rows = stmt<[], { state: string; n: number }>(db, 'SELECT state, count(*) AS n FROM jobs GROUP BY state').all();
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}
