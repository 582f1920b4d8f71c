import type { JobRow } from '../../store.js';
import type { Sql } from '../sql.js';
import { expiryChange } from '../../expiry-change.js';
import { endAttempt } from './attempts.js';
import { settleDependents } from './settle-dependents.js';
import { transition } from './transition.js';

/**
 * The sweeper's work on jobs: a lease that expired means the agent vanished.
 * The attempt ends as `lost`: the job goes back to the queue if attempts are
 * left, else fails; a job whose cancel was pending is cancelled. Returns ids to wake agents for and
 * how many leases expired. A job another transaction holds now (its agent's
 * late finish, a heartbeat) is left to the next sweep rather than waited for.
 */
export async function expireLeases(sql: Sql, now: number): Promise<{ queued: number[]; expired: number }> {
  const { rows } = await sql.query<JobRow>(
    `SELECT * FROM jobs WHERE state IN ('running', 'cancelling') AND lease_expires_at < $1 ORDER BY id LIMIT 1000 FOR NO KEY UPDATE SKIP LOCKED`,
    [now],
  );
  const queued: number[] = [];
  for (const row of rows) {
    const fence = { agentId: row.agent_id!, epoch: row.lease_epoch };
    const { to, set } = expiryChange(row, now);
    const changed = await transition(sql, row.id, row.state, to, set, fence);
    if (!changed) continue;
    await endAttempt(sql, changed, to, now);
    if (to === 'queued') queued.push(row.id);
    else await settleDependents(sql, row.id, now, queued);
  }
  return { queued, expired: rows.length };
}

/** Agents silent for longer than `silenceMs` are marked lost (they come back online with their next request). */
export async function markSilentAgentsLost(sql: Sql, silenceMs: number, now: number): Promise<number> {
  const { rowCount } = await sql.query(`UPDATE agents SET state = 'lost' WHERE state IN ('online', 'draining') AND last_seen_at < $1`, [now - silenceMs]);
  return rowCount ?? 0;
}
