import { fits, type NodeOffer } from '../../../../core/fit.js';
import { takeNearData, weighsLocality, type LocalNode } from '../../../../core/locality.js';
import { listAgents } from '../agents.js';
import type { Db } from '../db.js';
import { jobContent, onlineContentFilters, type JobContent } from '../locality.js';
import { immediate, stmt } from '../statements.js';
import { startAttempts } from './attempts.js';
import { LEASED_STATES } from './state-indexes.js';
import { advanceClock } from './fair-share.js';
import type { ClaimedRow } from '../../rows/claimed-row.js';
import { claimOrder, positionsServed } from '../../queue-order.js';
import { routeHead } from './route-head.js';
import { queuedRoutesFor } from './routes.js';
import { transitionAll } from './transition.js';

export interface Claimant extends NodeOffer {
  agentId: number;
  site: string | null;
}

/** Jobs read past what the agent asked for when locality may leave some of them to nodes nearer their data. */
const LOCALITY_LOOKAHEAD = 16;

/**
 * How many more jobs the agent may hold: its registered slots less the attempts
 * it holds now, and none unless it is online. The agent's own `maxJobs` is only
 * its view; a restarted or buggy agent must not run more than it registered for.
 */
function freeSlots(db: Db, agentId: number): number {
  const row = stmt<[number, number], { free: number }>(
    db,
    `SELECT slots - (SELECT count(*) FROM jobs WHERE agent_id = ? AND ${LEASED_STATES}) AS free
     FROM agents WHERE id = ? AND state = 'online'`,
  ).get(agentId, agentId);
  return row?.free ?? 0;
}

/** The claimant and the other online nodes with the content filters they reported: what locality weighs. */
function localNodes(db: Db, agent: Claimant): { claimant: LocalNode; online: LocalNode[] } {
  const filters = onlineContentFilters(db);
  const online = listAgents(db)
    .filter((node) => node.state === 'online' && node.id !== agent.agentId)
    .map((node) => ({ ...node, holds: filters.get(node.id) ?? null }));
  return { claimant: { ...agent, holds: filters.get(agent.agentId) ?? null }, online };
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
 * A job whose data another fitting node's site holds more of is left to it for
 * up to `localityWaitMs` (AWE_LOCALITY_WAIT_SECONDS). The attempt is counted,
 * the lease epoch (fencing token) bumped and the attempt recorded at claim
 * time; the queue's virtual time moves to the fair positions served.
 */
export function claimJobs(db: Db, agent: Claimant, wanted: number, leaseMs: number, localityWaitMs: number, now: number): ClaimedRow[] {
  if (wanted <= 0) return [];
  return immediate(db, () => {
    const max = Math.min(wanted, freeSlots(db, agent.agentId));
    if (max <= 0) return [];
    const routes = queuedRoutesFor(db, [agent.name]).filter((route) => fits(route, agent));
    const heads = (count: number) =>
      routes
        .flatMap((route) => routeHead(db, route.id, now, count).map((head) => ({ ...head, route })))
        .sort(claimOrder)
        .slice(0, count);
    const contentOf = (candidates: ReadonlyArray<{ id: number }>) =>
      localityWaitMs > 0 ? jobContent(db, candidates.map((c) => c.id)) : new Map<number, JobContent>();
    let candidates = heads(max);
    let content = contentOf(candidates);
    // Only when locality may leave some of them to nodes nearer their data are the jobs behind them read too.
    if (weighsLocality(candidates, content, now, localityWaitMs)) {
      candidates = heads(max + LOCALITY_LOOKAHEAD);
      content = contentOf(candidates);
    }
    const taken = takeNearData(candidates, max, content, () => localNodes(db, agent), now, localityWaitMs);
    // One statement for the whole batch: each statement and each returned row costs more than the change itself.
    const claimed = transitionAll(
      db,
      taken.map((candidate) => candidate.id),
      'queued',
      'running',
      {
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
      },
    );
    startAttempts(db, claimed);
    for (const [priority, position] of positionsServed(claimed)) advanceClock(db, priority, position);
    return claimed;
  });
}
