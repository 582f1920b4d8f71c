import type { Agent } from '../store/agents.js';
import type { Db } from '../store/db.js';
import { fits } from '../store/jobs/claim-jobs.js';
import type { JobRow } from '../store/jobs/job-row.js';
import { stmt, parse } from '../store/statements.js';
import { judgeNodes, type Requirements } from './node-fit.js';

/** Queued jobs that share a route, counted together: a queue holds few distinct routes. */
interface RouteGroup {
  selector: string;
  requested_node: string | null;
  min_memory_mb: number | null;
  n: number;
}

/** How far back in the queue `jobsAhead` counts: past this a user learns "at least". */
const AHEAD_CAP = 1000;

// The jobs ahead in claim order are a prefix of index jobs_queue (priority DESC,
// id): those of a higher priority, then older ones of the same priority. Each
// part is read as an index range, capped, so a deep queue costs no more than
// AHEAD_CAP rows however many jobs wait behind.
const AHEAD = `SELECT selector, requested_node, min_memory_mb, count(*) AS n FROM (
    SELECT * FROM (SELECT selector, requested_node, min_memory_mb FROM jobs INDEXED BY jobs_queue
      WHERE state = 'queued' AND priority > @priority AND not_before <= @now LIMIT @cap)
    UNION ALL
    SELECT * FROM (SELECT selector, requested_node, min_memory_mb FROM jobs INDEXED BY jobs_queue
      WHERE state = 'queued' AND priority = @priority AND id < @id AND not_before <= @now LIMIT @cap)
  ) GROUP BY selector, requested_node, min_memory_mb`;

/**
 * Claimable jobs a claim would hand out before a job of this priority and id
 * (the claim's order: priority, then age), counting only those that compete for
 * the same nodes: a queue of cluster work is no reason for a Coadd to wait.
 */
export function jobsAhead(db: Db, priority: number, id: number, fitting: Agent[], now: number): string | null {
  const groups = stmt<[Record<string, number>], RouteGroup>(db, AHEAD).all({ priority, id, now, cap: AHEAD_CAP });
  const claimants = fitting.map((agent) => ({ agentId: agent.id, name: agent.name, labels: agent.labels, memoryMB: agent.memoryMB }));
  const n = groups.filter((group) => claimants.some((agent) => fits(group, agent))).reduce((sum, group) => sum + group.n, 0);
  if (n === 0) return null;
  const capped = groups.reduce((sum, group) => sum + group.n, 0) >= AHEAD_CAP;
  return `${capped ? 'at least ' : ''}${n} job${n === 1 ? '' : 's'} ahead in the queue`;
}

/**
 * Why a job that has not started is still waiting, in the words a user needs:
 * a dependency, a retry delay, no node that may run it, all such nodes busy,
 * or other jobs first in line for the same nodes.
 */
export function pendingReason(db: Db, row: JobRow, agents: Array<Agent & { running: number }>, now: number): string | null {
  if (row.state === 'waiting') {
    const parent = stmt<[number], { id: number; state: string }>(
      db,
      `SELECT j.id, j.state FROM job_deps d JOIN jobs j ON j.id = d.parent_id
       WHERE d.job_id = ? AND j.state != 'succeeded' ORDER BY j.id LIMIT 1`,
    ).get(row.id);
    return parent ? `waiting for job ${parent.id} (${parent.state})` : 'dependencies finished; about to be queued';
  }
  if (row.state !== 'queued') return null;
  if (row.not_before > now) return `retrying after a failure; eligible at ${new Date(row.not_before).toISOString()}`;
  const needs: Requirements = { selector: parse(row.selector), requestedNode: row.requested_node, minMemoryMB: row.min_memory_mb };
  const { fitting, blocked } = judgeNodes(agents, needs);
  return blocked ?? jobsAhead(db, row.priority, row.id, fitting, now) ?? 'about to be claimed by a matching node';
}
