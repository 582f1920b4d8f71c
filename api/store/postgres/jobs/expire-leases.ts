import type { Sql } from '../sql.js';
import type { JobRow } from '../../store.js';
import { settleDependents } from './settle-dependents.js';
import { transition } from './transition.js';

/**
 * The sweeper's work on jobs: a lease that expired means the agent vanished.
 * The job goes back to the queue if attempts are left, else fails as `lost`; a
 * job whose cancel was pending is cancelled. Returns ids to wake agents for and
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
    const message = `lease expired on agent ${row.agent_id} (attempt ${row.attempts})`;
    if (row.state === 'cancelling') {
      if (await transition(sql, row.id, 'cancelling', 'cancelled', { finished_at: now, message, lease_expires_at: null }, fence)) {
        await settleDependents(sql, row.id, now, queued);
      }
    } else if (row.attempts < row.max_attempts) {
      if (await transition(sql, row.id, 'running', 'queued', { message: `${message}; requeued`, lease_expires_at: null }, fence)) {
        queued.push(row.id);
      }
    } else if (
      await transition(sql, row.id, 'running', 'failed', { failure_reason: 'lost', message, finished_at: now, lease_expires_at: null }, fence)
    ) {
      await settleDependents(sql, row.id, now, queued);
    }
  }
  return { queued, expired: rows.length };
}

/** Agents silent for longer than `silenceMs` are marked lost (they come back online with their next request). */
export async function markSilentAgentsLost(sql: Sql, silenceMs: number, now: number): Promise<number> {
  const { rowCount } = await sql.query(`UPDATE agents SET state = 'lost' WHERE state IN ('online', 'draining') AND last_seen_at < $1`, [now - silenceMs]);
  return rowCount ?? 0;
}
