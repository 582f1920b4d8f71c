import { fits } from '../../../core/fit.js';
import { listAgents } from '../agents.js';
import type { Db } from '../db.js';
import { immediate, stmt } from '../statements.js';
import { queuedRoutesFor } from './routes.js';

/** For every full step a claimable job waits unclaimed, its priority rises by one. */
export const AGING_STEP_MS = 5 * 60_000;
/** The highest priority anyone may ask for: a job aged up to it goes before newer work of that priority by age. */
const AGING_CAP = 100;

/**
 * When the job's present wait began: its submission, its parents' success
 * (settle-dependents sets `not_before`), the start of its last attempt (a
 * requeue after a lost lease), the end of a retry delay, or its last aging
 * step, whichever is latest. `not_before` doubles as the aging clock: a
 * step moves it to the moment the step completed, which is in the past and so
 * never delays a claim.
 */
const SINCE = 'MAX(created_at, not_before, COALESCE(started_at, 0))';
const STEPS = `CAST((@now - ${SINCE}) / @step AS INTEGER)`;
// The planner would rather read every queued job through jobs_state; the
// expression index (migration 002) reads only the jobs that are due.
const RISE = `UPDATE jobs INDEXED BY jobs_waiting_since SET priority = MIN(@cap, priority + ${STEPS}), not_before = ${SINCE} + ${STEPS} * @step
  WHERE state = 'queued' AND ${SINCE} <= @now - @step AND priority < @cap AND route_id IN (SELECT value FROM json_each(@runnable))`;
const RESTART = `UPDATE jobs INDEXED BY jobs_waiting_since SET not_before = ${SINCE} + ${STEPS} * @step
  WHERE state = 'queued' AND ${SINCE} <= @now - @step AND route_id NOT IN (SELECT value FROM json_each(@runnable))`;

/**
 * Aging, so that low-priority work is not starved by a steady stream of higher
 * priorities: queued jobs gain one priority per full step of waiting, up to the
 * cap, but only jobs that can run, those of a route some online node fits. A
 * job nothing may run moves its clock on instead and so never climbs over the
 * jobs that could run; it starts aging when a node for it comes online. The
 * claim order keeps the stored priority, so aging costs one update per sweep
 * and nothing per claim, and the raised priority is what every job view shows.
 * Returns how many jobs rose.
 */
export function agePriorities(db: Db, now: number, step = AGING_STEP_MS, cap = AGING_CAP): number {
  return immediate(db, () => {
    const online = listAgents(db).filter((agent) => agent.state === 'online');
    const routes = online.length > 0 ? queuedRoutesFor(db, online.map((agent) => agent.name)) : [];
    const runnable = JSON.stringify(routes.filter((route) => online.some((agent) => fits(route, agent))).map((route) => route.id));
    stmt(db, RESTART).run({ now, step, runnable });
    return stmt(db, RISE).run({ now, step, cap, runnable }).changes;
  });
}
