import type { Db } from '../db.js';
import { immediate, json, stmt } from '../statements.js';

export interface LeaseReport {
  id: number;
  epoch: number;
  batch?: Record<string, unknown> | null;
}

/** `ok`: keep going; `cancel`: stop the recipe and finish as cancelled; `gone`: the lease is lost, stop and report nothing. */
export type LeaseVerdict = 'ok' | 'cancel' | 'gone';

/**
 * Heartbeat: extends the leases an agent still holds (matching agent and epoch)
 * and tells it, per job, whether to go on, cancel, or drop the job. The agent's
 * own last contact is recorded by authentication, for every agent request.
 */
export function renewLeases(db: Db, agentId: number, reports: LeaseReport[], leaseMs: number, now: number) {
  return immediate(db, () => {
    return reports.map((report) => {
      const row = stmt<[number, string | null, number, number, number], { state: string }>(
        db,
        `UPDATE jobs SET lease_expires_at = ?, batch = COALESCE(?, batch)
         WHERE id = ? AND agent_id = ? AND lease_epoch = ? AND state IN ('running', 'cancelling')
         RETURNING state`,
      ).get(now + leaseMs, report.batch ? json(report.batch) : null, report.id, agentId, report.epoch);
      const verdict: LeaseVerdict = !row ? 'gone' : row.state === 'cancelling' ? 'cancel' : 'ok';
      return { id: report.id, epoch: report.epoch, verdict, leaseExpiresAt: row ? now + leaseMs : null };
    });
  });
}
