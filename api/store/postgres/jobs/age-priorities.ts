import { fits } from '../../../../core/fit.js';
import { AGING_CAP, AGING_STEP_MS } from '../../aging.js';
import { listAgents } from '../agents.js';
import type { Sql } from '../sql.js';
import { queuedRoutesFor } from './routes.js';

/**
 * When the job's present wait began, and how many full steps it waited since,
 * as in the SQLite store (see there). `not_before` doubles as the aging clock.
 * SINCE is written as index jobs_route_waiting writes it (migration 006), so
 * the planner reads only the route's jobs that are due.
 */
export const SINCE = 'GREATEST(created_at, not_before, COALESCE(started_at, 0))';
const WAIT_BEGAN = `GREATEST(${SINCE}, $5::bigint)`;
const STEPS = `(($1::bigint - ${WAIT_BEGAN}) / $2::bigint)`;
const RISE = `UPDATE jobs
  SET priority = LEAST($3::bigint, priority + ${STEPS}), not_before = ${WAIT_BEGAN} + ${STEPS} * $2::bigint
  WHERE route_id = $4 AND state = 'queued' AND ${SINCE} <= $1::bigint - $2::bigint AND priority < $3`;

/**
 * Marks which routes some online agent fits now, keeping the moment each
 * became runnable, and answers the runnable ones with that moment.
 */
async function markRunnable(sql: Sql, now: number): Promise<Array<{ id: number; since: number }>> {
  // With nothing queued no route is runnable: an idle service's sweeps do not read every agent.
  const anyQueued = (await sql.query(`SELECT 1 FROM jobs WHERE state = 'queued' LIMIT 1`)).rows.length > 0;
  const online = anyQueued ? (await listAgents(sql)).filter((agent) => agent.state === 'online') : [];
  const routes = online.length > 0 ? await queuedRoutesFor(sql, online.map((agent) => agent.name)) : [];
  const runnable = routes.filter((route) => online.some((agent) => fits(route, agent))).map((route) => route.id);
  await sql.query('UPDATE job_routes SET runnable_since = NULL WHERE runnable_since IS NOT NULL AND id <> ALL($1::bigint[])', [runnable]);
  const { rows } = await sql.query<{ id: number; since: number }>(
    'UPDATE job_routes SET runnable_since = COALESCE(runnable_since, $1) WHERE id = ANY($2::bigint[]) RETURNING id, runnable_since AS since',
    [now, runnable],
  );
  return rows;
}

/**
 * Aging, so that low-priority work is not starved by a steady stream of higher
 * priorities: queued jobs gain one priority per full step of waiting, up to the
 * cap, but only jobs of a route some online node fits, counting from when it
 * became so (the rule is the SQLite store's, where it is explained). Runs
 * inside the caller's transaction, on the one replica that holds the sweeper's
 * lease. Returns how many jobs rose.
 */
export async function agePriorities(sql: Sql, now: number, step = AGING_STEP_MS, cap = AGING_CAP): Promise<number> {
  let rose = 0;
  for (const route of await markRunnable(sql, now)) {
    if (route.since > now - step) continue;
    rose += (await sql.query(RISE, [now, step, cap, route.id, route.since])).rowCount ?? 0;
  }
  return rose;
}
