import type { LeaseReport, LeaseVerdict } from '../../store.js';
import type { Sql } from '../sql.js';

/**
 * Heartbeat: extends the leases an agent still holds (matching agent and epoch)
 * and tells it, per job, whether to go on, cancel, or drop the job; one
 * statement for all its jobs. The agent's own last contact is recorded by
 * authentication, for every agent request.
 */
export async function renewLeases(sql: Sql, agentId: number, reports: LeaseReport[], leaseMs: number, now: number) {
  const { rows } = await sql.query<{ id: number; epoch: number; state: string }>(
    `UPDATE jobs j SET lease_expires_at = $1, batch = COALESCE(r.batch, j.batch)
     FROM unnest($3::bigint[], $4::bigint[], $5::text[]) AS r (id, epoch, batch)
     WHERE j.id = r.id AND j.agent_id = $2 AND j.lease_epoch = r.epoch AND j.state IN ('running', 'cancelling')
     RETURNING j.id, r.epoch, j.state`,
    [
      now + leaseMs,
      agentId,
      reports.map((report) => report.id),
      reports.map((report) => report.epoch),
      reports.map((report) => (report.batch ? JSON.stringify(report.batch) : null)),
    ],
  );
  const held = new Map(rows.map((row) => [`${row.id}:${row.epoch}`, row.state]));
  return reports.map((report) => {
    const state = held.get(`${report.id}:${report.epoch}`);
    const verdict: LeaseVerdict = state === undefined ? 'gone' : state === 'cancelling' ? 'cancel' : 'ok';
    return { id: report.id, epoch: report.epoch, verdict, leaseExpiresAt: state === undefined ? null : now + leaseMs };
  });
}
