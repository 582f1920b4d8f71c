import { formatSelector } from '../../core/labels.js';
import type { Agent } from '../store/agents.js';
import type { Db } from '../store/db.js';
import type { JobRow } from '../store/jobs/job-row.js';
import { stmt, parse } from '../store/statements.js';
import { whyNot } from './node-fit.js';

/**
 * Why a job that has not started is still waiting, in the words a user needs:
 * a dependency, a retry delay, no node that may run it, or all such nodes busy.
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
  const needs = { selector: parse<Record<string, string>>(row.selector), requestedNode: row.requested_node, minMemoryMB: row.min_memory_mb };
  const fitting = agents.filter((agent) => whyNot(agent, needs) === null);
  if (fitting.length === 0) {
    if (needs.requestedNode !== null) return `node ${needs.requestedNode} is not online`;
    const wanted = [formatSelector(needs.selector), needs.minMemoryMB !== null ? `${needs.minMemoryMB} MB` : '']
      .filter(Boolean)
      .join(' with ');
    return `no online node matches ${wanted}`;
  }
  if (fitting.every((agent) => agent.running >= agent.slots)) {
    return `all ${fitting.length} matching node${fitting.length === 1 ? ' is' : 's are'} busy`;
  }
  const ahead = stmt<[number, number, number], { n: number }>(
    db,
    `SELECT count(*) AS n FROM jobs WHERE state = 'queued' AND (priority > ? OR (priority = ? AND id < ?))`,
  ).get(row.priority, row.priority, row.id)!.n;
  return ahead > 0 ? `${ahead} job${ahead === 1 ? '' : 's'} ahead in the queue` : 'about to be claimed by a matching node';
}
