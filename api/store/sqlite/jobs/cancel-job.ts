import type { Db } from '../db.js';
import { immediate } from '../statements.js';
import { getJobRow, type JobRow } from './job-row.js';
import { settleDependents } from './settle-dependents.js';
import { transition } from './transition.js';

export type CancelResult = { ok: true; row: JobRow; queued: number[] } | { ok: false; row: JobRow | undefined };

/**
 * A job that has not started is cancelled at once; a running one becomes
 * `cancelling` and its agent learns of it with its next heartbeat. Cancelling a
 * job that is already cancelling is a no-op; a finished job cannot be cancelled.
 */
export function cancelJob(db: Db, id: number, now: number): CancelResult {
  return immediate(db, (): CancelResult => {
    const row = getJobRow(db, id);
    if (!row) return { ok: false, row };
    if (row.state === 'cancelling') return { ok: true, row, queued: [] };
    if (row.state === 'running') {
      const cancelling = transition(db, id, 'running', 'cancelling');
      return cancelling ? { ok: true, row: cancelling, queued: [] } : { ok: false, row };
    }
    const cancelled = transition(db, id, ['queued', 'waiting'], 'cancelled', { finished_at: now, message: 'cancelled before it started' });
    return cancelled ? { ok: true, row: cancelled, queued: settleDependents(db, id, now) } : { ok: false, row };
  });
}
