import type { CancelResult } from '../../store.js';
import type { Sql } from '../sql.js';
import { lockJobRow } from './job-row.js';
import { settleDependents } from './settle-dependents.js';
import { transition } from './transition.js';

/**
 * A job that has not started is cancelled at once; a running one becomes
 * `cancelling` and its agent learns of it with its next heartbeat. Cancelling a
 * job that is already cancelling is a no-op; a finished job cannot be cancelled.
 * The row is locked as it is read, so a claim or finish at the same moment on
 * another replica is decided before, or after, this cancel.
 */
export async function cancelJob(sql: Sql, id: number, now: number): Promise<CancelResult> {
  const row = await lockJobRow(sql, id);
  if (!row) return { ok: false, row };
  if (row.state === 'cancelling') return { ok: true, row, queued: [] };
  if (row.state === 'running') {
    const cancelling = await transition(sql, id, 'running', 'cancelling');
    return cancelling ? { ok: true, row: cancelling, queued: [] } : { ok: false, row };
  }
  const cancelled = await transition(sql, id, ['queued', 'waiting'], 'cancelled', { finished_at: now, message: 'cancelled before it started' });
  return cancelled ? { ok: true, row: cancelled, queued: await settleDependents(sql, id, now) } : { ok: false, row };
}
