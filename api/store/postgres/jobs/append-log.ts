import { truncationMarker } from '../../log-truncation.js';
import type { AppendResult, Fence } from '../../store.js';
import type { Sql } from '../sql.js';
import { attemptLogStart } from './attempts.js';

/**
 * Appends log bytes the agent sends at `offset` (its own count of bytes sent).
 * Overlap with what is stored is dropped, so a resend after a lost answer is
 * harmless; a gap is refused with the offset the service expects next. Past the
 * per-job cap a marker is stored once and further output is accepted and dropped.
 * The job's row is locked as it is read: two sends of one attempt arriving at
 * once on two replicas are applied one after the other, never at one offset.
 */
export async function appendLog(sql: Sql, id: number, fence: Fence, offset: number, data: Buffer, cap: number): Promise<AppendResult> {
  const { rows } = await sql.query<{ agent_id: number | null; lease_epoch: number; state: string; log_size: number; log_truncated: number }>(
    'SELECT agent_id, lease_epoch, state, log_size, log_truncated FROM jobs WHERE id = $1 FOR NO KEY UPDATE',
    [id],
  );
  const row = rows[0];
  if (!row) return { ok: false, why: 'not_found' };
  if (row.agent_id !== fence.agentId || row.lease_epoch !== fence.epoch || (row.state !== 'running' && row.state !== 'cancelling')) {
    return { ok: false, why: 'stale' };
  }
  if (row.log_truncated) return { ok: true, next: offset + data.length, truncated: true };
  // A retried job keeps the log of earlier attempts, and each attempt's agent counts its offsets from zero.
  const stored = (await attemptLogStart(sql, id, fence.epoch))!;
  const expected = row.log_size - stored;
  if (offset > expected) return { ok: false, why: 'gap', next: expected };
  let fresh = data.subarray(expected - offset);
  if (fresh.length === 0) return { ok: true, next: expected, truncated: false };
  let truncated = false;
  if (row.log_size + fresh.length > cap) {
    fresh = Buffer.concat([fresh.subarray(0, Math.max(0, cap - row.log_size)), truncationMarker(cap)]);
    truncated = true;
  }
  await sql.query('INSERT INTO log_chunks (job_id, "offset", data) VALUES ($1, $2, $3)', [id, row.log_size, fresh]);
  await sql.query('UPDATE jobs SET log_size = log_size + $1, log_truncated = $2 WHERE id = $3', [fresh.length, truncated ? 1 : 0, id]);
  return { ok: true, next: truncated ? offset + data.length : expected + fresh.length, truncated };
}
