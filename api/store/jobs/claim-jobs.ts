import { matches, type Labels } from '../../../core/labels.js';
import type { Db } from '../db.js';
import { immediate, parse, stmt } from '../statements.js';
import type { JobRow } from './job-row.js';
import { transition } from './transition.js';

export interface Claimant {
  agentId: number;
  name: string;
  labels: Labels;
  memoryMB: number | null;
}

interface Candidate {
  id: number;
  priority: number;
  selector: string;
  requested_node: string | null;
  min_memory_mb: number | null;
}

/** How many queued jobs one claim looks at before giving up on finding one this agent may run. */
const SCAN_LIMIT = 512;
const PAGE = 64;
// INDEXED BY: left to itself the planner reads every queued job through
// jobs_state and sorts them, which costs 170 ms a claim at a million queued.
const CANDIDATES = `SELECT id, priority, selector, requested_node, min_memory_mb FROM jobs INDEXED BY jobs_queue
  WHERE state = 'queued' AND not_before <= ?`;

/** Whether a queued job may run on this agent: the node it asked for, its label selector, its memory. */
export function fits(job: Pick<Candidate, 'selector' | 'requested_node' | 'min_memory_mb'>, agent: Claimant): boolean {
  if (job.requested_node !== null && job.requested_node !== agent.name) return false;
  if (job.min_memory_mb !== null && (agent.memoryMB ?? 0) < job.min_memory_mb) return false;
  return matches(parse<Labels>(job.selector), agent.labels);
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

/**
 * Leases up to `wanted` queued jobs to an agent in one immediate transaction, best
 * priority first and oldest first within a priority (index jobs_queue), never
 * more than the agent's free slots. The attempt is counted and the lease epoch
 * (fencing token) bumped at claim time.
 */
export function claimJobs(db: Db, agent: Claimant, wanted: number, leaseMs: number, now: number): JobRow[] {
  if (wanted <= 0) return [];
  return immediate(db, () => {
    const max = Math.min(wanted, freeSlots(db, agent.agentId));
    const claimed: JobRow[] = [];
    // Pages by keyset rather than one open iterator: better-sqlite3 cannot run the
    // updates while a read on the same connection is still being iterated.
    let after: { priority: number; id: number } | null = null;
    for (let scanned = 0; scanned < SCAN_LIMIT && claimed.length < max; scanned += PAGE) {
      const page: Candidate[] =
        after === null
          ? stmt<[number, number], Candidate>(db, `${CANDIDATES} ORDER BY priority DESC, id LIMIT ?`).all(now, PAGE)
          : stmt<[number, number, number, number, number], Candidate>(
              db,
              `${CANDIDATES} AND (priority < ? OR (priority = ? AND id > ?)) ORDER BY priority DESC, id LIMIT ?`,
            ).all(now, after.priority, after.priority, after.id, PAGE);
      for (const candidate of page) {
        if (claimed.length >= max) break;
        if (!fits(candidate, agent)) continue;
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
        if (won) claimed.push(won);
      }
      if (page.length < PAGE) break;
      const last = page[page.length - 1];
      after = { priority: last.priority, id: last.id };
    }
    return claimed;
  });
}
