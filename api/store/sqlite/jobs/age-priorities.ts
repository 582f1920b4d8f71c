import { fits } from '../../../../core/fit.js';
import { AGING_CAP, AGING_STEP_MS } from '../../aging.js';
import { listAgents } from '../agents.js';
import type { Db } from '../db.js';
import { immediate, stmt } from '../statements.js';
import { queuedRoutesFor } from './routes.js';


/**
 * When the job's present wait began: its submission, its parents' success
 * (settle-dependents sets `not_before`), the start of its last attempt (a
 * requeue after a lost lease), the end of a retry delay, or its last aging
 * step, whichever is latest; and no earlier than the moment its route became
 * runnable. `not_before` doubles as the aging clock: a step moves it to the
 * moment the step completed, which is in the past and so never delays a claim.
 */
export const SINCE = 'MAX(created_at, not_before, COALESCE(started_at, 0))';
const WAIT_BEGAN = `MAX(${SINCE}, @runnableSince)`;
const STEPS = `CAST((@now - ${WAIT_BEGAN}) / @step AS INTEGER)`;
// Named, so that no plan reads every queued job of the route: the expression
// index (migration 003) reads only the route's jobs that are due.
const RISE = `UPDATE jobs INDEXED BY jobs_route_waiting
  SET priority = MIN(@cap, priority + ${STEPS}), not_before = ${WAIT_BEGAN} + ${STEPS} * @step
  WHERE route_id = @route AND state = 'queued' AND ${SINCE} <= @now - @step AND priority < @cap`;

/**
 * Marks which routes some online agent fits now, keeping the moment each
 * became runnable, and answers the runnable ones with that moment.
 */
function markRunnable(db: Db, now: number): Array<{ id: number; since: number }> {
  // With nothing queued no route is runnable: an idle service's sweeps do not read every agent.
  const anyQueued = stmt(db, `SELECT 1 FROM jobs WHERE state = 'queued' LIMIT 1`).get() !== undefined;
  const online = anyQueued ? listAgents(db).filter((agent) => agent.state === 'online') : [];
  const routes = online.length > 0 ? queuedRoutesFor(db, online.map((agent) => agent.name)) : [];
  const runnable = JSON.stringify(routes.filter((route) => online.some((agent) => fits(route, agent))).map((route) => route.id));
  stmt(db, `UPDATE job_routes SET runnable_since = NULL WHERE runnable_since IS NOT NULL AND id NOT IN (SELECT value FROM json_each(?))`).run(runnable);
  return stmt<[number, string], { id: number; since: number }>(
    db,
    `UPDATE job_routes SET runnable_since = COALESCE(runnable_since, ?) WHERE id IN (SELECT value FROM json_each(?)) RETURNING id, runnable_since AS since`,
  ).all(now, runnable);
}

/**
 * Aging, so that low-priority work is not starved by a steady stream of higher
 * priorities: queued jobs gain one priority per full step of waiting, up to the
 * cap, but only jobs that can run, those of a route some online node fits, and
 * counting from when it became so. A job nothing may run is not even read: it
 * never climbs over the jobs that could run, however long it waits. The claim
 * order keeps the stored priority, so aging costs one update per runnable route
 * and sweep and nothing per claim, and the raised priority is what every job
 * view shows. Returns how many jobs rose.
 */
export function agePriorities(db: Db, now: number, step = AGING_STEP_MS, cap = AGING_CAP): number {
  return immediate(db, () => {
    let rose = 0;
    for (const route of markRunnable(db, now)) {
      if (route.since > now - step) continue;
      rose += stmt(db, RISE).run({ now, step, cap, route: route.id, runnableSince: route.since }).changes;
    }
    return rose;
  });
}
