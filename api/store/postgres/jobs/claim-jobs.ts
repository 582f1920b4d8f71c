import { fits } from '../../../../core/fit.js';
import { takeNearData, weighsLocality, type LocalNode } from '../../../../core/locality.js';
import { claimOrder, positionsServed } from '../../queue-order.js';
import type { Claimant, JobContent } from '../../store.js';
import { listAgents } from '../agents.js';
import { jobContent, onlineContentFilters } from '../locality.js';
import type { Sql } from '../sql.js';
import type { ClaimedRow } from '../../rows/claimed-row.js';
import { startAttempts } from './attempts.js';
import { advanceClock } from './fair-share.js';
import { lockRouteHead } from './route-head.js';
import { queuedRoutesFor } from './routes.js';
import { transitionAll } from './transition.js';

/**
 * How many more jobs the agent may hold: its registered slots less the attempts
 * it holds now, and none unless it is online. The agent's row is locked first
 * and stays locked until the claim commits, so two claims for one agent (a
 * retried long poll on another replica) take turns; the count is a second
 * statement, whose fresh snapshot sees the jobs the one before took.
 */
async function freeSlots(sql: Sql, agentId: number): Promise<number> {
  await sql.query('SELECT 1 FROM agents WHERE id = $1 FOR NO KEY UPDATE', [agentId]);
  const { rows } = await sql.query<{ free: number }>(
    `SELECT slots - (SELECT count(*) FROM jobs WHERE agent_id = $1 AND state IN ('running', 'cancelling')) AS free FROM agents WHERE id = $1 AND state = 'online'`,
    [agentId],
  );
  return rows[0]?.free ?? 0;
}

/**
 * Jobs read past what the agent asked for when locality may leave some of
 * them to nodes nearer their data. Fewer than SQLite's: here each route's head
 * is read locked, so the jobs looked at and left stay hidden from other
 * replicas' claims until this one commits.
 */
const LOCALITY_LOOKAHEAD = 4;

/** The claimant and the other online nodes with the content filters they reported: what locality weighs. */
async function localNodes(sql: Sql, agent: Claimant): Promise<{ claimant: LocalNode; online: LocalNode[] }> {
  const filters = await onlineContentFilters(sql);
  const online = (await listAgents(sql))
    .filter((node) => node.state === 'online' && node.id !== agent.agentId)
    .map((node) => ({ ...node, holds: filters.get(node.id) ?? null }));
  return { claimant: { ...agent, holds: filters.get(agent.agentId) ?? null }, online };
}

/** Whether any queued job is past its retry delay: what makes waking the waiting claims worth it. */
export async function hasRunnableQueued(sql: Sql, now: number): Promise<boolean> {
  const { rows } = await sql.query(`SELECT 1 FROM jobs WHERE state = 'queued' AND not_before <= $1 LIMIT 1`, [now]);
  return rows.length > 0;
}

/**
 * Leases up to `wanted` queued jobs to an agent, inside the caller's
 * transaction, never more than its free slots, in claim order among the jobs
 * it may run. As in SQLite, the routes with queued jobs are judged by the fit
 * rule and only the heads of those that fit are read; here each head is read
 * with FOR UPDATE SKIP LOCKED, so claims on several replicas at once step over
 * each other's candidates instead of waiting or taking the same job. A job
 * whose data another fitting node's site holds more of is left to it for up
 * to `localityWaitMs` (AWE_LOCALITY_WAIT_SECONDS). The attempt is counted,
 * the lease epoch (fencing token) bumped and the attempt recorded at claim
 * time; the queue's virtual time moves to the fair positions served.
 */
export async function claimJobs(sql: Sql, agent: Claimant, wanted: number, leaseMs: number, localityWaitMs: number, now: number): Promise<ClaimedRow[]> {
  if (wanted <= 0) return [];
  const max = Math.min(wanted, await freeSlots(sql, agent.agentId));
  if (max <= 0) return [];
  const routes = (await queuedRoutesFor(sql, [agent.name])).filter((route) => fits(route, agent));
  const heads = async (count: number) => {
    const found = [];
    for (const route of routes) found.push(...(await lockRouteHead(sql, route.id, now, count)).map((head) => ({ ...head, route })));
    return found.sort(claimOrder).slice(0, count);
  };
  const contentOf = async (candidates: ReadonlyArray<{ id: number }>) =>
    localityWaitMs > 0 ? jobContent(sql, candidates.map((c) => c.id)) : new Map<number, JobContent>();
  let candidates = await heads(max);
  let content = await contentOf(candidates);
  // Only when locality may leave some of them to nodes nearer their data are the jobs behind them read (and locked) too.
  const weighs = weighsLocality(candidates, content, now, localityWaitMs);
  if (weighs) {
    candidates = await heads(max + LOCALITY_LOOKAHEAD);
    content = await contentOf(candidates);
  }
  // The nodes are read only when locality weighs in, as SQLite's lazy read does.
  const nodes = weighs ? await localNodes(sql, agent) : null;
  const taken = takeNearData(candidates, max, content, () => nodes!, now, localityWaitMs);
  // One statement for the whole batch: each is a round trip.
  const claimed = await transitionAll(
    sql,
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
  await startAttempts(sql, claimed);
  // Last of all: claims at one priority take turns on its clock's row, so they hold it only from here to their commit.
  for (const [priority, position] of positionsServed(claimed)) await advanceClock(sql, priority, position);
  return claimed;
}
