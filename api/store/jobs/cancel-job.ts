import type { Db } from '../db.js';
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
  return db.transaction((): CancelResult => {
    const row = getJobRow(db, id);
    if (!row) return { ok: false, row };
    if (row.state === 'cancelling') return { ok: true, row, queued: [] };
    if (row.state === 'running') {
      if (!transition(db, id, 'running', 'cancelling')) return { ok: false, row };
      return { ok: true, row: getJobRow(db, id)!, queued: [] };
    }
    if (!transition(db, id, ['queued', 'waiting'], 'cancelled', { finished_at: now, message: 'cancelled before it started' })) {
      return { ok: false, row };
    }
    return { ok: true, row: getJobRow(db, id)!, queued: settleDependents(db, id, now) };
  }).immediate();
}
