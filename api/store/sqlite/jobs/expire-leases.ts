import type { Db } from '../db.js';
import { immediate, stmt } from '../statements.js';
import { expiryChange } from '../../expiry-change.js';
import { endAttempts } from './attempts.js';
import type { JobRow } from './job-row.js';
import { settleDependents } from './settle-dependents.js';
import { LEASED_STATES } from './state-indexes.js';
import { transition } from './transition.js';

/**
 * The sweeper's work on jobs: a lease that expired means the agent vanished.
 * The attempt ends as `lost`: the job goes back to the queue if attempts are
 * left, else fails; a job whose cancel was pending is cancelled. Returns ids to wake agents for and
 * how many leases expired.
 */
export function expireLeases(db: Db, now: number): { queued: number[]; expired: number } {
  return immediate(db, () => {
    // Every held lease's expiry is read from jobs_leases (migration 011), not the history of jobs.
    const rows = stmt<[number], JobRow>(
      db,
      `SELECT * FROM jobs INDEXED BY jobs_leases WHERE ${LEASED_STATES} AND lease_expires_at < ? ORDER BY id LIMIT 1000`,
    ).all(now);
    const queued: number[] = [];
    for (const row of rows) {
      const fence = { agentId: row.agent_id!, epoch: row.lease_epoch };
      const { to, set } = expiryChange(row, now);
      const changed = transition(db, row.id, row.state, to, set, fence);
      if (!changed) continue;
      endAttempts(db, [changed], to, now);
      if (to === 'queued') queued.push(row.id);
      else settleDependents(db, row.id, now, queued);
    }
    return { queued, expired: rows.length };
  });
}

/** Agents silent for longer than `silenceMs` are marked lost (they come back online with their next request). */
export function markSilentAgentsLost(db: Db, silenceMs: number, now: number): number {
  return stmt(db, `UPDATE agents SET state = 'lost' WHERE state IN ('online', 'draining') AND last_seen_at < ?`).run(now - silenceMs)
    .changes;
}
