import type { Db } from '../db.js';
import { stmt } from '../statements.js';
import type { JobRow } from './job-row.js';
import { INDEXED_STATES, LEASED_STATES } from './state-indexes.js';

export interface JobFilter {
  state?: string;
  owner?: string;
  recipe?: string;
  node?: string;
  /** Newest first: jobs with an id below this one. */
  before?: number;
  limit: number;
}

/**
 * How a state's jobs are read: running ones through jobs_leases (few, then
 * sorted; the planner would rather walk the whole history by id), the states
 * of jobs_state through it in id order, and succeeded ones, most of any
 * history, newest first by id.
 */
function byState(state: string | undefined): { index: string; condition: string } {
  if (state === undefined) return { index: '', condition: '' };
  if (state === 'succeeded') return { index: '', condition: 'j.state = @state' };
  if (state === 'running') return { index: 'INDEXED BY jobs_leases', condition: `j.state = @state AND j.${LEASED_STATES}` };
  return { index: '', condition: `j.state = @state AND j.${INDEXED_STATES}` };
}

/** A page of jobs, newest first, by keyset on id (stable while jobs are added). */
export function listJobs(db: Db, filter: JobFilter): JobRow[] {
  const state = byState(filter.state);
  const conditions: Array<[unknown, string]> = [
    [filter.state, state.condition],
    [filter.owner, 'j.owner = @owner'],
    [filter.recipe, 'j.recipe = @recipe'],
    [filter.node, '(a.name = @node OR j.requested_node = @node)'],
    [filter.before, 'j.id < @before'],
  ];
  const where = conditions.filter(([value]) => value !== undefined).map(([, sql]) => sql);
  const params = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as Record<string, string | number>;
  const sql = `SELECT j.* FROM jobs j ${state.index} LEFT JOIN agents a ON a.id = j.agent_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY j.id DESC LIMIT @limit`;
  return stmt<[Record<string, string | number>], JobRow>(db, sql).all(params);
}

/**
 * How many jobs are in each state, in one statement (one snapshot) read
 * through the indexes: the states of jobs_state from it, running from
 * jobs_leases, and succeeded as what is left of the count of all jobs, which
 * SQLite takes from its smallest full index.
 */
export function countJobsByState(db: Db): Record<string, number> {
  const rows = stmt<[], { state: string; n: number }>(
    db,
    `WITH listed AS (
       SELECT state, count(*) AS n FROM jobs WHERE ${INDEXED_STATES} GROUP BY state
       UNION ALL SELECT 'running', count(*) FROM jobs WHERE ${LEASED_STATES} AND state = 'running'
     )
     SELECT state, n FROM listed UNION ALL SELECT 'succeeded', (SELECT count(*) FROM jobs) - (SELECT sum(n) FROM listed)`,
  ).all();
  return Object.fromEntries(rows.filter((row) => row.n > 0).map((row) => [row.state, row.n]));
}
