/**
 * Indexes for the claim path. `jobs_state (state, id)` was rewritten at every
 * claim and finish: a claim moved sixteen entries from `queued` to `running`,
 * their finish from `running` to `succeeded`, a fifth of the pages each such
 * transaction wrote. It now leaves out those two states: running jobs are
 * found through `jobs_leases`, succeeded ones, the bulk of any history, by id,
 * and every other state keeps its index, so a short list (the queue, the
 * failures) is read without walking the history. A query reaches a partial
 * index only when it names its condition word for word.
 *
 * `jobs_leases` leads with the agent: a claim counts the attempts its agent
 * holds (its free slots) by reading that agent's entries alone, not every
 * running job of the fleet; the sweeper, every few seconds, reads them all.
 */
export const stateIndex = `
DROP INDEX jobs_state;
CREATE INDEX jobs_state ON jobs (state, id) WHERE state NOT IN ('running', 'succeeded');
DROP INDEX jobs_leases;
CREATE INDEX jobs_leases ON jobs (agent_id, lease_expires_at) WHERE state IN ('running', 'cancelling');
`;
