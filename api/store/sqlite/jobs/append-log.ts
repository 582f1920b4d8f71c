import { truncationMarker } from '../../log-truncation.js';
import type { Db } from '../db.js';
import { immediate, stmt } from '../statements.js';
import type { Fence } from './transition.js';

export type AppendResult =
  | { ok: true; next: number; truncated: boolean }
  | { ok: false; why: 'not_found' | 'stale' }
  | { ok: false; why: 'gap'; next: number };

/**
 * Appends log bytes the agent sends at `offset` (its own count of bytes sent).
 * Overlap with what is stored is dropped, so a resend after a lost answer is
 * harmless; a gap is refused with the offset the service expects next. Past the
 * per-job cap a marker is stored once and further output is accepted and dropped.
 */
export function appendLog(db: Db, id: number, fence: Fence, offset: number, data: Buffer, cap: number): AppendResult {
  return immediate(db, (): AppendResult => {
    const row = stmt<[number], { agent_id: number | null; lease_epoch: number; state: string; log_size: number; log_truncated: number }>(
      db,
      'SELECT agent_id, lease_epoch, state, log_size, log_truncated FROM jobs WHERE id = ?',
    ).get(id);
    if (!row) return { ok: false, why: 'not_found' };
    if (row.agent_id !== fence.agentId || row.lease_epoch !== fence.epoch || (row.state !== 'running' && row.state !== 'cancelling')) {
      return { ok: false, why: 'stale' };
    }
    if (row.log_truncated) return { ok: true, next: offset + data.length, truncated: true };
    const stored = attemptStart(db, id, fence.epoch);
    const expected = row.log_size - stored;
    if (offset > expected) return { ok: false, why: 'gap', next: expected };
    let fresh = data.subarray(expected - offset);
    if (fresh.length === 0) return { ok: true, next: expected, truncated: false };
    let truncated = false;
    if (row.log_size + fresh.length > cap) {
      fresh = Buffer.concat([fresh.subarray(0, Math.max(0, cap - row.log_size)), truncationMarker(cap)]);
      truncated = true;
    }
    stmt(db, 'INSERT INTO log_chunks (job_id, offset, data) VALUES (?, ?, ?)').run(id, row.log_size, fresh);
    stmt(db, 'UPDATE jobs SET log_size = log_size + ?, log_truncated = ? WHERE id = ?').run(fresh.length, truncated ? 1 : 0, id);
    return { ok: true, next: truncated ? offset + data.length : expected + fresh.length, truncated };
  });
}

/**
 * Where this attempt's output starts in the job's log: a retried job keeps the
 * log of earlier attempts, and each attempt's agent counts its offsets from zero.
 */
function attemptStart(db: Db, id: number, epoch: number): number {
  const mark = stmt<[number, number], { start: number }>(db, 'SELECT start FROM log_attempts WHERE job_id = ? AND epoch = ?').get(id, epoch);
  if (mark) return mark.start;
  const size = stmt<[number], { log_size: number }>(db, 'SELECT log_size FROM jobs WHERE id = ?').get(id)!.log_size;
  stmt(db, 'INSERT INTO log_attempts (job_id, epoch, start) VALUES (?, ?, ?)').run(id, epoch, size);
  return size;
}
