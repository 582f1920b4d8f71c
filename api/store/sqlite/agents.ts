import type { Bound, CurrentOffer } from '../../../core/bounds.js';
import { fromRow, type Agent, type AgentOffer, type AgentRow, type AgentState } from '../rows/agents.js';
import type { Db } from './db.js';
import { allRows, json, stmt } from './statements.js';
import { LEASED_STATES } from './jobs/state-indexes.js';

export type { Agent, AgentOffer, AgentState };

export function getAgent(db: Db, id: number): Agent | undefined {
  // Read at every agent request (authentication): a row of arrays made an object costs less.
  const [row] = allRows<AgentRow>(db, 'SELECT * FROM agents WHERE id = ?', id);
  return row && fromRow(row);
}

/** Agents that were not removed, with how many jobs each holds now. */
export function listAgents(db: Db): Array<Agent & { running: number }> {
  return stmt<[], AgentRow & { running: number }>(
    db,
    `SELECT a.*, (SELECT count(*) FROM jobs j WHERE j.agent_id = a.id AND j.${LEASED_STATES}) AS running
     FROM agents a WHERE a.state != 'removed' ORDER BY a.name, a.id`,
  )
    .all()
    .map((row) => ({ ...fromRow(row), running: row.running }));
}

export function insertAgent(
  db: Db,
  agent: Pick<Agent, 'name' | 'labels' | 'slots' | 'memoryMB' | 'executor' | 'site' | 'isolation' | 'trustUserCode' | 'secretHash' | 'bound'> & Partial<Pick<Agent, 'baseDigest'>>,
  now: number,
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO agents (name, labels, slots, memory_mb, executor, site, isolation, trust_user_code, secret_hash,
         bound_labels, bound_slots, bound_memory_mb, base_digest, last_seen_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      agent.name,
      json(agent.labels),
      agent.slots,
      agent.memoryMB,
      agent.executor,
      agent.site,
      agent.isolation,
      agent.trustUserCode ? 1 : 0,
      agent.secretHash,
      agent.bound.labels === null ? null : json(agent.bound.labels),
      agent.bound.slots,
      agent.bound.memoryMB,
      agent.baseDigest ?? null,
      now,
      now,
    ).lastInsertRowid,
  );
}

/**
 * An agent (re)starting says what it offers now; what it leaves out stays as
 * it was, except how it boxes shipped code (an agent that does not say runs
 * none of it unboxed: an older agent has no box) and its base code's digest
 * (one that does not say may have any code: no result is reused on its word).
 */
export function updateAgentOffer(db: Db, id: number, offer: AgentOffer): void {
  stmt(
    db,
    `UPDATE agents SET labels = COALESCE(?, labels), slots = COALESCE(?, slots), memory_mb = COALESCE(?, memory_mb),
       isolation = ?, trust_user_code = ?, base_digest = ? WHERE id = ?`,
  ).run(
    offer.labels ? json(offer.labels) : null,
    offer.slots ?? null,
    offer.memoryMB ?? null,
    offer.isolation ?? 'none',
    offer.trustUserCode ? 1 : 0,
    offer.baseDigest ?? null,
    id,
  );
}

/** Sets a node's bound and what it offers now (within it) together; false for unknown or removed agents. */
export function setAgentBound(db: Db, id: number, bound: Bound, offer: CurrentOffer): boolean {
  return (
    stmt(
      db,
      `UPDATE agents SET bound_labels = ?, bound_slots = ?, bound_memory_mb = ?, labels = ?, slots = ?, memory_mb = ?
       WHERE id = ? AND state != 'removed'`,
    ).run(bound.labels === null ? null : json(bound.labels), bound.slots, bound.memoryMB, json(offer.labels), offer.slots, offer.memoryMB, id)
      .changes === 1
  );
}

/** Marks an agent seen; one that was marked lost is online again. */
export function touchAgent(db: Db, id: number, now: number): void {
  stmt(db, `UPDATE agents SET last_seen_at = ?, state = CASE state WHEN 'lost' THEN 'online' ELSE state END WHERE id = ?`).run(now, id);
}

export function setAgentState(db: Db, id: number, state: AgentState): boolean {
  return stmt(db, `UPDATE agents SET state = ? WHERE id = ? AND state != 'removed'`).run(state, id).changes === 1;
}

/** Replaces an agent's credential: the old one fails from the next request on. False for unknown or removed agents. */
export function setAgentSecret(db: Db, id: number, secretHash: string): boolean {
  return stmt(db, `UPDATE agents SET secret_hash = ? WHERE id = ? AND state != 'removed'`).run(secretHash, id).changes === 1;
}
