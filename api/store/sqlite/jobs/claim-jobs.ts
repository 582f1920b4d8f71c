import { fits, type NodeOffer } from '../../../../core/fit.js';
import type { Db } from '../db.js';
import { immediate, stmt } from '../statements.js';
import { advanceClock } from './fair-share.js';
import type { JobRow } from './job-row.js';
import { claimOrder } from '../../queue-order.js';
import { routeHead } from './route-head.js';
import { queuedRoutesFor } from './routes.js';
import { transition } from './transition.js';

export interface Claimant extends NodeOffer {
  agentId: number;
}

/**
 * How many more jobs the agent may hold: its registered slots less the attempts
 * it holds now. The agent's own `maxJobs` is only its view; a restarted or buggy
 * agent must not run more than it registered for.
 */
function freeSlots(db: Db, agentId: number): number {
  const row = stmt<[number, number], { free: number }>(
    db,
    `SELECT slots - (SELECT count(*) FROM jobs WHERE agent_id = ? AND state IN ('running', 'cancelling')) AS free
     FROM agents WHERE id = ?`,
  ).get(agentId, agentId);
  return row?.free ?? 0;
}

/** Whether any queued job is past its retry delay: what makes waking the waiting claims worth it. */
export function hasRunnableQueued(db: Db, now: number): boolean {
  return stmt(db, `SELECT 1 FROM jobs WHERE state = 'queued' AND not_before <= ? LIMIT 1`).get(now) !== undefined;
}

/**
 * Leases up to `wanted` queued jobs to an agent in one immediate transaction,
 * never more than its free slots, in claim order among the jobs it may run.
 * The routes with queued jobs are judged by the fit rule, and only the heads of
 * those that fit are read: jobs no agent fits cost nothing here, however many.
 * The attempt is counted and the lease epoch (fencing token) bumped at claim
 * time; the queue's virtual time moves to the fair positions served.
 */
export function claimJobs(db: Db, agent: Claimant, wanted: number, leaseMs: number, now: number): JobRow[] {
  if (wanted <= 0) return [];
  return immediate(db, () => {
    const max = Math.min(wanted, freeSlots(db, agent.agentId));
    if (max <= 0) return [];
    const candidates = queuedRoutesFor(db, [agent.name])
      .filter((route) => fits(route, agent))
      .flatMap((route) => routeHead(db, route.id, now, max))
      .sort(claimOrder)
      .slice(0, max);
    const claimed: JobRow[] = [];
    for (const candidate of candidates) {
      const won = transition(db, candidate.id, 'queued', 'running', {
        agent_id: agent.agentId,
        lease_epoch: { expr: 'lease_epoch + 1' },
        attempts: { expr: 'attempts + 1' },
        lease_expires_at: now + leaseMs,
        started_at: now,
        batch: null,
        exit_code: null,
        signal: null,
        failure_reason: null,
        message: null,
      });
      if (won) {
        claimed.push(won);
        advanceClock(db, won.priority, won.fair_pos);
      }
    }
    return claimed;
  });
}
