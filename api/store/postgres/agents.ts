import type { Bound, CurrentOffer } from '../../../core/bounds.js';
import { fromRow, type Agent, type AgentOffer, type AgentRow, type AgentState } from '../rows/agents.js';
import type { Sql } from './sql.js';

const json = JSON.stringify;

export async function getAgent(sql: Sql, id: number): Promise<Agent | undefined> {
  const row = (await sql.query<AgentRow>('SELECT * FROM agents WHERE id = $1', [id])).rows[0];
  return row && fromRow(row);
}

/** Agents that were not removed, with how many jobs each holds now. */
export async function listAgents(sql: Sql): Promise<Array<Agent & { running: number }>> {
  const { rows } = await sql.query<AgentRow & { running: number }>(
    `SELECT a.*, (SELECT count(*) FROM jobs j WHERE j.agent_id = a.id AND j.state IN ('running', 'cancelling')) AS running
     FROM agents a WHERE a.state != 'removed' ORDER BY a.name, a.id`,
  );
  return rows.map((row) => ({ ...fromRow(row), running: row.running }));
}

export async function insertAgent(
  sql: Sql,
  agent: Pick<Agent, 'name' | 'labels' | 'slots' | 'memoryMB' | 'executor' | 'site' | 'isolation' | 'trustUserCode' | 'secretHash' | 'bound'> & Partial<Pick<Agent, 'baseDigest'>>,
  now: number,
): Promise<number> {
  const { rows } = await sql.query<{ id: number }>(
    `INSERT INTO agents (name, labels, slots, memory_mb, executor, site, isolation, trust_user_code, secret_hash,
       bound_labels, bound_slots, bound_memory_mb, base_digest, last_seen_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $14, $13, $13) RETURNING id`,
    [
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
      now,
      agent.baseDigest ?? null,
    ],
  );
  return rows[0].id;
}

/**
 * An agent (re)starting says what it offers now; what it leaves out stays as
 * it was, except how it boxes shipped code (an agent that does not say runs
 * none of it unboxed: an older agent has no box) and its base code's digest
 * (one that does not say may have any code: no result is reused on its word).
 */
export async function updateAgentOffer(sql: Sql, id: number, offer: AgentOffer): Promise<void> {
  await sql.query(
    `UPDATE agents SET labels = COALESCE($2, labels), slots = COALESCE($3, slots), memory_mb = COALESCE($4, memory_mb),
       isolation = $5, trust_user_code = $6, base_digest = $7 WHERE id = $1`,
    [
      id,
      offer.labels ? json(offer.labels) : null,
      offer.slots ?? null,
      offer.memoryMB ?? null,
      offer.isolation ?? 'none',
      offer.trustUserCode ? 1 : 0,
      offer.baseDigest ?? null,
    ],
  );
}

/** Sets a node's bound and what it offers now (within it) together; false for unknown or removed agents. */
export async function setAgentBound(sql: Sql, id: number, bound: Bound, offer: CurrentOffer): Promise<boolean> {
  const result = await sql.query(
    `UPDATE agents SET bound_labels = $2, bound_slots = $3, bound_memory_mb = $4, labels = $5, slots = $6, memory_mb = $7
     WHERE id = $1 AND state != 'removed'`,
    [id, bound.labels === null ? null : json(bound.labels), bound.slots, bound.memoryMB, json(offer.labels), offer.slots, offer.memoryMB],
  );
  return result.rowCount === 1;
}

/** Marks an agent seen; one that was marked lost is online again. */
export async function touchAgent(sql: Sql, id: number, now: number): Promise<void> {
  await sql.query(`UPDATE agents SET last_seen_at = $2, state = CASE state WHEN 'lost' THEN 'online' ELSE state END WHERE id = $1`, [id, now]);
}

export async function setAgentState(sql: Sql, id: number, state: AgentState): Promise<boolean> {
  return (await sql.query(`UPDATE agents SET state = $2 WHERE id = $1 AND state != 'removed'`, [id, state])).rowCount === 1;
}

/** Replaces an agent's credential: the old one fails from the next request on. False for unknown or removed agents. */
export async function setAgentSecret(sql: Sql, id: number, secretHash: string): Promise<boolean> {
  return (await sql.query(`UPDATE agents SET secret_hash = $2 WHERE id = $1 AND state != 'removed'`, [id, secretHash])).rowCount === 1;
}
